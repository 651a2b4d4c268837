import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { Time } from '../Time.tsx';
import { NotificationSettings } from './NotificationSettings.tsx';
import { SignatureEditor } from '../../agent/signature/SignatureEditor.tsx';
import { useMarkRead, type AppNotification, type useNotificationList } from './useNotifications.ts';

type Tab = 'list' | 'settings';

/** The bell's panel: the inbox (newest first, load more, mark read) and the delivery settings. */
export function NotificationPanel({
  id,
  list,
  onClose,
}: {
  id: string;
  list: ReturnType<typeof useNotificationList>;
  onClose: (focusBell?: boolean) => void;
}) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('list');
  const mark = useMarkRead();
  const navigate = useNavigate();
  const head = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    head.current?.focus();
  }, []);
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  const unread = list.data?.pages[0]?.unread_count ?? 0;
  const open = (n: AppNotification) => {
    if (!n.read_at) mark.mutate({ ids: [n.id] });
    onClose(false);
    if (n.ticket_number != null) navigate(`/agent/tickets/${n.ticket_number}`);
  };
  const tabs: Tab[] = ['list', 'settings'];
  return (
    <div className="bell-panel" id={id} role="dialog" aria-labelledby={`${id}-h`} data-testid="bell-panel">
      <div className="bell-head">
        <h2 id={`${id}-h`} tabIndex={-1} ref={head}>
          {t('notifications.title')}
        </h2>
        {tab === 'list' && unread > 0 && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => mark.mutate({ all: true })} disabled={mark.isPending}>
            {t('notifications.mark_all_read')}
          </button>
        )}
      </div>
      <div className="tabs tabs-sm" role="tablist">
        {tabs.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            id={`${id}-tab-${x}`}
            aria-selected={tab === x}
            aria-controls={`${id}-pane`}
            className={tab === x ? 'tab active' : 'tab'}
            onClick={() => setTab(x)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                const next = tabs[(tabs.indexOf(x) + 1) % 2];
                setTab(next);
                document.getElementById(`${id}-tab-${next}`)?.focus();
              }
            }}
          >
            {t(`notifications.tab_${x}`)}
          </button>
        ))}
      </div>
      <div id={`${id}-pane`} role="tabpanel" aria-labelledby={`${id}-tab-${tab}`} className="bell-body">
        {tab === 'settings' ? (
          <>
            <NotificationSettings />
            <div className="bell-settings">
              <h3 className="bell-subhead">{t('signature.title')}</h3>
              <SignatureEditor />
            </div>
          </>
        ) : (
          <>
            {list.isError && <ErrorBanner error={list.error} onRetry={() => void list.refetch()} />}
            {mark.isError && <ErrorBanner error={mark.error} />}
            {list.isSuccess && !items.length && <p className="muted bell-empty">{t('notifications.empty')}</p>}
            <ul className="bell-list">
              {items.map((n) => (
                <li key={n.id} className={n.read_at ? 'read' : 'unread'} data-testid="notification">
                  <a
                    href={n.ticket_number != null ? `/agent/tickets/${n.ticket_number}` : undefined}
                    onClick={(e) => {
                      if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                      e.preventDefault();
                      open(n);
                    }}
                  >
                    {!n.read_at && <span className="dot" aria-label={t('notifications.unread')} role="img" />}
                    <span className="bell-text">{n.text}</span>
                    <span className="muted bell-time">
                      <Time value={n.created_at} relative />
                    </span>
                  </a>
                </li>
              ))}
            </ul>
            {list.hasNextPage && (
              <button
                type="button"
                className="btn btn-sm bell-more"
                onClick={() => void list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
              >
                {t('notifications.load_more')}
              </button>
            )}
          </>
        )}
      </div>
    </div>
  );
}

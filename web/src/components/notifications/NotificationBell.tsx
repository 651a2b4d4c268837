import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NotificationPanel } from './NotificationPanel.tsx';
import { useNotificationList } from './useNotifications.ts';
import './notifications.css';

/** The bell in the console header (staff only): the unread count, pushed live; opens the inbox and settings. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const list = useNotificationList();
  const unread = list.data?.pages[0]?.unread_count ?? 0;
  const shown = unread > 99 ? t('notifications.many') : String(unread);
  const button = useRef<HTMLButtonElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const close = (focusBell = true) => {
    setOpen(false);
    if (focusBell) button.current?.focus();
  };
  // A click outside closes the panel (focus stays where the click put it).
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  return (
    <div
      className="bell-wrap"
      ref={box}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        type="button"
        ref={button}
        className={`bell${unread ? ' has-unread' : ''}`}
        data-testid="bell"
        aria-label={unread ? t('notifications.bell_unread', { count: unread }) : t('notifications.bell')}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((x) => !x)}
      >
        <svg
          width="18"
          height="18"
          viewBox="0 0 24 24"
          fill="none"
          stroke="currentColor"
          strokeWidth={1.8}
          strokeLinecap="round"
          strokeLinejoin="round"
          aria-hidden="true"
          focusable="false"
        >
          <path d="M18 8a6 6 0 1 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.73 21a2 2 0 0 1-3.46 0" />
        </svg>
        {unread > 0 && (
          <span className="bell-count" data-testid="bell-count" aria-hidden="true">
            {shown}
          </span>
        )}
      </button>
      {open && <NotificationPanel id={panelId} list={list} onClose={close} />}
    </div>
  );
}

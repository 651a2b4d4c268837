import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../api/types.ts';

/**
 * Messages whose remote images the viewer chose to show, for this tab only: never stored, so a
 * reload (or another device) blocks them again (docs/mail-display.md).
 */
const remoteAllowed = new Set<number>();

/**
 * A message written as HTML, in a sandboxed frame served by GET /messages/{id}/html: no script can
 * run in it, remote images load only after "Show images", quoted history is folded behind "…".
 * The frame is same-origin (no scripts), so its height follows its content.
 */
export function MessageFrame({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const [remote, setRemote] = useState(() => remoteAllowed.has(message.id));
  const [height, setHeight] = useState(40);
  const ref = useRef<HTMLIFrameElement>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const lang = i18n.language?.startsWith('zh') ? 'zh-CN' : 'en';
  const src = `/api/v1/messages/${message.id}/html?lang=${lang}${remote ? '&remote_images=1' : ''}`;

  const measure = useCallback(() => {
    const doc = ref.current?.contentDocument;
    if (!doc?.documentElement) return;
    setHeight(Math.max(20, Math.ceil(doc.documentElement.getBoundingClientRect().height)));
  }, []);
  const onLoad = () => {
    observer.current?.disconnect();
    const doc = ref.current?.contentDocument;
    if (!doc?.body) return;
    measure();
    observer.current = new ResizeObserver(measure);
    observer.current.observe(doc.body);
  };
  useEffect(() => () => observer.current?.disconnect(), []);

  return (
    <div className="mail-frame-wrap">
      {message.remote_images && !remote && (
        <div className="remote-bar" role="status" data-testid="remote-images-blocked">
          <span>{t('mail.remote_blocked')}</span>
          <button
            type="button"
            className="btn btn-sm"
            onClick={() => {
              remoteAllowed.add(message.id);
              setRemote(true);
            }}
          >
            {t('mail.show_images')}
          </button>
        </div>
      )}
      <iframe
        ref={ref}
        className="mail-frame"
        src={src}
        title={t('mail.frame_title', { name: message.author?.name ?? t('ticket.system') })}
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        referrerPolicy="no-referrer"
        style={{ height }}
        onLoad={onLoad}
        data-testid="mail-frame"
      />
    </div>
  );
}

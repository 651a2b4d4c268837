import { useTranslation } from 'react-i18next';
import type { Viewer } from './usePresence.ts';
import { Icon } from '../../components/Icon.tsx';
import './ticketLive.css';

/** "Li Lei is viewing", "Wang Fang is typing…" — the other agents who have this ticket open right now. */
export function PresenceNotice({ viewers }: { viewers: Viewer[] }) {
  const { t } = useTranslation();
  if (!viewers.length) return null;
  return (
    <div className="presence-line" role="status" aria-label={t('agent.presence.label')} data-testid="presence">
      {viewers.map((v) => (
        <span key={v.id} className={`presence-chip${v.typing ? ' typing' : ''}`} data-testid="presence-viewer">
          <Icon name={v.typing ? 'sparkle' : 'eye'} />
          {v.typing ? t('agent.presence.typing', { name: v.name }) : t('agent.presence.viewing', { name: v.name })}
        </span>
      ))}
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import type { Viewer } from './usePresence.ts';
import { Icon } from '../../components/Icon.tsx';

/** "Wang Fang is also viewing this ticket (replying)" — shown when another agent has it open. */
export function PresenceNotice({ viewers }: { viewers: Viewer[] }) {
  const { t } = useTranslation();
  if (!viewers.length) return null;
  const names = viewers.map((v) => v.name).join(t('common.list_separator'));
  const composing = viewers.some((v) => v.composing);
  return (
    <div className="banner banner-warn" role="status" data-testid="presence">
      <Icon name="eye" /> {composing ? t('agent.presence.composing', { names, count: viewers.length }) : t('agent.presence.viewing', { names, count: viewers.length })}
    </div>
  );
}

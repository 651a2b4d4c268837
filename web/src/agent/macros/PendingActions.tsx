import { useTranslation } from 'react-i18next';
import { useGroups, useStaff } from '../ticket/useStaff.ts';
import { actionChips } from './actionChips.ts';
import type { MacroActions } from './macroApi.ts';

/** The actions a macro queued, as chips the agent can remove before sending. */
export function PendingActions({ actions, onChange, from }: { actions: MacroActions; onChange: (a: MacroActions) => void; from: string }) {
  const { t } = useTranslation();
  const groups = useGroups().data;
  const staff = useStaff().data;
  const chips = actionChips(actions, t, { groups, staff });
  if (!chips.length) return null;
  return (
    <div className="macro-pending" role="group" aria-label={t('macros.pending.title')} data-testid="macro-pending">
      <span className="macro-pending-label">{t('macros.pending.label', { name: from })}</span>
      <ul className="chips">
        {chips.map((c) => (
          <li key={c.key} className="chip">
            {c.label}
            <button
              type="button"
              className="chip-x"
              aria-label={t('macros.pending.remove', { action: c.label })}
              onClick={() => onChange(c.remove(actions))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

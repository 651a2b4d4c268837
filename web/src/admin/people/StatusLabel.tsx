import { useTranslation } from 'react-i18next';
import { isLocked, type PersonAccount } from './types.ts';

const TONE = { active: 'ok', invited: 'note', deactivated: 'subtle' } as const;

/** The account's state as labels (never a button): Active / Invited / Deactivated, and Locked while the sign-in lock lasts. */
export function StatusLabel({ person }: { person: PersonAccount }) {
  const { t } = useTranslation();
  return (
    <span className="btn-row" style={{ marginTop: 0, gap: 4 }}>
      <span className={`badge ${TONE[person.status]}`} data-testid="person-status">
        {t(`admin.people.status.${person.status}`)}
      </span>
      {isLocked(person) && (
        <span className="badge warn" data-testid="person-locked">
          {t('admin.people.status.locked')}
        </span>
      )}
    </span>
  );
}

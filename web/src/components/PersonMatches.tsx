import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.ts';
import type { Person } from '../api/types.ts';

/** People whose name or address matches what was typed (two characters or more), six at most. */
export function usePersonSearch(text: string, enabled = true) {
  const q = text.trim();
  return useQuery({
    queryKey: ['people', 'search', q],
    enabled: enabled && q.length >= 2,
    queryFn: () => api.get<Page<Person>>('/people', { q, limit: 6 }),
  });
}

/** The matches of a person search as buttons (name, address, role for staff), or a line saying nobody matches. */
export function PersonMatches({
  people,
  label,
  nobody,
  onPick,
  small,
}: {
  people: Person[];
  label: string;
  nobody: string;
  onPick: (p: Person) => void;
  small?: boolean;
}) {
  const { t } = useTranslation();
  if (!people.length)
    return (
      <p className="muted" role="status">
        {nobody}
      </p>
    );
  return (
    <ul className="person-matches" aria-label={label}>
      {people.map((m) => (
        <li key={m.id}>
          <button type="button" className={small ? 'btn btn-ghost btn-sm' : 'btn btn-ghost'} onClick={() => onPick(m)}>
            <strong>{m.name}</strong> <span className="muted">{m.email}</span>{' '}
            {m.role !== 'customer' && <span className="badge subtle">{t(`role.${m.role}`, { defaultValue: m.role })}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}

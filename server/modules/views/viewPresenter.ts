import { t } from '../../i18n/index.ts';
import type { Principal } from '../auth/principal.ts';
import type { ViewRow } from './viewRepository.ts';

/** Row -> API JSON. A built-in view that was never renamed is named in the reader's language. */
export function presentView(v: ViewRow, actor: Principal, count?: { count: number; capped: boolean }) {
  return {
    id: v.id,
    key: v.key,
    name: v.name ?? t(actor.locale, `views.builtin.${v.key}`),
    renamed: v.key != null && v.name != null,
    filters: v.filters,
    shared: v.shared,
    owner_id: v.owner_id,
    pinned: v.pinned,
    position: v.position,
    ...(count ? { count: count.count, ...(count.capped ? { count_capped: true } : {}) } : {}),
    created_at: v.created_at,
    updated_at: v.updated_at,
  };
}

import type { Principal } from '../auth/principal.ts';
import { macroPolicy } from './macroPolicy.ts';
import type { MacroRow } from './macroRepository.ts';

/** Row → API JSON. `usage_count` counts every use; `my_usage_count` the reader's own (the list's order). */
export function presentMacro(m: MacroRow, actor: Principal) {
  return {
    id: m.id,
    name: m.name,
    body: { en: m.body_en, 'zh-CN': m.body_zh },
    actions: m.actions ?? {},
    shared: m.owner_id == null,
    owner_id: m.owner_id,
    usage_count: m.usage_count,
    my_usage_count: m.my_uses,
    last_used_at: m.last_used_at,
    can_edit: macroPolicy.canEdit(actor, m),
    created_at: m.created_at,
    updated_at: m.updated_at,
  };
}
export type PresentedMacro = ReturnType<typeof presentMacro>;

import type { TFunction } from 'i18next';
import type { Group, Person } from '../../api/types.ts';
import type { MacroActions } from './macroApi.ts';
import { priorityLabel } from '../../components/priority.ts';

/** One removable piece of a macro's actions: a key, or one tag of a tag list. */
export interface ActionChip {
  key: string;
  label: string;
  remove: (a: MacroActions) => MacroActions;
}

/** The actions as short sentences, one per chip, in the reader's language. */
export function actionChips(a: MacroActions, t: TFunction, names: { groups?: Group[]; staff?: Person[] } = {}): ActionChip[] {
  const out: ActionChip[] = [];
  const without = (k: keyof MacroActions) => (x: MacroActions) => {
    const y = { ...x };
    delete y[k];
    return y;
  };
  if (a.status)
    out.push({ key: 'status', label: t('macros.action.status', { status: t(`status.${a.status}`) }), remove: without('status') });
  if (a.priority)
    out.push({
      key: 'priority',
      label: t('macros.action.priority', { priority: priorityLabel(t, a.priority) }),
      remove: without('priority'),
    });
  if (a.group_id !== undefined) {
    const g = names.groups?.find((x) => x.id === a.group_id);
    out.push({
      key: 'group',
      label: a.group_id === null ? t('macros.action.no_group') : t('macros.action.group', { group: g?.name ?? `#${a.group_id}` }),
      remove: without('group_id'),
    });
  }
  if (a.assignee_id !== undefined) {
    const p = names.staff?.find((x) => x.id === a.assignee_id);
    out.push({
      key: 'assignee',
      label: a.assignee_id === null ? t('macros.action.unassign') : t('macros.action.assign', { name: p?.name ?? `#${a.assignee_id}` }),
      remove: without('assignee_id'),
    });
  }
  for (const tag of a.tags_add ?? [])
    out.push({
      key: `add:${tag}`,
      label: t('macros.action.tag_add', { tag }),
      remove: (x) => ({ ...x, tags_add: (x.tags_add ?? []).filter((y) => y !== tag) }),
    });
  for (const tag of a.tags_remove ?? [])
    out.push({
      key: `remove:${tag}`,
      label: t('macros.action.tag_remove', { tag }),
      remove: (x) => ({ ...x, tags_remove: (x.tags_remove ?? []).filter((y) => y !== tag) }),
    });
  return out;
}

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import type { ApiResponse, Status } from '../../api/types.ts';

/** The macros API (docs/macros.md); the shapes come from the generated OpenAPI types. */
export type Macro = ApiResponse<'/api/v1/macros/{id}', 'get'>;
export type MacroActions = Macro['actions'];
export type MacroLanguage = keyof Macro['body'];
export type AppliedMacro = ApiResponse<'/api/v1/tickets/{id}/macros/{macro_id}', 'post'>;
export interface MacroInput {
  name: string;
  body: Partial<Record<MacroLanguage, string>>;
  actions: MacroActions;
  shared?: boolean;
}

export const MACRO_STATUSES: Exclude<Status, 'new'>[] = ['open', 'pending', 'on_hold', 'solved', 'closed'];
/** What the server fills in (server/domain/macros/render.ts), for the editor's hint. */
export const MACRO_PLACEHOLDERS = [
  'requester.name',
  'requester.first_name',
  'requester.email',
  'ticket.number',
  'ticket.subject',
  'agent.name',
  'organization.name',
];

export const macrosKey = ['macros'] as const;

export function useMacros(enabled = true) {
  return useQuery({
    queryKey: macrosKey,
    enabled,
    staleTime: 30_000,
    queryFn: () => api.get<{ data: Macro[] }>('/macros').then((r) => r.data),
  });
}

export function useMacroRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: macrosKey });
}

export const macroApi = {
  create: (m: MacroInput) => api.post<Macro>('/macros', m),
  update: (id: number, m: Partial<MacroInput>) => api.patch<Macro>(`/macros/${id}`, m),
  remove: (id: number) => api.del(`/macros/${id}`),
  apply: (ticketId: number, macroId: number) => api.post<AppliedMacro>(`/tickets/${ticketId}/macros/${macroId}`),
};

/** Actions merged: a later macro's keys win, tags add up (a tag added by one and removed by the other goes with the later). */
export function mergeActions(a: MacroActions, b: MacroActions): MacroActions {
  const out: MacroActions = { ...a, ...b };
  const add = new Set([...(a.tags_add ?? []).filter((x) => !b.tags_remove?.includes(x)), ...(b.tags_add ?? [])]);
  const remove = new Set([...(a.tags_remove ?? []).filter((x) => !b.tags_add?.includes(x)), ...(b.tags_remove ?? [])]);
  if (add.size) out.tags_add = [...add];
  else delete out.tags_add;
  if (remove.size) out.tags_remove = [...remove];
  else delete out.tags_remove;
  return out;
}

export const hasActions = (a: MacroActions | null | undefined) =>
  !!a &&
  Object.keys(a).some((k) => {
    const v = a[k as keyof MacroActions];
    return Array.isArray(v) ? v.length > 0 : v !== undefined;
  });

import { api } from '../../api/client.ts';

/** What `POST /api/v1/tickets/bulk` takes (docs/views.md). */
export interface BulkUpdate {
  status?: string;
  priority?: string;
  group_id?: number | null;
  assignee_id?: number | null;
  add_tags?: string[];
  remove_tags?: string[];
  merge_into?: number;
}
export interface BulkResult {
  id: number;
  number: number | null;
  ok: boolean;
  error: { code: string; message: string } | null;
}

/** The most tickets one call may change; bigger selections go in several calls. */
export const BULK_MAX = 100;

/** Sends the change in calls of 100, one after another, and gathers each ticket's result. */
export async function runBulk(ids: number[], update: BulkUpdate, onProgress?: (done: number) => void): Promise<BulkResult[]> {
  const out: BulkResult[] = [];
  for (let i = 0; i < ids.length; i += BULK_MAX) {
    const r = await api.post<{ data: BulkResult[] }>('/tickets/bulk', { ids: ids.slice(i, i + BULK_MAX), update });
    out.push(...r.data);
    onProgress?.(out.length);
  }
  return out;
}

import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { TICKET_CATEGORIES, type FormCategory } from '../../domain/entitlement/entitlement.ts';

/** The settings row that holds the desk's ticket categories (written by presets, docs/forms.md). */
export const DESK_CATEGORIES_KEY = 'tickets.categories';

export const deskCategoriesSchema = z
  .array(z.object({ key: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/), technical: z.boolean() }).strict())
  .min(1)
  .max(50);

/** The stored list, or null when the desk has none yet (a preset's list then becomes the desk's). */
export async function storedDeskCategories(q: Queryable): Promise<FormCategory[] | null> {
  const rows = await q.query<{ value: unknown }>(`select value from settings where key = $1`, [DESK_CATEGORIES_KEY], { prepare: true });
  const parsed = rows[0] ? deskCategoriesSchema.safeParse(rows[0].value) : null;
  return parsed?.success ? parsed.data : null;
}

/**
 * The categories this desk offers, in order: the `tickets.categories` setting when it holds a valid
 * list (a preset wrote it), else the built-in list. A damaged value falls back rather than leaving
 * customers without categories.
 */
export async function deskCategories(q: Queryable): Promise<FormCategory[]> {
  return (await storedDeskCategories(q)) ?? TICKET_CATEGORIES.map((c) => ({ key: c.key, technical: c.technical }));
}

import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { kbPolicy } from './kbPolicy.ts';
import { kbRepository } from './kbRepository.ts';

/** Deletes a help center category (admins); its articles stay, without a category. */
export async function deleteCategory(q: Queryable, o: { actor: Principal; id: number }) {
  kbPolicy.categories(o.actor);
  if (!(await kbRepository.deleteCategory(q, o.id))) throw notFound('Help center category', o.id);
}

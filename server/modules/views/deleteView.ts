import type { Db } from '../../db/client.ts';
import type { Principal } from '../auth/principal.ts';
import { findView } from './getView.ts';
import { viewPolicy } from './viewPolicy.ts';
import { viewRepository } from './viewRepository.ts';

/** Deletes one's own view, or (admins) a shared one, built-in ones included; pins on it go with it. */
export async function deleteView(db: Db, opts: { actor: Principal; ref: number | string }) {
  const v = await findView(db, opts.actor, opts.ref);
  viewPolicy.assertMayEdit(opts.actor, v);
  await viewRepository.remove(db, v.id);
}

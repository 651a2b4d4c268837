import type { Db } from '../../db/client.ts';
import { text, unprocessable } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { findView, getView } from './getView.ts';
import { viewRepository } from './viewRepository.ts';

/** Makes a view the agent's landing view (/agent opens it), replacing the previous pin; `pinned: false` removes it. */
export async function pinView(db: Db, opts: { actor: Principal; ref: number | string; pinned: boolean }) {
  const v = await findView(db, opts.actor, opts.ref);
  if (opts.actor.personId == null) throw unprocessable(text('views.errors.pin_person_only'));
  if (opts.pinned) await viewRepository.pin(db, opts.actor.personId, v.id);
  else await viewRepository.unpin(db, opts.actor.personId, v.id);
  return getView(db, { actor: opts.actor, ref: v.id });
}

import type { Db } from '../../db/client.ts';
import { conflict, forbidden, notFound, text } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { decodeCursor, page, pgCode } from '../shared/cursor.ts';
import { organizationPolicy } from './organizationPolicy.ts';
import { presentAsset } from './organizationPresenter.ts';
import { organizationRepository } from './organizationRepository.ts';

async function visibleOrg(db: Db, actor: Principal, id: number) {
  if (!organizationPolicy.canSee(actor, id) || !(await organizationRepository.get(db, id))) throw notFound('Organization', id);
}

export async function addAsset(
  db: Db,
  opts: { actor: Principal; organizationId: number; kind: string; name: string; expectedNameservers?: string[] | null },
) {
  await visibleOrg(db, opts.actor, opts.organizationId);
  if (!organizationPolicy.canEdit(opts.actor)) throw forbidden(text('organizations.errors.assets_add_staff_only'));
  const name = opts.kind === 'domain' ? opts.name.trim().toLowerCase().replace(/\.$/, '') : opts.name.trim();
  try {
    const expectedNameservers =
      opts.kind === 'domain' ? [...new Set((opts.expectedNameservers ?? []).map((n) => n.trim().toLowerCase().replace(/\.$/, '')))] : null;
    return presentAsset(
      await organizationRepository.insertAsset(db, { organizationId: opts.organizationId, kind: opts.kind, name, expectedNameservers }),
    );
  } catch (e) {
    if (pgCode(e) === '23505')
      throw conflict(text(opts.kind === 'product' ? 'organizations.errors.product_taken' : 'organizations.errors.domain_taken', { name }), {
        field: 'name',
      });
    throw e;
  }
}

export async function listAssets(db: Db, opts: { actor: Principal; organizationId: number; cursor?: string; limit: number }) {
  await visibleOrg(db, opts.actor, opts.organizationId);
  const after = decodeCursor(opts.cursor, 1) as [number] | null;
  const rows = await organizationRepository.listAssets(db, opts.organizationId, after?.[0] ?? null, opts.limit + 1);
  const p = page(rows, opts.limit, (r) => [r.id]);
  return { data: p.data.map(presentAsset), next_cursor: p.next_cursor };
}

export async function removeAsset(db: Db, opts: { actor: Principal; organizationId: number; assetId: number }) {
  await visibleOrg(db, opts.actor, opts.organizationId);
  if (!organizationPolicy.canEdit(opts.actor)) throw forbidden(text('organizations.errors.assets_remove_staff_only'));
  const a = await organizationRepository.getAsset(db, opts.assetId);
  if (!a || a.organization_id !== opts.organizationId) throw notFound('Asset', opts.assetId);
  try {
    await organizationRepository.deleteAsset(db, opts.assetId);
  } catch (e) {
    if (pgCode(e) === '23503') throw conflict(text('organizations.errors.asset_in_use'));
    throw e;
  }
}

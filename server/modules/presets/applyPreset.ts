import type { Db } from '../../db/client.ts';
import { conflict, forbidden, notFound, text } from '../../errors.ts';
import { loadTicketFields } from '../fields/ticketFieldCache.ts';
import { ticketFieldRepository } from '../fields/ticketFieldRepository.ts';
import { isAdmin, type Principal } from '../auth/principal.ts';
import { invalidateSlaConfig } from '../sla/slaConfig.ts';
import { requestRecompute } from '../sla/policies.ts';
import { businessHours } from './businessHours.ts';
import { applyPresetArticles } from './helpArticles.ts';
import { DESK_CATEGORIES_KEY, storedDeskCategories } from '../plans/deskCategories.ts';
import { mergeDeskCategories } from '../../domain/entitlement/entitlement.ts';
import type { Preset } from './presetTypes.ts';
import { tieredSupport } from './tieredSupport.ts';

export const PRESETS: Record<string, Preset> = { [tieredSupport.name]: tieredSupport, [businessHours.name]: businessHours };

export const presentPreset = (p: Preset) => ({
  name: p.name,
  description: p.description,
  plans: p.plans.map((x) => x.name),
  policies: p.policies.map((x) => x.name),
  ticket_fields: (p.ticketFields ?? []).map((x) => x.key),
});

/**
 * Creates or updates the preset's plans (by key), calendars and policies (by name) in one
 * transaction. Applying twice changes nothing. Open tickets keep their policy unless `recompute`.
 *
 * A ticket takes the first policy that matches it, so a preset's new policies go after every policy
 * the desk already has, in the preset's own order: a second preset never shadows the first one's
 * policies (a catch-all such as "Standard response" becomes the fallback). A policy the desk already
 * has by name keeps its place, which the admin may have changed.
 */
export async function applyPreset(db: Db, o: { actor: Principal; name: string; recompute?: boolean }) {
  if (!isAdmin(o.actor)) throw forbidden(text('presets.errors.admin_only'));
  const preset = PRESETS[o.name];
  if (!preset) throw notFound('Preset', o.name);
  const result = await db.tx(async (q) => {
    const planIds: Record<string, number> = {};
    for (const p of preset.plans) {
      const r = await q.query<{ id: number }>(
        `insert into plans (key, name, rank, settings) values ($1, $2, $3, $4)
         on conflict (key) do update set name = excluded.name, rank = excluded.rank, settings = excluded.settings returning id`,
        [p.key, p.name, p.rank, JSON.stringify(p.settings)],
      );
      planIds[p.key] = r[0].id;
    }
    const calendarIds: Record<string, number> = {};
    for (const c of preset.calendars) {
      const r = await q.query<{ id: number }>(
        `insert into calendars (name, spec, display_name) values ($1, $2, $3)
         on conflict (lower(name)) do update set spec = excluded.spec, display_name = coalesce(excluded.display_name, calendars.display_name), updated_at = now()
         returning id`,
        [c.name, JSON.stringify(c.spec), c.display_name ? JSON.stringify(c.display_name) : null],
      );
      calendarIds[c.name] = r[0].id;
    }
    const policyIds: number[] = [];
    const after = await q.query<{ last: number }>(
      `select coalesce(max(position), 0)::int as last from sla_policies where name <> all($1::text[])`,
      [preset.policies.map((p) => p.name)],
    );
    for (const p of preset.policies) {
      const match = {
        plan_ids: p.match.plan_keys?.map((k) => String(planIds[k])) ?? null,
        addons: p.match.addons ?? null,
        channels: p.match.channels ?? null,
        categories: p.match.categories ?? null,
      };
      const targets = p.targets.map((t) => ({
        metric: t.metric,
        priority: t.priority,
        minutes: t.minutes,
        calendar_id: String(calendarIds[t.calendar]),
        pause_on: t.pause_on ?? ['pending', 'on_hold'],
      }));
      const existing = await q.query<{ id: number }>(`select id from sla_policies where name = $1 order by id limit 1`, [p.name]);
      const r = existing[0]
        ? await q.query<{ id: number }>(
            `update sla_policies set name = $1, kind = $2, match = $3, targets = $4, display_name = coalesce($6, display_name), updated_at = now()
             where id = $5 returning id`,
            [
              p.name,
              p.kind,
              JSON.stringify(match),
              JSON.stringify(targets),
              existing[0].id,
              p.display_name ? JSON.stringify(p.display_name) : null,
            ],
          )
        : await q.query<{ id: number }>(
            `insert into sla_policies (name, kind, position, match, targets, display_name) values ($1, $2, $3, $4, $5, $6) returning id`,
            [
              p.name,
              p.kind,
              after[0].last + p.position,
              JSON.stringify(match),
              JSON.stringify(targets),
              p.display_name ? JSON.stringify(p.display_name) : null,
            ],
          );
      policyIds.push(r[0].id);
    }
    await q.query(`update channels set enabled = false where key <> all($1::text[])`, [preset.channels.map((c) => c.key)]);
    // A channel's contact is the desk's own (its phone number, its address): a preset fills it in only
    // where the desk has none, so applying a preset again never wipes a number the admin typed.
    for (const [i, c] of preset.channels.entries()) {
      await q.query(
        `insert into channels (key, name, calendar_id, contact, enabled, position, purpose) values ($1, $2, $3, $4, true, $5, $6)
         on conflict (key) do update set name = excluded.name, calendar_id = excluded.calendar_id,
           contact = case when channels.contact <> '' then channels.contact else excluded.contact end,
           enabled = true, position = excluded.position, purpose = excluded.purpose`,
        [c.key, JSON.stringify(c.name), c.calendar ? calendarIds[c.calendar] : null, c.contact ?? '', i, JSON.stringify(c.purpose ?? {})],
      );
    }
    for (const s of preset.services ?? []) {
      await q.query(
        `insert into services (key, name, price_cents, currency, counts_as_incident) values ($1, $2, $3, $4, $5)
         on conflict (key) do update set name = excluded.name, price_cents = excluded.price_cents, currency = excluded.currency, counts_as_incident = excluded.counts_as_incident, active = true`,
        [s.key, JSON.stringify(s.name), s.price_cents, s.currency, s.counts_as_incident],
      );
    }
    for (const [i, f] of (preset.ticketFields ?? []).entries()) {
      const values = {
        label: f.label,
        type: f.type,
        options: f.options ?? [],
        option_labels: f.option_labels ?? {},
        categories: f.categories ?? [],
        required: f.required ?? false,
        visible_to_customers: f.visible_to_customers,
        sensitive: f.sensitive ?? false,
        active: true,
        position: (i + 1) * 10,
      };
      const existing = await ticketFieldRepository.byKey(q, f.key);
      if (existing && existing.type !== f.type)
        throw conflict(text('presets.errors.field_type_clash', { key: f.key, existing: existing.type, type: f.type }), {
          field: `ticketFields.${f.key}`,
        });
      await ticketFieldRepository.upsert(q, f.key, values, { update: true });
    }
    for (const [i, c] of (preset.statusComponents ?? []).entries())
      await q.query(
        `insert into status_components (key, name_en, name_zh, position) values ($1, $2, $3, $4)
         on conflict (key) do update set name_en = excluded.name_en, name_zh = excluded.name_zh, position = excluded.position`,
        [c.key, c.name.en, c.name['zh-CN'], (i + 1) * 10],
      );
    if (preset.categories)
      await q.query(
        `insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()`,
        [DESK_CATEGORIES_KEY, JSON.stringify(mergeDeskCategories(await storedDeskCategories(q), preset.categories))],
      );
    // Help articles of its own (docs/help-center.md): filing a good ticket, service hours, what support does not do.
    await applyPresetArticles(q, preset);
    for (const [key, value] of Object.entries({ ...preset.settings, 'preset.applied': preset.name }))
      await q.query(
        `insert into settings (key, value) values ($1, $2) on conflict (key) do update set value = excluded.value, updated_at = now()`,
        [key, JSON.stringify(value)],
      );
    if (o.recompute) await requestRecompute(q);
    return { plans: planIds, calendars: calendarIds, policies: policyIds };
  });
  invalidateSlaConfig();
  await loadTicketFields(db);
  return { preset: presentPreset(preset), ...result };
}

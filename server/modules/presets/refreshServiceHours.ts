import type { Queryable } from '../../db/client.ts';
import type { CalendarSpec } from '../../domain/calendar/index.ts';
import { kbRepository } from '../kb/kbRepository.ts';
import { presetArticleValues, presetHelpArticles } from './helpArticles.ts';
import type { Preset } from './presetTypes.ts';

type Text = { en: string; 'zh-CN': string };
const KEY = 'preset:service-hours';

/**
 * Rewrites the "Service hours" help article from the desk as it is now: its enabled channels and their
 * calendars' hours, which plans include a channel, the hours response targets are counted in. Called after
 * an admin changes a channel, a calendar, a plan or an SLA policy (docs/help-center.md, "Presets"): the
 * article is public, and hours a preset wrote once went on being promised after the admin changed them.
 *
 * Only an article a preset wrote and nobody has edited since (`updated_by` null) is rewritten; one a person
 * changed is theirs, and a deleted one stays deleted until a preset is applied again.
 */
export async function refreshServiceHoursArticle(q: Queryable): Promise<void> {
  const [article] = await q.query<{ category_id: number | null }>(
    `select category_id from kb_articles where preset_key = $1 and updated_by is null`,
    [KEY],
  );
  if (!article) return;
  const calendars = await q.query<{ id: number; name: string; spec: CalendarSpec }>(`select id, name, spec from calendars`);
  const calendarName = new Map(calendars.map((c) => [String(c.id), c.name]));
  const channels = await q.query<{
    key: Preset['channels'][number]['key'];
    name: Partial<Text>;
    calendar_id: number | null;
    contact: string;
  }>(`select key, name, calendar_id, contact from channels where enabled order by position, key`);
  const plans = await q.query<Preset['plans'][number]>(`select key, name, rank, settings from plans order by rank, id`);
  const policies = await q.query<{ targets: Array<{ calendar_id?: string }> }>(`select targets from sla_policies`);
  const desk: Preset = {
    name: '',
    description: { en: '', 'zh-CN': '' },
    plans,
    calendars: calendars.map((c) => ({ name: c.name, spec: c.spec })),
    policies: policies.map((p, i) => ({
      name: String(i),
      kind: 'sla',
      position: i,
      match: {},
      targets: p.targets
        .filter((t) => t.calendar_id && calendarName.has(t.calendar_id))
        .map((t) => ({ metric: 'first_response', priority: 'P3', minutes: 0, calendar: calendarName.get(t.calendar_id!)! })),
    })),
    channels: channels.map((c) => {
      const en = c.name.en || c.key;
      return {
        key: c.key,
        name: { en, 'zh-CN': c.name['zh-CN'] || en },
        calendar: c.calendar_id == null ? null : (calendarName.get(String(c.calendar_id)) ?? null),
        contact: c.contact,
      };
    }),
  };
  const a = presetHelpArticles(desk).find((x) => x.key === KEY);
  if (!a) return;
  await kbRepository.upsertPresetArticle(q, KEY, presetArticleValues(a, article.category_id));
}

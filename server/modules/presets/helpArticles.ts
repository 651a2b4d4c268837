import type { Queryable } from '../../db/client.ts';
import type { CalendarSpec } from '../../domain/calendar/index.ts';
import { t } from '../../i18n/index.ts';
import { articleValues } from '../kb/articleValues.ts';
import { kbRepository } from '../kb/kbRepository.ts';
import type { Preset } from './presetTypes.ts';

type Text = { en: string; 'zh-CN': string };
export interface PresetArticle {
  key: string;
  slug: string;
  title: Text;
  body: Text;
}

/** A ticket category's name in the reader's language (the entitlement texts name them), else its key. */
function categoryName(key: string, l: 'en' | 'zh-CN'): string {
  try {
    return t(l, `entitlement.category.${key}`);
  } catch {
    return key;
  }
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const DAY_NAME: Record<string, Text> = {
  mon: { en: 'Mon', 'zh-CN': '周一' },
  tue: { en: 'Tue', 'zh-CN': '周二' },
  wed: { en: 'Wed', 'zh-CN': '周三' },
  thu: { en: 'Thu', 'zh-CN': '周四' },
  fri: { en: 'Fri', 'zh-CN': '周五' },
  sat: { en: 'Sat', 'zh-CN': '周六' },
  sun: { en: 'Sun', 'zh-CN': '周日' },
};

/** "Mon–Sat 08:00–17:30" from a calendar's weekly hours: runs of days with the same hours. Pure. */
export function hoursText(spec: CalendarSpec, l: 'en' | 'zh-CN'): string {
  const w = spec.weekly as Record<string, Array<[string, string]>>;
  const key = (d: string) => (w[d] ?? []).map(([a, b]) => `${a}–${b}`).join(', ');
  if (DAYS.every((d) => key(d) === '00:00–24:00')) return l === 'en' ? 'around the clock, every day' : '全天候（7×24）';
  if (key('mon') && DAYS.every((d) => key(d) === key('mon')))
    return `${l === 'en' ? 'every day' : '每天'} ${key('mon')} (${spec.timezone})`;
  const runs: Array<{ from: string; to: string; hours: string }> = [];
  for (const d of DAYS) {
    const h = key(d);
    const last = runs[runs.length - 1];
    if (last && last.hours === h) last.to = d;
    else runs.push({ from: d, to: d, hours: h });
  }
  const parts = runs
    .filter((r) => r.hours)
    .map((r) => `${DAY_NAME[r.from][l]}${r.from === r.to ? '' : `–${DAY_NAME[r.to][l]}`} ${r.hours}`);
  return `${parts.join(l === 'en' ? '; ' : '；')} (${spec.timezone})`;
}

/**
 * The help articles a preset ships (docs/help-center.md), written from the preset's own data —
 * its channels and their calendars, its plans' limits and what support will not do — in both
 * languages. Pure.
 */
export function presetHelpArticles(p: Preset): PresetArticle[] {
  const calendars = new Map(p.calendars.map((c) => [c.name, c.spec]));
  const alwaysOpen = (spec: CalendarSpec) => hoursText(spec, 'en').startsWith('around the clock');
  // A channel only some plans include says which (seed 000: chat for Enterprise and Business, the
  // emergency phone for Enterprise): the article is public, and "Chat: around the clock" alone promises it to all.
  const planName = (plan: Preset['plans'][number], l: 'en' | 'zh-CN') =>
    ((plan.settings as { display_name?: Text }).display_name ?? { en: plan.name, 'zh-CN': plan.name })[l];
  const plansNote = (channel: string, l: 'en' | 'zh-CN') => {
    const withIt = p.plans.filter((plan) => ((plan.settings as { channels?: string[] }).channels ?? []).includes(channel));
    if (!withIt.length || withIt.length === p.plans.length) return '';
    const names = withIt.map((plan) => planName(plan, l));
    if (l === 'zh-CN') {
      const list = names.join('、');
      return `（仅限${list}${/[A-Za-z0-9]$/.test(list) ? ' ' : ''}计划）`;
    }
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    return ` — ${list} plan${names.length === 1 ? '' : 's'} only`;
  };
  const channelLines = (l: 'en' | 'zh-CN') =>
    p.channels
      .map((c) => {
        const spec = c.calendar ? calendars.get(c.calendar) : undefined;
        const hours = spec ? hoursText(spec, l) : l === 'en' ? 'answered by the community, no set hours' : '由社区解答，无固定时间';
        const link = c.contact?.startsWith('http') ? ` — <${c.contact}>` : '';
        return `- **${c.name[l]}**${l === 'en' ? ': ' : '：'}${hours}${link}${plansNote(c.key, l)}`;
      })
      .join('\n');
  // The calendars response targets are counted in (e.g. "Standard hours"), when they are not always open.
  const targetCalendars = [...new Set(p.policies.flatMap((x) => x.targets.map((t) => t.calendar)))]
    .map((name) => ({ name, spec: calendars.get(name) }))
    .filter((c): c is { name: string; spec: CalendarSpec } => !!c.spec && !alwaysOpen(c.spec));
  const targetLines = (l: 'en' | 'zh-CN') =>
    targetCalendars.length
      ? `\n\n${l === 'en' ? 'Response times are counted in these hours:' : '响应时间按以下时间计算：'}\n\n${targetCalendars
          .map((c) => `- ${hoursText(c.spec, l)}`)
          .join('\n')}`
      : '';
  const fields = (p.ticketFields ?? []).filter((f) => f.visible_to_customers);
  const fieldLines = (l: 'en' | 'zh-CN') => fields.map((f) => `- ${f.label[l]}`).join('\n');

  const goodTicket: PresetArticle = {
    key: 'preset:good-ticket',
    slug: 'how-to-file-a-good-ticket',
    title: { en: 'How to file a good ticket', 'zh-CN': '如何提交一个好的工单' },
    body: {
      en: [
        'A ticket we can act on at once is answered sooner. Before you send one:',
        '',
        '1. **Search this help center first**: many questions have an answer here already.',
        '2. **One problem per ticket.** Two problems in one ticket slow both down.',
        '3. **Write a summary that names the problem**, e.g. "Checkout page shows error 502 since 10:00", not "Help!".',
        '4. **Say what you expected and what happened instead**, when it started and whether it happens every time.',
        '5. **Add what you see**: the exact error message, a screenshot, the address of the page.',
        ...(fields.length
          ? ['', 'For technical questions the form asks for these details; each one you can give saves a round trip:', '', fieldLines('en')]
          : []),
        '',
        'Never put passwords or card numbers in a ticket.',
      ].join('\n'),
      'zh-CN': [
        '能够立即处理的工单会更快得到答复。提交之前：',
        '',
        '1. **先搜索帮助中心**：很多问题这里已有答案。',
        '2. **一个工单只写一个问题。** 两个问题放在一起会让两者都变慢。',
        '3. **用概要说明问题本身**，例如“结账页面自 10:00 起显示 502 错误”，而不是“救命！”。',
        '4. **说明预期结果和实际发生的情况**，何时开始、是否每次都出现。',
        '5. **附上您看到的内容**：完整的错误信息、截图、页面地址。',
        ...(fields.length ? ['', '技术问题的表单会询问以下信息；每多提供一项，就能少一次来回：', '', fieldLines('zh-CN')] : []),
        '',
        '请勿在工单中填写密码或银行卡号。',
      ].join('\n'),
    },
  };

  // "Outside these hours" only where some channel has any: on a desk open around the clock it says nothing true.
  const someClosed = p.channels.some((c) => {
    const spec = c.calendar ? calendars.get(c.calendar) : undefined;
    return !!spec && !alwaysOpen(spec);
  });
  const hours: PresetArticle = {
    key: 'preset:service-hours',
    slug: 'service-hours',
    title: { en: 'Service hours', 'zh-CN': '服务时间' },
    body: {
      // The numbers and addresses are the desk's own (typed in Admin › Channels and email): the contact page shows them.
      en: `You can reach support through these channels, at these hours:\n\n${channelLines('en')}${targetLines('en')}${
        someClosed ? '\n\nMessages sent outside these hours are answered when support is open again.' : ''
      }\n\nNumbers, addresses and how to join are on the [Contact support](/contact) page.`,
      'zh-CN': `您可以通过以下渠道在以下时间联系支持：\n\n${channelLines('zh-CN')}${targetLines('zh-CN')}${
        someClosed ? '\n\n非服务时间发送的消息将在重新开放后答复。' : ''
      }\n\n电话号码、邮箱地址和加入方式见[联系支持](/contact)页面。`,
    },
  };

  const limits = { en: [] as string[], 'zh-CN': [] as string[] };
  const seen = new Set<string>();
  for (const plan of p.plans) {
    const s = plan.settings as {
      display_name?: Text;
      will_not_do?: Text[];
      human_support?: boolean;
      categories?: string[];
      github_url?: string;
    };
    for (const item of s.will_not_do ?? [])
      if (!seen.has(item.en)) {
        seen.add(item.en);
        limits.en.push(`- ${item.en}.`);
        limits['zh-CN'].push(`- ${item['zh-CN']}。`);
      }
    const name = s.display_name ?? { en: plan.name, 'zh-CN': plan.name };
    if (s.human_support === false) {
      // Seed 001 sends free-image users to GitHub issues: name GitHub where the plan links there, not a "community".
      const where = s.github_url
        ? { en: `open an issue on GitHub (<${s.github_url}>)`, 'zh-CN': `请在 GitHub 提交 issue（<${s.github_url}>）` }
        : { en: 'ask in the community', 'zh-CN': '请到社区提问' };
      limits.en.push(`- On the **${name.en}** plan we do not give one-to-one help; ${where.en}, or buy a support incident.`);
      limits['zh-CN'].push(`- **${name['zh-CN']}**计划不提供一对一人工支持；${where['zh-CN']}，或购买单次服务。`);
    }
    if (s.categories?.length) {
      limits.en.push(
        `- On the **${name.en}** plan tickets are only for: ${s.categories.map((c) => categoryName(c, 'en')).join(', ')}; other questions go to the community.`,
      );
      limits['zh-CN'].push(
        `- **${name['zh-CN']}**计划的工单仅限：${s.categories.map((c) => categoryName(c, 'zh-CN')).join('、')}；其他问题请到社区提问。`,
      );
    }
  }
  const notDo: PresetArticle = {
    key: 'preset:not-covered',
    slug: 'what-support-does-not-do',
    title: { en: 'What support does not do', 'zh-CN': '支持服务不包括哪些内容' },
    body: {
      en: `Knowing the limits up front saves you a wait. Support does not:\n\n${limits.en.join('\n') || '- Work on systems or accounts other than your own.'}\n\nWhen something is outside support, we say so and point you to where you can get help.`,
      'zh-CN': `提前了解范围可以免去等待。支持服务不包括：\n\n${limits['zh-CN'].join('\n') || '- 处理不属于您的系统或账户。'}\n\n超出支持范围时，我们会明确告诉您，并指出可以在哪里获得帮助。`,
    },
  };
  return [goodTicket, hours, notDo];
}

/**
 * Creates the preset's help articles, published, in a "Getting help" category. The keys are the
 * same for every preset (`preset:service-hours`, …): applying a preset, the same or another,
 * rewrites an article it made before unless a person has edited it since, which is then left
 * alone; a deleted one comes back.
 */
export async function applyPresetArticles(q: Queryable, p: Preset) {
  await q.query(
    `insert into kb_categories (slug, name_en, name_zh, position) values ('getting-help', 'Getting help', '获取帮助', 0)
     on conflict (slug) do nothing`,
  );
  const category = await kbRepository.categoryBySlug(q, 'getting-help');
  for (const a of presetHelpArticles(p)) await kbRepository.upsertPresetArticle(q, a.key, presetArticleValues(a, category?.id ?? null));
}

/** What is stored for a preset's article: published, in `categoryId`. */
export const presetArticleValues = (a: PresetArticle, categoryId: number | null) =>
  articleValues({
    category_id: categoryId,
    slug: a.slug,
    title_en: a.title.en,
    title_zh: a.title['zh-CN'],
    body_md_en: a.body.en,
    body_md_zh: a.body['zh-CN'],
    status: 'published',
  });

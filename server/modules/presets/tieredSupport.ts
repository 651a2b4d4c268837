import { TICKET_CATEGORIES } from '../../domain/entitlement/entitlement.ts';
import { DAY, HOUR, responseTargets, weekly, type Preset } from './presetTypes.ts';

const ALL = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** What support will not do (the seed's contact guide), shown in the portal and to agents. */
const WILL_NOT_DO = [
  { en: "Make configuration or account changes on the customer's behalf", 'zh-CN': '代表客户进行配置或账户修改' },
  { en: 'Give sensitive account information over the phone', 'zh-CN': '通过电话提供敏感的账户信息' },
  { en: 'Troubleshoot domains not tied to the account used to contact support', 'zh-CN': '对与联系支持所用账户无关的域名进行故障排除' },
];
// No community link: it is the desk's own (its community channel's contact, docs/contact-page.md). Until
// the admin sets one, the community card is hidden and refusals do not point there.
const base = { human_support: true, will_not_do: WILL_NOT_DO };
/** Troubleshooting categories: they ask for the structured details of seed 000 step 10. */
const TECHNICAL = TICKET_CATEGORIES.filter((c) => c.technical).map((c) => c.key);
const detail = (key: string, en: string, zh: string) => ({
  key,
  label: { en, 'zh-CN': zh },
  type: 'text' as const,
  categories: TECHNICAL,
  visible_to_customers: true,
});
/**
 * The structured details seed 000 (step 10) asks of a technical question, as custom ticket fields:
 * the zone, how often, steps with expected and actual result, URLs and error messages, and the
 * output of test tools. The time it happened and the description are asked of every ticket by the
 * portal itself. Every piece is optional: a customer who knows only the symptom can still write.
 */
const TECHNICAL_DETAILS: NonNullable<Preset['ticketFields']> = [
  detail('domain', 'Domain', '域名'),
  {
    key: 'frequency',
    label: { en: 'How often it happens', 'zh-CN': '问题频率' },
    type: 'select',
    options: ['once', 'intermittent', 'always'],
    option_labels: {
      once: { en: 'Once', 'zh-CN': '仅一次' },
      intermittent: { en: 'Now and then', 'zh-CN': '间歇出现' },
      always: { en: 'Every time', 'zh-CN': '每次都出现' },
    },
    categories: TECHNICAL,
    visible_to_customers: true,
  },
  detail('steps_to_reproduce', 'Steps to reproduce', '重现步骤'),
  detail('expected_result', 'Expected result', '预期结果'),
  detail('actual_result', 'Actual result', '实际结果'),
  detail('urls', 'Site URLs', '站点 URL'),
  detail('error_messages', 'Error messages', '错误消息'),
  detail(
    'tool_output',
    'Output of test tools (MTR, traceroute, dig/nslookup, cURL)',
    '测试工具的输出（MTR、traceroute、dig/nslookup、cURL）',
  ),
];

/**
 * The tiered-plan support policy (shared/seeds 000): plans decide channels, Free may only open
 * billing, account, 2FA and abuse tickets, queue order Enterprise → Business → Pro → Free, and
 * first-response targets per plan × priority, counted around the clock. Next-response targets equal
 * the first-response ones: the desk's own objective (the seed names only first response), so a
 * customer waiting on the desk again never sorts below a lower plan's new ticket.
 */
export const tieredSupport: Preset = {
  name: 'tiered-support',
  description: {
    en: "Four plans, Enterprise, Business, Pro and Free, plus a Premium add-on; first-response targets per plan and priority, counted around the clock (24×7). Free has no target of its own and may open only billing, account, 2FA and abuse tickets. The desk's own next-response targets (not in the published policy) equal them, so customers waiting on the desk keep their plan order.",
    'zh-CN':
      '企业、Business、Pro、免费四种计划，另有 Premium 增值服务；按计划和优先级设定首次响应目标，全天候（7×24）计时。免费计划本身没有响应目标，只能提交账单、账户、两步验证和滥用类工单。客服自定的后续响应目标（不属于公开政策）与之相同，使等待客服回复的客户保持计划顺序。',
  },
  plans: [
    {
      key: 'enterprise',
      name: 'Enterprise',
      rank: 10,
      settings: {
        ...base,
        display_name: { en: 'Enterprise', 'zh-CN': '企业' },
        channels: ['community', 'web', 'email', 'chat', 'emergency_phone'],
      },
    },
    {
      key: 'business',
      name: 'Business',
      rank: 20,
      settings: { ...base, display_name: { en: 'Business', 'zh-CN': 'Business' }, channels: ['community', 'web', 'email', 'chat'] },
    },
    {
      key: 'pro',
      name: 'Pro',
      rank: 30,
      settings: {
        ...base,
        display_name: { en: 'Pro', 'zh-CN': 'Pro' },
        channels: ['community', 'web', 'email'],
        recommended_channels: ['community'],
      },
    },
    {
      key: 'free',
      name: 'Free',
      rank: 40,
      settings: {
        ...base,
        display_name: { en: 'Free', 'zh-CN': '免费' },
        channels: ['community', 'web', 'email'],
        categories: ['billing', 'account', '2fa', 'abuse'],
        community_recommended: true,
        recommended_channels: ['community'],
      },
    },
  ],
  // Chinese writes round-the-clock service as 7×24 (days × hours); English as 24×7. The zone is named:
  // the business-hours preset has a 7×24 of its own, in Beijing time.
  calendars: [
    {
      name: '24×7',
      display_name: { en: '24×7 (UTC)', 'zh-CN': '7×24（UTC）' },
      spec: { timezone: 'UTC', weekly: weekly(ALL, [['00:00', '24:00']]), holidays: [], extra_workdays: [] },
    },
  ],
  policies: [
    {
      name: 'Premium SLA',
      display_name: { en: 'Premium SLA', 'zh-CN': 'Premium 增值服务 SLA' },
      kind: 'sla',
      position: 10,
      match: { addons: ['premium'] },
      targets: responseTargets('24×7', { P1: 1 * HOUR, P2: 2 * HOUR, P3: 24 * HOUR, P4: 24 * HOUR }),
    },
    {
      name: 'Enterprise SLA',
      display_name: { en: 'Enterprise SLA', 'zh-CN': '企业 SLA' },
      kind: 'sla',
      position: 20,
      match: { plan_keys: ['enterprise'] },
      targets: responseTargets('24×7', { P1: 2 * HOUR, P2: 4 * HOUR, P3: 48 * HOUR, P4: 48 * HOUR }),
    },
    {
      name: 'Business SLO',
      display_name: { en: 'Business SLO', 'zh-CN': 'Business SLO' },
      kind: 'slo',
      position: 30,
      match: { plan_keys: ['business'] },
      targets: responseTargets('24×7', { P1: 8 * HOUR, P2: 12 * HOUR, P3: 72 * HOUR, P4: 72 * HOUR }),
    },
    {
      name: 'Pro SLO',
      display_name: { en: 'Pro SLO', 'zh-CN': 'Pro SLO' },
      kind: 'slo',
      position: 40,
      match: { plan_keys: ['pro'] },
      targets: responseTargets('24×7', { P1: 5 * DAY, P2: 5 * DAY, P3: 5 * DAY, P4: 5 * DAY }),
    },
  ],
  channels: [
    // Purposes from the seed's table; every contact is the desk's own (the admin fills them in, the community's link too).
    {
      key: 'community',
      name: { en: 'Community', 'zh-CN': '社区' },
      calendar: null,
      purpose: { en: 'Basic troubleshooting questions and the latest tips.', 'zh-CN': '提出基本的故障排除问题，查看最新资源。' },
    },
    {
      key: 'web',
      name: { en: 'Support tickets', 'zh-CN': '支持工单' },
      calendar: '24×7',
      purpose: {
        en: 'Specific problems or errors; response times depend on your plan.',
        'zh-CN': '解决具体问题或错误；响应时间取决于您的计划。',
      },
    },
    {
      // Not in the seed's table (it names its four channels); a mail to the support address is a ticket like the form's.
      key: 'email',
      name: { en: 'Email', 'zh-CN': '邮件' },
      calendar: '24×7',
      purpose: {
        en: 'Write to the support address: your mail becomes a ticket, answered within your plan’s response times.',
        'zh-CN': '发送邮件到支持邮箱：邮件会成为工单，按您计划的响应时间答复。',
      },
    },
    {
      key: 'chat',
      name: { en: 'Chat', 'zh-CN': '聊天' },
      calendar: '24×7',
      purpose: { en: 'Specific questions.', 'zh-CN': '提出具体问题。' },
    },
    {
      key: 'emergency_phone',
      name: { en: 'Emergency phone', 'zh-CN': '紧急电话' },
      calendar: '24×7',
      purpose: { en: 'Emergencies: site down or under attack (DDoS).', 'zh-CN': '报告紧急情况，如站点中断或 DDoS 攻击。' },
    },
  ],
  ticketFields: TECHNICAL_DETAILS,
  categories: TICKET_CATEGORIES.map((c) => ({ key: c.key, technical: c.technical })),
  statusComponents: [
    { key: 'dashboard', name: { en: 'Dashboard', 'zh-CN': '控制台' } },
    { key: 'api', name: { en: 'API', 'zh-CN': 'API' } },
    { key: 'dns', name: { en: 'DNS', 'zh-CN': 'DNS 解析' } },
    { key: 'cdn', name: { en: 'CDN and proxy', 'zh-CN': 'CDN 与代理' } },
    { key: 'ssl', name: { en: 'SSL certificates', 'zh-CN': 'SSL 证书' } },
  ],
  // People without an organization are served as Free (community first, four ticket categories).
  settings: {
    'plans.addons': [{ key: 'premium', name: 'Premium support', display_name: { en: 'Premium support', 'zh-CN': 'Premium 增值服务' } }],
    'plans.default_key': 'free',
  },
};

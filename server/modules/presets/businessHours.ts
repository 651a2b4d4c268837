import { HOUR, firstResponse, weekly, type Preset } from './presetTypes.ts';

const TZ = 'Asia/Shanghai';
const GITHUB = 'https://github.com/Websoft9';
const ALL = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

/**
 * The business-hours policy (shared/seeds 001): standard hours Mon–Sat 08:00–17:30 (Asia/Shanghai),
 * first response within one business hour for tickets and email; tickets and email 7×24, chat 5×8,
 * phone 7×8. Paid-product customers get human support; free-product users are pointed to GitHub.
 * The 8-hour windows (09:00–17:00) are our reading of "5×8"/"7×8": see docs/contact-page.md.
 */
export const businessHours: Preset = {
  name: 'business-hours',
  description: {
    en: 'Two plans: Paid product (help from a person) and Free product (pointed to GitHub issues; a purchased incident buys help). Standard hours Monday to Saturday 08:00–17:30 (Beijing time); first response within 1 business hour for tickets, email and the API.',
    'zh-CN':
      '两个计划：付费产品（人工支持）和免费产品（引导至 GitHub issue；购买单次服务后可获人工支持）。标准工作时间周一至周六 08:00–17:30（北京时间）；工单、邮件和 API 在 1 个工作小时内首次响应。',
  },
  plans: [
    {
      key: 'paid',
      name: 'Paid product',
      rank: 10,
      settings: {
        display_name: { en: 'Paid product', 'zh-CN': '付费产品' },
        channels: ['web', 'email', 'chat', 'phone', 'community'],
        human_support: true,
      },
    },
    // Free-product users are pointed to GitHub issues; a purchased incident buys them human help.
    {
      key: 'free-product',
      name: 'Free product',
      rank: 20,
      settings: {
        display_name: { en: 'Free product', 'zh-CN': '免费产品' },
        channels: ['web', 'email', 'community'],
        human_support: false,
        github_url: GITHUB,
        // Seed 001: free-image users get improvements through GitHub issues; the contact page says so.
        recommended_channels: ['community'],
      },
    },
  ],
  calendars: [
    {
      name: 'Standard hours',
      display_name: { en: 'Standard hours', 'zh-CN': '标准工作时间' },
      spec: {
        timezone: TZ,
        weekly: weekly(['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], [['08:00', '17:30']]),
        holidays: [],
        extra_workdays: [],
      },
    },
    { name: '7×24', spec: { timezone: TZ, weekly: weekly(ALL, [['00:00', '24:00']]), holidays: [], extra_workdays: [] } },
    { name: '5×8', spec: { timezone: TZ, weekly: weekly(WEEKDAYS, [['09:00', '17:00']]), holidays: [], extra_workdays: [] } },
    { name: '7×8', spec: { timezone: TZ, weekly: weekly(ALL, [['09:00', '17:00']]), holidays: [], extra_workdays: [] } },
  ],
  channels: [
    // Purposes from the seed's table (适用场景). Contacts (numbers, addresses, group numbers) are the desk's own: the admin fills them in.
    {
      key: 'web',
      name: { en: 'Tickets (recommended)', 'zh-CN': '工单（推荐）' },
      calendar: '7×24',
      purpose: {
        en: 'Faults; with or without an account. Answer within 1 business hour.',
        'zh-CN': '处理故障；可注册也可不注册。1 个工作小时内响应。',
      },
    },
    {
      key: 'email',
      name: { en: 'Email', 'zh-CN': '邮箱' },
      calendar: '7×24',
      purpose: { en: 'Faults and partnerships. Answer within 1 business hour.', 'zh-CN': '处理故障，合作。1 个工作小时内响应。' },
    },
    {
      key: 'chat',
      name: { en: 'Chat groups', 'zh-CN': '微信群' },
      calendar: '5×8',
      purpose: { en: 'Questions and advice, answered live.', 'zh-CN': '交流咨询，实时响应。' },
    },
    {
      key: 'phone',
      name: { en: 'Phone (pre-sales or urgent faults)', 'zh-CN': '电话（售前或紧急故障）' },
      calendar: '7×8',
      // Seed 001 says to call about an urgent fault outside standard hours; the line's own hours (7×8 read as
      // 09:00–17:00) reach past them only on Sunday, so the card says Sunday rather than promise a closed line.
      purpose: {
        en: 'Pre-sales or urgent faults, also on Sunday when standard hours are closed.',
        'zh-CN': '售前或紧急故障；周日（标准工作时间以外）情况紧急也可拨打。',
      },
    },
    {
      key: 'community',
      name: { en: 'GitHub issues', 'zh-CN': 'GitHub issue' },
      calendar: null,
      contact: GITHUB,
      purpose: { en: 'Free products: report problems and improvements.', 'zh-CN': '免费镜像用户提交 issue 获得改进。' },
    },
  ],
  services: [
    {
      key: 'incident',
      name: { en: 'One support incident', 'zh-CN': '单次人工服务' },
      price_cents: 19900,
      currency: 'CNY',
      counts_as_incident: true,
    },
    {
      key: 'installation',
      name: { en: 'Installation', 'zh-CN': '安装部署' },
      price_cents: 49900,
      currency: 'CNY',
      counts_as_incident: true,
    },
    { key: 'migration', name: { en: 'Migration', 'zh-CN': '迁移' }, price_cents: 99900, currency: 'CNY', counts_as_incident: true },
  ],
  // What this desk helps with (seed 001: installation, configuration and operations of the deployed
  // product; pre-sales questions), not the tiered desk's DNS and certificate categories.
  categories: [
    { key: 'deployment', technical: true },
    { key: 'app_config', technical: true },
    { key: 'operations', technical: true },
    { key: 'fault', technical: true },
    { key: 'presales', technical: false },
    { key: 'billing', technical: false },
    { key: 'account', technical: false },
    { key: 'other', technical: false },
  ],
  statusComponents: [
    { key: 'website', name: { en: 'Website', 'zh-CN': '官网' } },
    { key: 'email', name: { en: 'Email', 'zh-CN': '邮件' } },
    { key: 'phone', name: { en: 'Phone line', 'zh-CN': '电话热线' } },
  ],
  // The seed's "标准的工作时间", shown on the contact page.
  settings: { 'contact.standard_calendar': 'Standard hours' },
  policies: [
    {
      name: 'Standard response',
      display_name: { en: 'Standard response', 'zh-CN': '标准响应' },
      kind: 'sla',
      position: 10,
      match: { channels: ['web', 'email', 'api'] },
      targets: firstResponse('Standard hours', { P1: HOUR, P2: HOUR, P3: HOUR, P4: HOUR }),
    },
  ],
};

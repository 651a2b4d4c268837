import { DAY, HOUR, firstResponse, weekly, type Preset } from './presetTypes.ts';

const ALL = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const COMMUNITY = 'https://community.example.com/';

/**
 * The tiered-plan support policy (shared/seeds 000): plans decide channels, Free may only open
 * billing, account, 2FA and abuse tickets, queue order Enterprise → Business → Pro → Free, and
 * first-response targets per plan × priority, counted around the clock.
 */
export const tieredSupport: Preset = {
  name: 'tiered-support',
  description: {
    en: 'Plans Enterprise, Business, Pro and Free with a Premium add-on; 24×7 first-response targets per plan and priority.',
    'zh-CN': '企业、Business、Pro、免费四种计划及 Premium 增值服务；按计划和优先级的 7×24 首次响应目标。',
  },
  plans: [
    { key: 'enterprise', name: 'Enterprise', rank: 10, settings: { channels: ['community', 'web', 'email', 'api', 'chat', 'emergency_phone'], human_support: true, community_url: COMMUNITY } },
    { key: 'business', name: 'Business', rank: 20, settings: { channels: ['community', 'web', 'email', 'api', 'chat'], human_support: true, community_url: COMMUNITY } },
    { key: 'pro', name: 'Pro', rank: 30, settings: { channels: ['community', 'web', 'email', 'api'], human_support: true, community_url: COMMUNITY } },
    { key: 'free', name: 'Free', rank: 40, settings: { channels: ['community', 'web', 'email', 'api'], categories: ['billing', 'account', '2fa', 'abuse'], human_support: true, community_url: COMMUNITY, community_recommended: true } },
  ],
  calendars: [{ name: '24×7', spec: { timezone: 'UTC', weekly: weekly(ALL, [['00:00', '24:00']]), holidays: [], extra_workdays: [] } }],
  policies: [
    { name: 'Premium SLA', kind: 'sla', position: 10, match: { addons: ['premium'] }, targets: firstResponse('24×7', { P1: 1 * HOUR, P2: 2 * HOUR, P3: 24 * HOUR, P4: 24 * HOUR }) },
    { name: 'Enterprise SLA', kind: 'sla', position: 20, match: { plan_keys: ['enterprise'] }, targets: firstResponse('24×7', { P1: 2 * HOUR, P2: 4 * HOUR, P3: 48 * HOUR, P4: 48 * HOUR }) },
    { name: 'Business SLO', kind: 'slo', position: 30, match: { plan_keys: ['business'] }, targets: firstResponse('24×7', { P1: 8 * HOUR, P2: 12 * HOUR, P3: 72 * HOUR, P4: 72 * HOUR }) },
    { name: 'Pro SLO', kind: 'slo', position: 40, match: { plan_keys: ['pro'] }, targets: firstResponse('24×7', { P1: 5 * DAY, P2: 5 * DAY, P3: 5 * DAY, P4: 5 * DAY }) },
  ],
  settings: { 'plans.addons': [{ key: 'premium', name: 'Premium support' }] },
};

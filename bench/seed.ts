/**
 * Benchmark data: organizations, customers, agents and N tickets (one message and one event each),
 * written straight into the database with multi-row INSERT … SELECT FROM unnest(…) in batches.
 * Run it before the server starts (an embedded data dir is locked by whoever opens it).
 *
 * The text is generated from weighted word lists, Chinese and English mixed, so some search terms
 * are common (退款, refund: several % of tickets), some rare (备案, webhook: ≈0.3 %) and some very
 * rare (≈0.02 %). Statuses follow a help desk's shape: old tickets are closed, recent ones open.
 */
import { rollupRepository } from '../server/modules/reports/rollupRepository.ts';
import type { Db, Queryable } from '../server/db/client.ts';
import { indexText } from '../server/domain/search/tokenize.ts';
import { textToHtml } from '../server/modules/tickets/messageBody.ts';
import { DEFAULT_LIFECYCLE } from '../server/domain/tickets/lifecycle.ts';

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

export type Rng = () => number;

/** mulberry32: small, fast, and the same data on every run. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The desk's default auto-close: solved tickets are closed this many days later. */
const AUTO_CLOSE_DAYS = DEFAULT_LIFECYCLE.auto_close_days ?? 4;
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Weighted choice; weights are fixed per list, so the cumulative table is built once. */
function weighted<T>(items: ReadonlyArray<readonly [T, number]>): (r: Rng) => T {
  const cum: number[] = [];
  let total = 0;
  for (const [, w] of items) cum.push((total += w));
  return (r) => {
    const x = r() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo][0];
  };
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

interface Topic {
  zh: string[];
  en: string[];
  zhSubject: string[];
  enSubject: string[];
}

/** Weight ≈ share of tickets in %. The first terms of each list are the topic's most frequent words. */
const TOPICS: ReadonlyArray<readonly [Topic, number]> = [
  [
    {
      zh: ['退款', '订单', '支付', '扣费'],
      en: ['refund', 'order', 'payment', 'charged twice'],
      zhSubject: ['申请退款', '退款进度查询', '订单重复扣费', '支付成功但订单未生效'],
      enSubject: ['Refund request', 'Charged twice for one order', 'Where is my refund', 'Payment failed'],
    },
    18,
  ],
  [
    {
      zh: ['发票', '抬头', '税号', '报销'],
      en: ['invoice', 'billing', 'VAT number', 'receipt'],
      zhSubject: ['开具发票', '发票抬头错误', '增值税专用发票申请', '发票一直没有收到'],
      enSubject: ['Invoice request', 'Wrong company name on invoice', 'Need a receipt for billing', 'Invoice not received'],
    },
    12,
  ],
  [
    {
      zh: ['登录', '密码', '账号', '验证码'],
      en: ['login', 'password', 'account', 'verification code'],
      zhSubject: ['无法登录', '登录失败提示密码错误', '忘记密码', '收不到验证码', '账号被锁定'],
      enSubject: ['Cannot login', 'Password reset not working', 'Account locked', 'No verification code'],
    },
    20,
  ],
  [
    {
      zh: ['无法访问', '网站', '打不开', '报错'],
      en: ['cannot access', 'website', 'error 502', 'down'],
      zhSubject: ['网站无法访问', '页面打不开', '访问报错 502', '后台无法访问'],
      enSubject: ['Website down', 'Site returns error 502', 'Cannot access the dashboard'],
    },
    12,
  ],
  [
    {
      zh: ['域名', '解析', '续费', '转入'],
      en: ['domain', 'DNS', 'record', 'renewal'],
      zhSubject: ['域名解析不生效', '域名续费', '域名转入失败', '修改域名解析记录'],
      enSubject: ['DNS record not updating', 'Domain renewal', 'Domain transfer stuck'],
    },
    9,
  ],
  [
    {
      zh: ['证书', '过期', 'HTTPS', '安装'],
      en: ['certificate', 'SSL', 'expired', 'HTTPS'],
      zhSubject: ['证书过期', 'SSL 证书安装失败', '证书续签'],
      enSubject: ['Certificate expired', 'SSL certificate install failed', 'HTTPS warning in browser'],
    },
    6,
  ],
  [
    {
      zh: ['速度慢', '超时', '卡顿', '延迟'],
      en: ['slow', 'timeout', 'latency', 'hangs'],
      zhSubject: ['访问速度慢', '接口超时', '后台操作卡顿'],
      enSubject: ['Very slow pages', 'API timeout', 'Requests hang'],
    },
    8,
  ],
  [
    {
      zh: ['邮箱', '邮件', '收不到', '退信'],
      en: ['email', 'mailbox', 'bounce', 'spam'],
      zhSubject: ['邮箱收不到邮件', '邮件被退信', '企业邮箱无法发送'],
      enSubject: ['Emails bounce', 'Mailbox full', 'Our emails go to spam'],
    },
    8,
  ],
  // Rare topics (≈0.3 % each).
  [
    {
      zh: ['备案', '管局', '幕布'],
      en: ['ICP filing', 'license'],
      zhSubject: ['网站备案进度', '备案被驳回'],
      enSubject: ['ICP filing status'],
    },
    0.3,
  ],
  [
    {
      zh: ['负载均衡', '健康检查'],
      en: ['load balancer', 'health check'],
      zhSubject: ['负载均衡健康检查失败'],
      enSubject: ['Load balancer health check failing'],
    },
    0.3,
  ],
  [{ zh: ['防火墙', '端口'], en: ['firewall', 'port'], zhSubject: ['防火墙端口放行'], enSubject: ['Firewall blocks port 8443'] }, 0.3],
  [{ zh: ['数据迁移', '导入'], en: ['migration', 'import'], zhSubject: ['数据迁移失败'], enSubject: ['Data migration failed'] }, 0.3],
  [
    {
      zh: ['回调', '签名'],
      en: ['webhook', 'signature'],
      zhSubject: ['回调通知没有收到'],
      enSubject: ['Webhook not delivered', 'Webhook signature mismatch'],
    },
    0.3,
  ],
  [{ zh: ['单点登录', '身份提供商'], en: ['SAML', 'SSO'], zhSubject: ['单点登录配置'], enSubject: ['SAML SSO setup'] }, 0.3],
  [{ zh: ['回滚', '版本'], en: ['rollback', 'deploy'], zhSubject: ['版本回滚'], enSubject: ['Rollback after failed deploy'] }, 0.3],
];
const topicOf = weighted(TOPICS);

/** Appear in ≈0.02 % of tickets each: the needle-in-a-haystack searches. */
const VERY_RARE: Array<[string, string]> = [
  ['容器集群', 'kubernetes'],
  ['灾备演练', 'failover'],
  ['镜像仓库', 'registry'],
  ['带宽峰值', 'bandwidth'],
];

const ZH_OPEN = ['您好，', '你好，', '客服你好，', '麻烦帮忙看一下，', '请问，', ''];
const ZH_FILL = ['我们公司', '今天上午', '昨天晚上开始', '从上周起', '客户反馈', '同事说', '系统一直', '在后台'];
const ZH_ISSUE = ['出现问题', '失败了', '提示错误', '没有反应', '一直显示处理中', '不正常'];
const ZH_CLOSE = ['请尽快处理，谢谢。', '麻烦尽快回复。', '谢谢！', '急，影响业务。', '辛苦了。', ''];
const EN_OPEN = ['Hi,', 'Hello team,', 'Hi support,', 'Good morning,', ''];
const EN_FILL = [
  'since yesterday',
  'this morning',
  'for a few customers',
  'after the last update',
  'again today',
  'on our production site',
];
const EN_CLOSE = ['Thanks!', 'Please advise.', 'This is urgent for us.', 'Regards,', 'Thank you.', ''];
const ZH_SUFFIX = ['', '问题', '咨询', '（紧急）', ' - 请协助'];

function zhSentence(r: Rng, t: Topic): string {
  const a = pick(r, t.zh);
  const b = pick(r, t.zh);
  return `${pick(r, ZH_FILL)}${a}${pick(r, ZH_ISSUE)}，${b}${r() < 0.5 ? '也' : '还是'}${pick(r, ZH_ISSUE)}。`;
}
function enSentence(r: Rng, t: Topic): string {
  return `The ${pick(r, t.en)} ${pick(r, ['is not working', 'fails', 'shows an error', 'looks wrong', 'did not go through'])} ${pick(r, EN_FILL)}, and the ${pick(r, t.en)} ${pick(r, ['too', 'as well', 'still has the problem'])}.`;
}

/** A ticket's subject and first message, in Chinese (≈55 %) or English, with some of the other language mixed in. */
export function ticketText(r: Rng): { subject: string; body: string } {
  const t = topicOf(r);
  const zh = r() < 0.55;
  const ref = `${zh ? '订单号' : 'Order'} ${10_000_000 + Math.floor(r() * 89_999_999)}`;
  const parts: string[] = [];
  let subject: string;
  if (zh) {
    subject = pick(r, t.zhSubject) + pick(r, ZH_SUFFIX);
    parts.push(pick(r, ZH_OPEN) + zhSentence(r, t));
    if (r() < 0.5) parts.push(zhSentence(r, t));
    if (r() < 0.3) parts.push(enSentence(r, t)); // pasted English error text
    parts.push(`${ref}。${pick(r, ZH_CLOSE)}`);
  } else {
    subject = pick(r, t.enSubject) + (r() < 0.2 ? ` (${ref})` : '');
    parts.push(`${pick(r, EN_OPEN)} ${enSentence(r, t)}`.trim());
    if (r() < 0.5) parts.push(enSentence(r, t));
    if (r() < 0.1) parts.push(zhSentence(r, t));
    parts.push(`${ref}. ${pick(r, EN_CLOSE)}`.trim());
  }
  if (r() < 0.0008) {
    const [zhw, enw] = pick(r, VERY_RARE);
    parts.splice(1, 0, zh ? `涉及${zhw}。` : `It concerns our ${enw} setup.`);
  }
  return { subject, body: parts.join('\n\n') };
}

/** Search terms by kind; the bench cycles through them. */
export const SEARCH_TERMS: Record<string, string[]> = {
  'zh common': ['退款', '登录', '发票', '密码', '订单'],
  'zh rare': ['备案', '负载均衡', '防火墙', '容器集群'],
  'en common': ['refund', 'login', 'invoice', 'password', 'payment'],
  'en rare': ['webhook', 'saml', 'rollback', 'kubernetes'],
  phrase: ['无法访问', '域名 解析', '证书 过期', 'refund invoice', 'dns timeout', '登录 password'],
};

// ---------------------------------------------------------------------------------------------
// Seeding

export interface SeedOptions {
  tickets: number;
  batchSize: number;
  seed?: number;
  /** Years the tickets' created_at spans, ending now (default 3). */
  years?: number;
  onProgress?: (done: number, total: number) => void;
}
export interface SeedResult {
  organizations: number;
  customers: number;
  agents: number;
  tickets: number;
  messages: number;
  events: number;
  seconds: number;
  ticketsPerSecond: number;
  rowsPerSecond: number;
  analyzeSeconds: number;
  customerIds: number[];
  agentIds: number[];
}

const DAY = 86_400_000;
const YEARS = 3;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '晓东',
  '海燕',
];
const FIRST = [
  'Alice',
  'Bob',
  'Carol',
  'David',
  'Emma',
  'Frank',
  'Grace',
  'Henry',
  'Ivy',
  'Jack',
  'Kate',
  'Leo',
  'Mia',
  'Noah',
  'Olivia',
  'Paul',
];
const LAST = ['Smith', 'Chen', 'Wong', 'Lee', 'Brown', 'Tan', 'Garcia', 'Miller', 'Lin', 'Ng', 'Davis', 'Martin'];
const CITIES = ['上海', '北京', '深圳', '杭州', '广州', '成都', '南京', '苏州', '武汉', '西安'];
const INDUSTRIES = ['科技', '网络', '信息', '电子商务', '数据', '云计算', '软件', '传媒'];
const EN_ORG = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Wonka', 'Tyrell', 'Cyberdyne'];

/** Takes n consecutive ids from a table's identity sequence (nothing else writes while we seed). */
async function reserveIds(q: Queryable, table: string, n: number): Promise<number[]> {
  const rows = await q.query<{ first: number }>(
    `select setval(s, nextval(s) + $1::bigint - 1) - $1::bigint + 1 as first from pg_get_serial_sequence('${table}', 'id') as s`,
    [n],
  );
  const first = Number(rows[0].first);
  return Array.from({ length: n }, (_, i) => first + i);
}

/** Seeds a freshly migrated database. */
export async function seed(db: Db, o: SeedOptions): Promise<SeedResult> {
  const r = rng(o.seed ?? 20240601);
  const t0 = performance.now();
  const now = Date.now();

  // Plans and groups (keys/names may already exist if a migration ships defaults).
  await db.query(`insert into plans (key, name, rank) values ('enterprise', 'Enterprise', 10), ('business', 'Business', 50), ('standard', 'Standard', 100)
    on conflict (key) do nothing`);
  const plans = await db.query<{ id: number; key: string; rank: number }>(
    `select id, key, rank from plans where key in ('enterprise', 'business', 'standard')`,
  );
  const planByKey = new Map(plans.map((p) => [p.key, p]));
  const planOf = weighted<string | null>([
    ['enterprise', 10],
    ['business', 30],
    ['standard', 45],
    [null, 15],
  ]);
  await db.query(`insert into groups (name, description) select * from unnest($1::text[], $2::text[]) on conflict do nothing`, [
    ['一线支持', 'Billing', 'Technical', 'Domains & DNS'],
    ['Tier 1', '账单与发票', 'Servers, sites, certificates', '域名与解析'],
  ]);
  const groupIds = (await db.query<{ id: number }>(`select id from groups order by id`)).map((g) => Number(g.id));

  // Organizations.
  const nOrg = 200;
  const orgIds = await reserveIds(db, 'organizations', nOrg);
  const org = { name: [] as string[], plan: [] as (number | null)[], domain: [] as string[], created: [] as string[] };
  const orgPlanRank: number[] = [];
  for (let i = 0; i < nOrg; i++) {
    const zh = r() < 0.6;
    org.name.push(
      zh
        ? `${pick(r, CITIES)}${pick(r, INDUSTRIES)}有限公司 ${i + 1}`
        : `${pick(r, EN_ORG)} ${pick(r, ['Ltd', 'Inc', 'GmbH', 'Pte Ltd'])} ${i + 1}`,
    );
    const p = planOf(r);
    const plan = p ? planByKey.get(p) : undefined;
    org.plan.push(plan ? Number(plan.id) : null);
    orgPlanRank.push(plan ? plan.rank : 1000);
    org.domain.push(`org${i + 1}.${zh ? 'example.cn' : 'example.com'}`);
    org.created.push(new Date(now - YEARS * 365 * DAY - r() * 200 * DAY).toISOString());
  }
  await db.query(
    `insert into organizations (id, name, plan_id, email_domains, created_at, updated_at) overriding system value
    select u.id, u.name, u.plan_id, array[u.domain], u.created_at, u.created_at
    from unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], $5::timestamptz[]) as u(id, name, plan_id, domain, created_at)`,
    [orgIds, org.name, org.plan, org.domain, org.created],
  );

  // Customers (≈10 % without an organization) and agents.
  const nCust = 2000;
  const nAgents = 8;
  const personIds = await reserveIds(db, 'people', nCust + nAgents);
  const customerIds = personIds.slice(0, nCust);
  const agentIds = personIds.slice(nCust);
  const ppl = {
    name: [] as string[],
    role: [] as string[],
    org: [] as (number | null)[],
    locale: [] as string[],
    email: [] as string[],
    created: [] as string[],
  };
  const personOrgIdx: number[] = [];
  for (let i = 0; i < nCust + nAgents; i++) {
    const agent = i >= nCust;
    const zh = r() < 0.6;
    const oi = agent || r() < 0.1 ? -1 : Math.floor(r() * nOrg);
    personOrgIdx.push(oi);
    ppl.name.push(zh ? `${pick(r, SURNAMES)}${pick(r, GIVEN)}` : `${pick(r, FIRST)} ${pick(r, LAST)}`);
    ppl.role.push(agent ? 'agent' : 'customer');
    ppl.org.push(oi >= 0 ? orgIds[oi] : null);
    ppl.locale.push(zh ? 'zh-CN' : 'en');
    ppl.email.push(agent ? `agent${i - nCust + 1}@kefu-bench.test` : `user${i + 1}@${oi >= 0 ? org.domain[oi] : 'mail.example.net'}`);
    ppl.created.push(new Date(now - YEARS * 365 * DAY - r() * 30 * DAY).toISOString());
  }
  await db.query(
    `insert into people (id, name, role, organization_id, locale, created_at, updated_at) overriding system value
    select u.id, u.name, u.role, u.org, u.locale, u.created_at, u.created_at
    from unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::timestamptz[]) as u(id, name, role, org, locale, created_at)`,
    [personIds, ppl.name, ppl.role, ppl.org, ppl.locale, ppl.created],
  );
  await db.query(
    `insert into person_emails (person_id, email, is_primary, verified_at, created_at)
    select u.id, u.email, true, u.created_at, u.created_at from unnest($1::bigint[], $2::text[], $3::timestamptz[]) as u(id, email, created_at)`,
    [personIds, ppl.email, ppl.created],
  );
  // Agents belong to one or two groups.
  await db.query(
    `insert into group_members (group_id, person_id) select distinct u.g, u.p from unnest($1::bigint[], $2::bigint[]) as u(g, p) on conflict do nothing`,
    [agentIds.flatMap((_, i) => [groupIds[i % groupIds.length], groupIds[(i + 1) % groupIds.length]]), agentIds.flatMap((id) => [id, id])],
  );

  // Tickets: created_at spread over 3 years (or o.years), ascending with the id (as in a real desk).
  const N = o.tickets;
  const span = (o.years ?? YEARS) * 365 * DAY;
  const start = now - span;
  // Sorted uniform times without sorting N numbers: cumulative exponential gaps, rescaled.
  const times = new Float64Array(N);
  {
    let acc = 0;
    for (let i = 0; i < N; i++) {
      acc += -Math.log(1 - r());
      times[i] = acc;
    }
    const scale = (span - 60_000) / (acc + -Math.log(1 - r()));
    for (let i = 0; i < N; i++) times[i] = start + times[i] * scale;
  }
  const priorityOf = weighted<string>([
    ['P1', 3],
    ['P2', 12],
    ['P3', 60],
    ['P4', 25],
  ]);
  const channelOf = weighted<string>([
    ['web', 40],
    ['email', 40],
    ['api', 10],
    ['chat', 8],
    ['phone', 2],
  ]);
  const unsolvedOf = weighted<string>([
    ['new', 30],
    ['open', 45],
    ['pending', 25],
  ]);
  const TAGS = ['billing', 'vip', 'bug', 'feature_request', 'dns', 'ssl', '账单', 'follow_up'];

  const ticketSql = `insert into tickets (id, subject, status, priority, channel, requester_id, organization_id, assignee_id, group_id, plan_id, plan_rank, tags,
      message_count, first_response_at, created_at, updated_at, solved_at, closed_at, search)
    overriding system value
    select u.id, u.subject, u.status, u.priority, u.channel, u.requester_id, u.organization_id, u.assignee_id, u.group_id, u.plan_id, u.plan_rank,
      string_to_array(u.tags, ','), 1, u.first_response_at, u.created_at, u.updated_at, u.solved_at, u.closed_at, to_tsvector('simple', u.search)
    from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::int[],
                $12::text[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[], $16::timestamptz[], $17::timestamptz[], $18::text[])
      as u(id, subject, status, priority, channel, requester_id, organization_id, assignee_id, group_id, plan_id, plan_rank,
           tags, first_response_at, created_at, updated_at, solved_at, closed_at, search)`;
  const messageSql = `insert into messages (ticket_id, author_id, internal, channel, body_text, body_html, created_at)
    select u.ticket_id, u.author_id, false, u.channel, u.body_text, u.body_html, u.created_at
    from unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::timestamptz[]) as u(ticket_id, author_id, channel, body_text, body_html, created_at)`;
  const eventSql = `insert into ticket_events (ticket_id, actor_id, type, data, created_at)
    select t.id, t.requester_id, 'ticket.created', jsonb_build_object('subject', t.subject, 'priority', t.priority, 'status', 'new', 'channel', t.channel), t.created_at
    from tickets t where t.id = any($1::bigint[])`;

  const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());
  const allIds = await reserveIds(db, 'tickets', N);
  const generate = async (from: number, n: number) => {
    const c = {
      ids: allIds.slice(from, from + n),
      subject: [] as string[],
      status: [] as string[],
      priority: [] as string[],
      channel: [] as string[],
      requester: [] as number[],
      org: [] as (number | null)[],
      assignee: [] as (number | null)[],
      group: [] as (number | null)[],
      plan: [] as (number | null)[],
      rank: [] as number[],
      tags: [] as string[],
      firstResponse: [] as (string | null)[],
      created: [] as string[],
      updated: [] as string[],
      solved: [] as (string | null)[],
      closed: [] as (string | null)[],
      search: [] as string[],
      body: [] as string[],
      html: [] as string[],
    };
    for (let k = 0; k < n; k++) {
      // Yield now and then so the database's replies are handled while we generate.
      if ((k & 511) === 511) await new Promise((res) => setImmediate(res));
      const created = times[from + k];
      const ageDays = (now - created) / DAY;
      // ≈10 % unsolved overall: a small stale share everywhere, most of the recent weeks.
      const unsolved = r() < 0.05 + 0.9 * Math.exp(-ageDays / 60);
      // Done tickets are closed once the default auto-close (4 days after solving) has passed, as on a
      // desk that has been running: otherwise the server's lifecycle job would spend the benchmark
      // closing a backlog of old solved tickets (≈ 90,000 at a million), competing with what is measured.
      let status = unsolved ? unsolvedOf(r) : 'solved';
      // Requesters: a few customers write a lot (squared skew).
      const ci = Math.floor(r() * r() * nCust);
      const oi = personOrgIdx[ci];
      const assigned = status !== 'new' || r() < 0.3;
      const firstResponse = status === 'new' ? null : created + (5 + r() * 480) * 60_000;
      const solved = status === 'solved' ? Math.min(now - 60_000, firstResponse! + r() * 5 * DAY) : null;
      if (solved != null && solved + AUTO_CLOSE_DAYS * DAY <= now) status = 'closed';
      const closed = status === 'closed' ? solved! + AUTO_CLOSE_DAYS * DAY : null;
      const updated = Math.min(now, Math.max(created, firstResponse ?? 0, solved ?? 0, closed ?? 0));
      const { subject, body } = ticketText(r);
      const nTags = r() < 0.6 ? 0 : r() < 0.7 ? 1 : 2;
      const tags = new Set<string>();
      for (let j = 0; j < nTags; j++) tags.add(pick(r, TAGS));
      c.subject.push(subject);
      c.status.push(status);
      c.priority.push(priorityOf(r));
      c.channel.push(channelOf(r));
      c.requester.push(customerIds[ci]);
      c.org.push(oi >= 0 ? orgIds[oi] : null);
      c.assignee.push(assigned ? pick(r, agentIds) : null);
      c.group.push(r() < 0.85 ? pick(r, groupIds) : null);
      c.plan.push(oi >= 0 ? org.plan[oi] : null);
      c.rank.push(oi >= 0 ? orgPlanRank[oi] : 1000);
      c.tags.push([...tags].join(','));
      c.firstResponse.push(iso(firstResponse));
      c.created.push(iso(created)!);
      c.updated.push(iso(updated)!);
      c.solved.push(iso(solved));
      c.closed.push(iso(closed));
      c.search.push(indexText(`${subject}\n${body}`)); // exactly what createTicket indexes
      c.body.push(body);
      c.html.push(textToHtml(body));
    }
    return c;
  };
  const insert = (c: Awaited<ReturnType<typeof generate>>) =>
    db.tx(async (q) => {
      await q.query(`set local synchronous_commit = off`);
      await q.query(ticketSql, [
        c.ids,
        c.subject,
        c.status,
        c.priority,
        c.channel,
        c.requester,
        c.org,
        c.assignee,
        c.group,
        c.plan,
        c.rank,
        c.tags,
        c.firstResponse,
        c.created,
        c.updated,
        c.solved,
        c.closed,
        c.search,
      ]);
      await q.query(messageSql, [c.ids, c.requester, c.channel, c.body, c.html, c.created]);
      await q.query(eventSql, [c.ids]);
    });

  // Pipelined: the next batch is generated in JS while the database writes the current one.
  let done = 0;
  let next = await generate(0, Math.min(o.batchSize, N));
  while (next.ids.length) {
    const current = next;
    const writing = insert(current);
    const from = done + current.ids.length;
    next = await generate(from, Math.min(o.batchSize, N - from));
    await writing;
    done = from;
    o.onProgress?.(done, N);
  }
  const seconds = (performance.now() - t0) / 1000;

  // Statistics (and, on PGlite, which has no autovacuum, the visibility map and GIN pending list too),
  // after folding the seeded tickets' report deltas as a running desk's reports.fold job would have.
  const a0 = performance.now();
  await db.tx((q) => rollupRepository.fold(q));
  await db.query(`vacuum analyze`);
  const analyzeSeconds = (performance.now() - a0) / 1000;

  const rows = nOrg + (nCust + nAgents) * 2 + N * 3;
  return {
    organizations: nOrg,
    customers: nCust,
    agents: nAgents,
    tickets: N,
    messages: N,
    events: N,
    seconds,
    ticketsPerSecond: N / seconds,
    rowsPerSecond: rows / seconds,
    analyzeSeconds,
    customerIds,
    agentIds,
  };
}

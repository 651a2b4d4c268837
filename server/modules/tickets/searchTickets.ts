import type { Db } from '../../db/client.ts';
import { toTsQuery } from '../../domain/search/tokenize.ts';
import type { Priority, Status } from '../../domain/tickets/ticket.ts';
import { isStaff, type Principal } from '../auth/principal.ts';
import { organizationRepository } from '../organizations/organizationRepository.ts';
import { peopleRepository } from '../people/peopleRepository.ts';
import { decodeCursor, encodeCursor } from '../shared/cursor.ts';
import { recentCutoff } from './recentWindow.ts';
import { indexTsQuery } from './searchWords.ts';
import { searchSnippets } from './searchSnippets.ts';
import { presentTicket } from './ticketPresenter.ts';
import { TICKET_COLUMNS, TICKET_STATE_COLUMNS, type TicketRow } from './ticketRepository.ts';
import { ticketScopeSql } from './ticketPolicy.ts';
import { SORTS } from './ticketSorts.ts';

export interface SearchFilter {
  status?: Status[];
  priority?: Priority[];
  plan_id?: number[];
  group_id?: number | 'none';
  assignee_id?: number | 'none' | 'me';
  tags?: string[];
  channel?: string[];
  requester_id?: number;
  organization_id?: number;
  created_from?: string;
  created_to?: string;
  updated_from?: string;
  updated_to?: string;
  /** Custom field values as containment documents (server/modules/fields/customFieldValues.ts `customFieldMatch`). */
  custom_fields?: Array<Array<Record<string, unknown>>>;
}

/** People and organizations looked at per query: they feed both the header's sections and the tickets they requested. */
const PEOPLE_LIMIT = 20;
const ORGS_LIMIT = 10;
const SHOWN = 5;

/** Stands for the words' branch until the query is built (recent or older matches). */
const WORDS = '\u0000words';
/** The words' branch over the recent window. */
const RECENT = '\u0000recent';

/** `#1000` or `1000`: a ticket number. */
export function ticketNumberOf(q: string): number | null {
  const m = /^#?\s*(\d{1,15})$/.exec(q.trim());
  return m && Number.isSafeInteger(Number(m[1])) && Number(m[1]) > 0 ? Number(m[1]) : null;
}

/**
 * The search behind the console header and /agent/search (docs/search.md). A ticket matches when
 * its text does (subject and public messages; staff also internal notes), its number is `q`, or its
 * requester or organization is one `q` names by the start of a name or address. Newest first, keyset
 * pages; every branch is an index scan (GIN search, number, requester, organization), merged by a union.
 * Customers see their own scope only, matched by text and number only, and no people or organizations.
 */
export async function searchTickets(db: Db, opts: { actor: Principal; q?: string; filter: SearchFilter; cursor?: string; limit: number }) {
  const { actor, filter: f } = opts;
  const staff = isStaff(actor);
  const q = (opts.q ?? '').trim();
  const sort = SORTS['-created_at'];
  const args: unknown[] = [];
  const arg = (v: unknown) => {
    args.push(v);
    return `$${args.length}`;
  };

  const people = staff && q ? await peopleRepository.searchByPrefix(db, { prefix: q, limit: PEOPLE_LIMIT }) : [];
  const organizations = staff && q ? await organizationRepository.searchByPrefix(db, { prefix: q, limit: ORGS_LIMIT }) : [];

  const where: string[] = [];
  if (!staff) {
    where.push(
      actor.organizationId != null
        ? `(t.organization_id = ${arg(actor.organizationId)} or t.requester_id = ${arg(actor.personId ?? -1)})`
        : `t.requester_id = ${arg(actor.personId ?? -1)}`,
    );
  }
  const groupScope = ticketScopeSql(actor, arg);
  if (groupScope) where.push(groupScope);
  if (f.status?.length) where.push(`t.status = any(${arg(f.status)}::text[])`);
  if (f.priority?.length) where.push(`t.priority = any(${arg(f.priority)}::text[])`);
  if (f.plan_id?.length) where.push(`t.plan_id = any(${arg(f.plan_id)}::bigint[])`);
  if (f.group_id === 'none') where.push('t.group_id is null');
  else if (f.group_id != null) where.push(`t.group_id = ${arg(f.group_id)}`);
  if (f.assignee_id === 'none') where.push('t.assignee_id is null');
  else if (f.assignee_id === 'me') where.push(`t.assignee_id = ${arg(actor.personId ?? -1)}`);
  else if (f.assignee_id != null) where.push(`t.assignee_id = ${arg(f.assignee_id)}`);
  if (f.tags?.length) where.push(`t.tags @> ${arg(f.tags.map((x) => x.toLowerCase()))}::text[]`);
  if (f.channel?.length) where.push(`t.channel = any(${arg(f.channel)}::text[])`);
  if (f.requester_id != null) where.push(`t.requester_id = ${arg(f.requester_id)}`);
  if (f.organization_id != null) where.push(`t.organization_id = ${arg(f.organization_id)}`);
  if (f.created_from) where.push(`t.created_at >= ${arg(f.created_from)}::timestamptz`);
  if (f.created_to) where.push(`t.created_at < ${arg(f.created_to)}::timestamptz`);
  if (f.updated_from) where.push(`t.updated_at >= ${arg(f.updated_from)}::timestamptz`);
  if (f.updated_to) where.push(`t.updated_at < ${arg(f.updated_to)}::timestamptz`);
  // Custom fields: jsonb containment on the GIN index tickets_fields_idx (migration 0019).
  for (const group of f.custom_fields ?? []) {
    const parts = group.map((doc) => `t.fields @> ${arg(JSON.stringify(doc))}::jsonb`);
    if (parts.length) where.push(parts.length === 1 ? parts[0] : `(${parts.join(' or ')})`);
  }
  const after = decodeCursor(opts.cursor, sort.keys.length);
  if (after) where.push(sort.after(after, arg));

  // The ways a ticket can match q; no q lists by the filters alone.
  const branches: string[] = [];
  let words: string | null = null;
  let wordsArg = -1;
  if (q) {
    const tsq = toTsQuery(q);
    if (tsq) {
      const p = arg(tsq);
      wordsArg = args.length - 1;
      words = staff
        ? `(t.search @@ to_tsquery('simple', ${p}) or t.search_internal @@ to_tsquery('simple', ${p}))`
        : `t.search @@ to_tsquery('simple', ${p})`;
      branches.push(WORDS);
    }
    const number = ticketNumberOf(q);
    if (number != null) branches.push(`t.number = ${arg(number)}`);
    if (people.length) branches.push(`t.requester_id = any(${arg(people.map((p) => p.id))}::bigint[])`);
    if (organizations.length) branches.push(`t.organization_id = any(${arg(organizations.map((o) => o.id))}::bigint[])`);
    if (!branches.length) return { tickets: { data: [], next_cursor: null }, people: [], organizations: [] };
  } else branches.push('true');

  const limit = arg(opts.limit + 1);
  const since = words ? await recentCutoff(db) : null;
  const cutoff = since ? arg(since) : null;
  const cond = (b: string) => `where ${[...where, b].join(' and ')}`;
  const run = (wordsBranch: string, cte = '') => {
    const ids = branches
      .map((b) =>
        b === WORDS && wordsBranch === RECENT
          ? // The recent walk tests the words on the window's tickets only (recentWindow.ts): the OFFSET keeps
            // the planner from answering them through the search index.
            `(select t.id, t.created_at from (select t.id, t.created_at, t.search, t.search_internal from tickets t ${cond(`t.created_at >= ${cutoff}`)} order by ${sort.orderBy} offset 0) t
               where ${words} order by ${sort.orderBy} limit ${limit})`
          : `(select t.id, t.created_at from tickets t ${cond(b === WORDS ? wordsBranch : b)} order by ${sort.orderBy} limit ${limit})`,
      )
      .join(' union ');
    return db.query<TicketRow & Record<string, unknown>>(
      `${cte}select ${TICKET_COLUMNS}${TICKET_STATE_COLUMNS}, ${sort.select} from tickets t
        where t.id in (select u.id from (${ids}) u order by u.created_at desc, u.id desc limit ${limit})
        order by ${sort.orderBy}`,
      args,
    );
  };
  // Words match in two steps, as the ticket list does (listTickets.ts): recent matches by walking
  // created_at backwards (fast for common words), then, only if the page is not full of them, older
  // ones found through the search index alone (fast for rare words; a walk would read every ticket).
  let rows = await run(since ? RECENT : '');
  const lastRow = rows[opts.limit];
  if (since && (!lastRow || new Date(lastRow.created_at as Date).getTime() < since.getTime())) {
    // The index is asked with the prefixes spelled out as words (searchWords.ts): same matches, and it
    // skips through its lists instead of gathering every ticket of a common word.
    args[wordsArg] = (await indexTsQuery(db, q)) ?? args[wordsArg];
    const older = await run(
      `t.id in (select id from m)`,
      `with m as materialized (select t.id from tickets t where ${words} and t.created_at < ${cutoff}) `,
    );
    const seen = new Set(rows.map((r) => Number(r.id)));
    rows = [...rows, ...older.filter((r) => !seen.has(Number(r.id)))]
      .sort((x, y) => new Date(y.created_at as Date).getTime() - new Date(x.created_at as Date).getTime() || Number(y.id) - Number(x.id))
      .slice(0, opts.limit + 1);
  }
  const more = rows.length > opts.limit;
  const pageRows = more ? rows.slice(0, opts.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  const snippets = q ? await searchSnippets(db, { ticketIds: pageRows.map((r) => Number(r.id)), query: q, withNotes: staff }) : new Map();
  const data = pageRows.map((r) => {
    const s = snippets.get(Number(r.id)) ?? null;
    return { ...presentTicket(r, actor), snippet: s?.text ?? null, snippet_internal: s?.internal ?? false };
  });
  return {
    tickets: { data, next_cursor: more ? encodeCursor(sort.keys.map((k) => last[k])) : null },
    // The header shows a few of each; a later page repeats none of them.
    people: opts.cursor
      ? []
      : people.slice(0, SHOWN).map((p) => ({
          id: p.id,
          name: p.name,
          email: p.email,
          role: p.role,
          organization: p.organization_id ? { id: p.organization_id, name: p.organization_name } : null,
        })),
    organizations: opts.cursor
      ? []
      : organizations
          .slice(0, SHOWN)
          .map((o) => ({ id: o.id, name: o.name, plan: o.plan_id ? { id: o.plan_id, name: o.plan_name } : null })),
  };
}

import { describe, expect, it } from 'vitest';
import type { Message } from '../../api/types.ts';
import { agoParts, newerByOthers } from './collision.ts';

const msg = (id: number, authorId: number | null, internal = false) =>
  ({
    id,
    ticket_id: 1,
    internal,
    channel: 'web',
    author: authorId == null ? null : { id: authorId, name: `P${authorId}`, role: 'agent' },
    body: '',
    html: '',
    attachments: [],
    created_at: '2026-12-03T10:00:00Z',
    sender_verified: true,
  }) as unknown as Message;

describe('newerByOthers', () => {
  const list = [msg(1, 9), msg(2, 7), msg(3, 5, true), msg(4, null), msg(5, 7)];
  it.each([
    ['nothing newer than the draft', 5, 7, null],
    ['my own later reply does not count', 4, 7, null],
    ["someone else's note after the draft", 2, 7, 3],
    ['the newest of several', 1, 9, 5],
    ['a system message does not count', 3, 7, null],
  ])('%s', (_n, since, me, expected) => {
    expect(newerByOthers(list, since, me)?.id ?? null).toBe(expected);
  });
});

describe('agoParts', () => {
  it('seconds under a minute, then whole minutes', () => {
    const t0 = Date.parse('2026-12-03T10:00:00Z');
    expect(agoParts('2026-12-03T10:00:00Z', t0 + 20_000)).toEqual({ unit: 'seconds', n: 20 });
    expect(agoParts('2026-12-03T10:00:00Z', t0 + 200_000)).toEqual({ unit: 'minutes', n: 3 });
    expect(agoParts('2026-12-03T10:00:00Z', t0 - 5_000)).toEqual({ unit: 'seconds', n: 0 });
  });
});

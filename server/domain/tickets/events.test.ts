import { describe, expect, it } from 'vitest';
import { CLOCK_EVENTS, isImported, TICKET_EVENTS, type TicketEvent } from './events.ts';

describe('the typed list of ticket events', () => {
  it('an unknown name or a payload of the wrong shape does not compile (checked by npm run typecheck)', () => {
    // @ts-expect-error: not an event Kefu records
    const unknown: TicketEvent = { type: 'ticket.exploded', data: {} };
    // @ts-expect-error: a message.added needs its message id, internal flag and author role
    const wrong: TicketEvent = { type: 'message.added', data: { subject: 'x' } };
    const right: TicketEvent = { type: 'message.added', data: { message_id: 1, internal: false, author_role: 'customer' } };
    expect([unknown, wrong, right]).toHaveLength(3);
  });

  it('the clock events are events, and history is recognised', () => {
    for (const e of CLOCK_EVENTS) expect(TICKET_EVENTS).toContain(e);
    expect(isImported({ type: 'ticket.updated', data: { changes: {}, imported: true } })).toBe(true);
    expect(isImported({ type: 'ticket.merged', data: { into: 3 } })).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_LIFECYCLE, lifecycleCutoffs, lifecycleProblem } from './lifecycle.ts';
import { statusChange } from './ticket.ts';

describe('ticket lifecycle', () => {
  it('by default only solved tickets close, four days after', () => {
    const now = new Date('2026-12-10T12:00:00Z');
    expect(lifecycleCutoffs(DEFAULT_LIFECYCLE, now)).toEqual({ close: new Date('2026-12-06T12:00:00Z'), remind: null, solve: null });
  });
  it('a reminder must come before the ticket is solved', () => {
    expect(lifecycleProblem({ auto_close_days: 4, pending_reminder_days: 3, pending_solve_days: 7 })).toBeNull();
    expect(lifecycleProblem({ auto_close_days: 4, pending_reminder_days: 7, pending_solve_days: 7 })?.field).toBe('pending_reminder_days');
  });
  it('status changes stamp and clear the lifecycle columns', () => {
    const at = new Date('2026-12-03T00:00:00Z');
    expect(statusChange('open', 'pending', at)).toEqual({ ok: true, patch: { status: 'pending', pending_since: at, reminded_at: null } });
    expect(statusChange('pending', 'open', at)).toEqual({ ok: true, patch: { status: 'open', pending_since: null } });
    expect(statusChange('on_hold', 'open', at)).toEqual({ ok: true, patch: { status: 'open', snoozed_until: null } });
    expect(statusChange('pending', 'solved', at)).toEqual({ ok: true, patch: { status: 'solved', solved_at: at, pending_since: null } });
    expect(statusChange('closed', 'open', at).ok).toBe(false);
  });
});

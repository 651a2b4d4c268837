import { describe, expect, it } from 'vitest';
import { computeSla } from './computeSla.ts';
import { escalationKey, escalationsDue, nextEscalationCheckAt } from './escalation.ts';
import { calendar24x7, MINUTE } from './testCalendars.ts';
import type { SlaPolicy, SlaState, TimelineEvent } from './types.ts';

const T0 = Date.UTC(2025, 0, 6, 10, 0);
const at = (minutes: number): number => T0 + minutes * MINUTE;
const WARN = 15 * MINUTE;

const POLICY: SlaPolicy = {
  id: 'pol',
  name: 'Enterprise',
  kind: 'sla',
  position: 0,
  match: {},
  targets: [
    { metric: 'first_response', priority: 'P1', minutes: 60, calendar_id: '24x7', pause_on: ['pending'] },
    { metric: 'resolution', priority: 'P1', minutes: 240, calendar_id: '24x7', pause_on: ['pending'] },
  ],
};
const c24 = calendar24x7();
const stateAt = (now: number, extra: TimelineEvent[] = []): SlaState =>
  computeSla({
    policy: POLICY,
    calendars: () => c24,
    timeline: [{ at: T0, type: 'created', status: 'new', priority: 'P1' }, ...extra],
    now,
  });

const FR = escalationKey('first_response', at(60));
const due = (now: number, warned: string[] = [], breached: string[] = [], extra: TimelineEvent[] = []) =>
  escalationsDue({
    state: stateAt(now, extra),
    now,
    warningMs: WARN,
    alreadyWarned: new Set(warned),
    alreadyBreached: new Set(breached),
  }).map((e) => `${e.type} ${e.key}`);

describe('escalationsDue', () => {
  it.each([
    { label: 'before the warning window', now: at(44), warned: [], breached: [], expected: [] },
    { label: 'warning window opens', now: at(45), warned: [], breached: [], expected: [`sla.warning ${FR}`] },
    { label: 'already warned', now: at(50), warned: [FR], breached: [], expected: [] },
    { label: 'due instant: breach (no stale warning)', now: at(60), warned: [], breached: [], expected: [`sla.breached ${FR}`] },
    { label: 'already breached', now: at(70), warned: [FR], breached: [FR], expected: [] },
    {
      label: 'both metrics, ordered by due',
      now: at(230),
      warned: [],
      breached: [],
      expected: [`sla.breached ${FR}`, `sla.warning ${escalationKey('resolution', at(240))}`],
    },
  ])('$label', ({ now, warned, breached, expected }) => {
    expect(due(now, warned, breached)).toEqual(expected);
  });

  it('a pause shifts due_at, so the new due gets its own warning', () => {
    const extra: TimelineEvent[] = [
      { at: at(30), type: 'status', status: 'pending' },
      { at: at(50), type: 'status', status: 'open' },
    ];
    expect(due(at(66), [FR], [], extra)).toEqual([`sla.warning ${escalationKey('first_response', at(80))}`]);
  });

  it('a metric paused after crossing its target still reports the breach once; stopped metrics never emit', () => {
    const paused: TimelineEvent[] = [{ at: at(70), type: 'status', status: 'pending' }];
    expect(due(at(90), [], [], paused)).toEqual([`sla.breached ${FR}`]);
    expect(due(at(90), [], [FR], paused)).toEqual([]);
    const replied: TimelineEvent[] = [{ at: at(70), type: 'agent_reply' }];
    expect(due(at(90), [], [], replied)).toEqual([]);
  });
});

describe('nextEscalationCheckAt', () => {
  it.each([
    { label: 'first warning', now: at(10), expected: at(45) },
    { label: 'then the breach', now: at(45), expected: at(60) },
    { label: 'then the resolution warning', now: at(60), expected: at(225) },
    { label: 'then the resolution breach', now: at(225), expected: at(240) },
    { label: 'nothing left', now: at(240), expected: null },
  ])('$label', ({ now, expected }) => {
    expect(nextEscalationCheckAt({ state: stateAt(now), warningMs: WARN })).toBe(expected);
  });

  it('paused or stopped clocks need no timer', () => {
    const s = stateAt(at(20), [
      { at: at(5), type: 'agent_reply' },
      { at: at(10), type: 'status', status: 'pending' },
    ]);
    expect(nextEscalationCheckAt({ state: s, warningMs: WARN })).toBeNull();
  });

  it('honours an explicit now', () => {
    expect(nextEscalationCheckAt({ state: stateAt(at(10)), warningMs: WARN, now: at(50) })).toBe(at(60));
  });
});

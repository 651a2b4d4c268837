import { describe, expect, it } from 'vitest';
import { queueExplanation } from './queueExplanation.ts';
import { MINUTE } from './testCalendars.ts';
import type { MetricState, SlaState } from './types.ts';

const T0 = Date.UTC(2025, 0, 6, 10, 0);
const at = (minutes: number): number => T0 + minutes * MINUTE;

const m = (over: Partial<MetricState>): MetricState => ({
  metric: 'first_response',
  target_minutes: 120,
  calendar_id: '24x7',
  status: 'running',
  due_at: at(120),
  started_at: T0,
  stopped_at: null,
  business_ms: 0,
  breached_at: null,
  ...over,
});

const state = (metrics: MetricState[], over: Partial<SlaState> = {}): SlaState => ({
  policy_id: 'pol-ent',
  kind: 'sla',
  priority: 'P1',
  status: 'open',
  as_of: at(97),
  metrics,
  next_breach_at: null,
  ...over,
});

const base = { plan: 'Enterprise', priority: 'P1' as const };

describe('queueExplanation', () => {
  it.each([
    {
      label: 'due in 23 min',
      s: state([m({}), m({ metric: 'resolution', due_at: at(480) })]),
      now: undefined,
      expected: { key: 'queue.reason.due', params: { ...base, metric: 'first_response', kind: 'sla', minutes: 23, due_at: at(120) } },
    },
    {
      label: 'partial minutes round up while due',
      s: state([m({})]),
      now: at(119) + 30_000,
      expected: { key: 'queue.reason.due', params: { ...base, metric: 'first_response', kind: 'sla', minutes: 1, due_at: at(120) } },
    },
    {
      label: 'overdue by 5 min (rounded down)',
      s: state([m({ status: 'breached_running', breached_at: at(120) })], { as_of: at(125) + 59_000 }),
      now: undefined,
      expected: { key: 'queue.reason.overdue', params: { ...base, metric: 'first_response', kind: 'sla', minutes: 5, due_at: at(120) } },
    },
    {
      label: 'the earliest running metric wins over a paused one',
      s: state(
        [
          m({ status: 'met', stopped_at: at(5) }),
          m({ metric: 'next_response', due_at: at(100) }),
          m({ metric: 'resolution', status: 'paused', due_at: null }),
        ],
        { kind: 'slo' },
      ),
      now: undefined,
      expected: { key: 'queue.reason.due', params: { ...base, metric: 'next_response', kind: 'slo', minutes: 3, due_at: at(100) } },
    },
    {
      label: 'paused (waiting on customer)',
      s: state([m({ status: 'met', stopped_at: at(5) }), m({ metric: 'resolution', status: 'paused', due_at: null })], {
        status: 'pending',
      }),
      now: undefined,
      expected: {
        key: 'queue.reason.paused',
        params: { ...base, metric: 'resolution', kind: 'sla', status: 'pending', breached_at: null },
      },
    },
    {
      label: 'no target for this priority',
      s: state([]),
      now: undefined,
      expected: { key: 'queue.reason.no_target', params: base },
    },
    {
      label: 'every clock stopped',
      s: state([m({ status: 'met', stopped_at: at(5) })]),
      now: undefined,
      expected: { key: 'queue.reason.no_running_target', params: base },
    },
    {
      label: 'solved, closed or merged: the work has ended (not "targets met")',
      s: state(
        [m({ status: 'cancelled', due_at: null, stopped_at: at(5) }), m({ metric: 'resolution', status: 'met', stopped_at: at(5) })],
        { status: 'closed' },
      ),
      now: undefined,
      expected: { key: 'queue.reason.ended', params: { ...base, status: 'closed' } },
    },
  ])('$label', ({ s, now, expected }) => {
    expect(queueExplanation({ ...base, state: s, now })).toEqual(expected);
  });

  it('no policy (e.g. Free plan) → no target, served in order of arrival', () => {
    expect(queueExplanation({ plan: 'Free', priority: 'P3', state: null })).toEqual({
      key: 'queue.reason.no_target',
      params: { plan: 'Free', priority: 'P3' },
    });
    expect(queueExplanation({ plan: null, priority: 'P3', state: null }).params.plan).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { emptyViewForm, filtersFromForm, formFromView, toggled } from './viewForm.ts';

describe('the view editor form', () => {
  it('a blank form means no filters', () => {
    expect(filtersFromForm(emptyViewForm())).toEqual({});
  });

  it('turns the form into filters: ids as numbers, words as they are, tags split, days as last_days', () => {
    const f = {
      ...emptyViewForm(),
      name: 'VIP mail',
      status: ['open', 'pending'],
      priority: ['P1'],
      group: ['mine', '3'],
      assignee: ['none', '7'],
      channel: ['email'],
      plan: ['2'],
      sla: ['breached'],
      tags: 'vip, billing，urgent',
      createdDays: '7',
    };
    expect(filtersFromForm(f)).toEqual({
      status: ['open', 'pending'],
      priority: ['P1'],
      group: ['mine', 3],
      assignee: ['none', 7],
      channel: ['email'],
      plan: [2],
      sla: ['breached'],
      tags: ['vip', 'billing', 'urgent'],
      created: { last_days: 7 },
    });
  });

  it('reads a view back into the form, single values as one-element lists', () => {
    const form = formFromView({
      name: 'Mine',
      shared: true,
      filters: { assignee: 'me', status: ['open'], tags: ['a', 'b'], updated: { last_days: 30 } },
    });
    expect(form).toMatchObject({ name: 'Mine', shared: true, assignee: ['me'], status: ['open'], tags: 'a, b', updatedDays: '30' });
  });

  it('keeps what the form cannot show (an explicit date range, custom fields) and drops what it cleared', () => {
    const previous = {
      status: ['open'],
      created: { from: '2026-01-01T00:00:00Z' },
      updated: { last_days: 3 },
      custom_fields: { region: 'eu' },
    };
    const form = { ...formFromView({ name: 'x', shared: false, filters: previous }), status: [], updatedDays: '' };
    expect(filtersFromForm(form, previous)).toEqual({ created: { from: '2026-01-01T00:00:00Z' }, custom_fields: { region: 'eu' } });
  });

  it('ignores a days value that is not a whole positive number', () => {
    expect(filtersFromForm({ ...emptyViewForm(), createdDays: '-2' })).toEqual({});
    expect(filtersFromForm({ ...emptyViewForm(), createdDays: '1.5' })).toEqual({});
  });

  it('toggles a value in a list', () => {
    expect(toggled(['a'], 'b')).toEqual(['a', 'b']);
    expect(toggled(['a', 'b'], 'a')).toEqual(['b']);
  });
});

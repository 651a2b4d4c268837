import { describe, expect, it } from 'vitest';
import {
  appliesTo,
  checkValue,
  checkValues,
  customFieldFilter,
  customFieldsOf,
  isCalendarDate,
  type FieldDefinition,
} from './customFields.ts';

const def = (key: string, type: FieldDefinition['type'], extra: Partial<FieldDefinition> = {}): FieldDefinition => ({
  key,
  type,
  options: [],
  categories: [],
  required: false,
  visible_to_customers: true,
  sensitive: false,
  active: true,
  ...extra,
});
const DEFS = [
  def('note', 'text'),
  def('seats', 'number'),
  def('renewal', 'date'),
  def('tier', 'select', { options: ['gold', 'silver'] }),
  def('regions', 'multiselect', { options: ['eu', 'us', 'cn'] }),
  def('vip', 'checkbox'),
  def('zone_id', 'text', { categories: ['dns'], required: true }),
  def('root_cause', 'text', { visible_to_customers: false }),
  def('card_last4', 'text', { sensitive: true }),
  def('old', 'text', { active: false }),
];
const ctx = { category: null, customer: false, enforceRequired: false };

describe('checkValue: each type', () => {
  it.each([
    ['note', '  hello ', 'hello'],
    ['note', '   ', null],
    ['seats', 12, 12],
    ['seats', -1.5, -1.5],
    ['renewal', '2026-02-28', '2026-02-28'],
    ['tier', 'gold', 'gold'],
    ['tier', '', null],
    ['regions', ['eu', 'cn', 'eu'], ['eu', 'cn']],
    ['regions', [], null],
    ['vip', false, false],
    ['note', null, null],
  ])('%s accepts %j as %j', (key, v, out) => {
    expect(
      checkValue(
        DEFS.find((d) => d.key === key)!,
        v,
      ),
    ).toEqual({ ok: true, value: out });
  });
  it.each([
    ['note', 12, 'not_text'],
    ['note', 'x'.repeat(10_001), 'too_long'],
    ['seats', '12', 'not_number'],
    ['seats', Number.NaN, 'not_number'],
    ['renewal', '2026-02-30', 'not_date'],
    ['renewal', '28/02/2026', 'not_date'],
    ['renewal', 20260228, 'not_date'],
    ['tier', 'bronze', 'not_option'],
    ['tier', ['gold'], 'not_option'],
    ['regions', 'eu', 'not_list'],
    ['regions', ['eu', 'mars'], 'not_option'],
    ['vip', 'yes', 'not_boolean'],
    ['vip', 1, 'not_boolean'],
  ])('%s refuses %j (%s)', (key, v, reason) => {
    expect(
      checkValue(
        DEFS.find((d) => d.key === key)!,
        v,
      ),
    ).toMatchObject({ ok: false, reason });
  });
  it('calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
  });
});

describe('checkValues', () => {
  it('normalizes known keys and names every bad one with where it came from', () => {
    const r = checkValues(DEFS, { custom: { seats: 'ten', tier: 'gold', nope: 1 } }, ctx);
    expect(r.values).toEqual({ tier: 'gold' });
    expect(r.issues).toEqual([
      { field: 'custom_fields.seats', key: 'seats', reason: 'not_number' },
      { field: 'custom_fields.nope', key: 'nope', reason: 'unknown' },
    ]);
  });
  it('legacy fields: defined keys are checked, others pass through', () => {
    const r = checkValues(DEFS, { legacy: { seats: 'x', description: 'free text' } }, ctx);
    expect(r.rest).toEqual({ description: 'free text' });
    expect(r.issues).toEqual([{ field: 'fields.seats', key: 'seats', reason: 'not_number' }]);
  });
  it('an inactive field is not written', () => {
    expect(checkValues(DEFS, { custom: { old: 'x' } }, ctx).issues[0]).toMatchObject({ reason: 'unknown' });
  });
  it('customers: a field not shown to them does not exist, through either object', () => {
    const c = { ...ctx, customer: true };
    expect(checkValues(DEFS, { custom: { root_cause: 'x' } }, c).issues).toEqual([
      { field: 'custom_fields.root_cause', key: 'root_cause', reason: 'unknown' },
    ]);
    expect(checkValues(DEFS, { legacy: { root_cause: 'x' } }, c).issues).toEqual([
      { field: 'fields.root_cause', key: 'root_cause', reason: 'unknown' },
    ]);
    expect(checkValues(DEFS, { custom: { root_cause: 'x' } }, ctx).issues).toEqual([]);
  });
  it('required per category, on creation; never cleared afterwards', () => {
    const create = { ...ctx, enforceRequired: true };
    expect(checkValues(DEFS, {}, { ...create, category: 'DNS' }).issues).toEqual([
      { field: 'custom_fields.zone_id', key: 'zone_id', reason: 'required' },
    ]);
    expect(checkValues(DEFS, { custom: { zone_id: '  ' } }, { ...create, category: 'dns' }).issues[0]).toMatchObject({
      reason: 'required',
    });
    expect(checkValues(DEFS, { custom: { zone_id: 'z1' } }, { ...create, category: 'dns' }).issues).toEqual([]);
    expect(checkValues(DEFS, {}, { ...create, category: 'billing' }).issues).toEqual([]);
    expect(checkValues(DEFS, {}, { ...ctx, category: 'dns' }).issues).toEqual([]);
    expect(checkValues(DEFS, { custom: { zone_id: null } }, { ...ctx, category: 'dns' }).issues[0]).toMatchObject({ reason: 'required' });
  });
  it('a required field hidden from customers is not asked of them', () => {
    const hidden = [def('triage', 'text', { required: true, visible_to_customers: false })];
    expect(checkValues(hidden, {}, { category: null, customer: true, enforceRequired: true }).issues).toEqual([]);
    expect(checkValues(hidden, {}, { category: null, customer: false, enforceRequired: true }).issues).toHaveLength(1);
  });
  it('appliesTo: empty categories mean every ticket', () => {
    expect(appliesTo({ categories: [] }, null)).toBe(true);
    expect(appliesTo({ categories: ['dns'] }, null)).toBe(false);
    expect(appliesTo({ categories: ['dns'] }, 'DNS')).toBe(true);
  });
});

describe('customFieldsOf', () => {
  it('keeps defined keys; hides staff-only ones from customers', () => {
    const fields = { description: 'x', tier: 'gold', root_cause: 'cable' };
    expect(customFieldsOf(DEFS, fields, false)).toEqual({ custom: { tier: 'gold', root_cause: 'cable' }, hidden: [] });
    expect(customFieldsOf(DEFS, fields, true)).toEqual({ custom: { tier: 'gold' }, hidden: ['root_cause'] });
  });
});

describe('customFieldFilter', () => {
  const f = (raw: unknown, customer = false) => customFieldFilter(DEFS, raw, { customer });
  it('single values share one containment document; lists are any of; multiselect lists are all of', () => {
    expect(f({ tier: 'gold', vip: true }).match).toEqual([[{ tier: 'gold', vip: true }]]);
    expect(f({ tier: ['gold', 'silver'] }).match).toEqual([[{ tier: 'gold' }, { tier: 'silver' }]]);
    expect(f({ regions: ['eu', 'us'], seats: 3 }).match).toEqual([[{ regions: ['eu', 'us'], seats: 3 }]]);
    expect(f({ regions: 'eu' }).match).toEqual([[{ regions: ['eu'] }]]);
  });
  it('a removed option can still be looked for (old tickets keep it)', () => {
    expect(f({ tier: 'platinum' }).issues).toEqual([]);
  });
  it('refuses unknown, wrongly typed and sensitive fields, and hidden ones for customers', () => {
    expect(f({ nope: 1 }).issues[0]).toMatchObject({ field: 'custom_fields.nope', reason: 'unknown' });
    expect(f({ seats: 'many' }).issues[0]).toMatchObject({ field: 'custom_fields.seats', reason: 'not_number' });
    expect(f({ card_last4: '4242' }).issues[0]).toMatchObject({ reason: 'sensitive_filter' });
    expect(f({ root_cause: 'cable' }, true).issues[0]).toMatchObject({ reason: 'unknown' });
    expect(f({ root_cause: 'cable' }).issues).toEqual([]);
    expect(f([1]).issues[0]).toMatchObject({ field: 'custom_fields' });
  });
});

import { describe, expect, it } from 'vitest';
import { cannedToMacroBody } from '../ticket/canned.ts';
import { hasActions, mergeActions, type Macro } from './macroApi.ts';
import { searchMacros } from './MacroPicker.tsx';

const m = (id: number, name: string, en: string, zh = ''): Macro => ({
  id,
  name,
  body: { en, 'zh-CN': zh },
  actions: {},
  shared: true,
  owner_id: null,
  usage_count: 0,
  my_usage_count: 0,
  last_used_at: null,
  can_edit: false,
  created_at: '',
  updated_at: '',
});

describe('searchMacros', () => {
  const list = [
    m(1, 'Refund', 'We refunded the order'),
    m(2, 'Password reset', 'Your password', '您的密码已重置'),
    m(3, 'Greeting', 'Hello, about your refund'),
  ];
  it.each([
    ['', [1, 2, 3]],
    ['refund', [1, 3]],
    ['REFUND', [1, 3]],
    ['  pass ', [2]],
    ['密码', [2]],
    ['nothing', []],
  ])('%j → %j (names first, then texts)', (q, ids) => expect(searchMacros(list, q).map((x) => x.id)).toEqual(ids));
});

describe('mergeActions', () => {
  it('a later macro wins per key; tags add up, and the later one decides a tag both name', () => {
    expect(
      mergeActions(
        { status: 'pending', tags_add: ['a', 'b'], tags_remove: ['c'] },
        { status: 'solved', assignee_id: null, tags_add: ['c'], tags_remove: ['b'] },
      ),
    ).toEqual({ status: 'solved', assignee_id: null, tags_add: ['a', 'c'], tags_remove: ['b'] });
  });
  it.each([
    [{}, false],
    [{ tags_add: [] }, false],
    [{ assignee_id: null }, true],
    [{ priority: 'P1' as const }, true],
    [null, false],
  ])('hasActions(%j) is %s', (a, yes) => expect(hasActions(a)).toBe(yes));
});

it('canned placeholders become macro placeholders', () => {
  expect(cannedToMacroBody('Hi {requester}, {requester}!\n— {agent} {other}')).toBe(
    'Hi {{requester.name}}, {{requester.name}}!\n— {{agent.name}} {other}',
  );
});

import { describe, expect, it } from 'vitest';
import { firstName, languageFor, pickBody, renderMacro, renderTemplate } from './render.ts';

const values = {
  'requester.name': 'Li Lei',
  'requester.first_name': 'Li',
  'requester.email': 'lilei@acme.test',
  'ticket.number': 1042,
  'ticket.subject': 'Login broken',
  'agent.name': 'Alice Wang',
  'organization.name': 'Acme',
};

describe('languageFor', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-TW', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['en', 'en'],
    ['en-GB', 'en'],
    ['de', 'en'],
    ['', 'en'],
    [null, 'en'],
    ['zhx', 'en'],
  ])('%s reads %s', (locale, lang) => expect(languageFor(locale)).toBe(lang));
});

describe('pickBody', () => {
  const both = { en: 'Hello', 'zh-CN': '您好' };
  it.each([
    [both, 'zh-CN', 'zh-CN', '您好'],
    [both, 'en', 'en', 'Hello'],
    [{ en: 'Hello', 'zh-CN': '' }, 'zh-CN', 'en', 'Hello'],
    [{ en: 'Hello', 'zh-CN': '  \n' }, 'zh-CN', 'en', 'Hello'],
    [{ en: '', 'zh-CN': '您好' }, 'en', 'zh-CN', '您好'],
    [{ en: '', 'zh-CN': '' }, 'zh-CN', 'zh-CN', ''],
  ])('%j for %s → %s', (bodies, locale, language, template) => expect(pickBody(bodies, locale)).toEqual({ language, template }));
});

describe('renderTemplate', () => {
  it.each([
    ['Hi {{requester.name}}', 'Hi Li Lei', []],
    ['{{ requester.first_name }} <{{requester.email}}>', 'Li <lilei@acme.test>', []],
    ['#{{ticket.number}} {{ticket.subject}}', '#1042 Login broken', []],
    ['— {{agent.name}}, {{organization.name}}', '— Alice Wang, Acme', []],
    ['{{agent.email}}|', '|', []], // known, no value: empty
    ['Dear {{customer.name}} and {{customer.name}}, {{x}}', 'Dear {{customer.name}} and {{customer.name}}, {{x}}', ['customer.name', 'x']],
    ['{single} {{ }} {{a b}} {{{requester.name}}}', '{single} {{ }} {{a b}} {Li Lei}', []],
    ['您好 {{requester.name}}，工单 #{{ticket.number}} 已处理。', '您好 Li Lei，工单 #1042 已处理。', []],
    ['', '', []],
  ])('%j → %j', (template, text, unknown) => expect(renderTemplate(template, values)).toEqual({ text, unknown }));

  it('does not expand placeholders inside values', () => {
    expect(
      renderTemplate('{{ticket.subject}} / {{agent.name}}', { 'ticket.subject': '{{agent.name}} $& $1', 'agent.name': 'A' }).text,
    ).toBe('{{agent.name}} $& $1 / A');
  });
});

describe('firstName', () => {
  it.each([
    ['Li Lei', 'Li'],
    ['  Carl  Customer ', 'Carl'],
    ['王小明', '王小明'],
    ['', ''],
    [null, ''],
  ])('%j → %j', (n, f) => expect(firstName(n)).toBe(f));
});

it('renderMacro picks the language and fills it', () => {
  expect(renderMacro({ en: 'Hello {{requester.name}}', 'zh-CN': '{{requester.name}}，您好' }, 'zh-CN', values)).toEqual({
    language: 'zh-CN',
    text: 'Li Lei，您好',
    unknown: [],
  });
});

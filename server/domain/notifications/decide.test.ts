import { describe, expect, it } from 'vitest';
import { decideNotifications, findMentions, type NotificationFacts } from './decide.ts';

const staff = new Set([1, 2, 3, 4, 5]);
const base = (f: Partial<NotificationFacts>): NotificationFacts => ({
  event: 'ticket.created',
  actorId: 1,
  ticket: { assigneeId: null, groupId: null },
  groupMembers: [],
  isActiveStaff: (id) => staff.has(id),
  ...f,
});
const kinds = (f: Partial<NotificationFacts>) => decideNotifications(base(f)).map((d) => `${d.personId}:${d.kind}`);

describe('decideNotifications', () => {
  it.each<[string, Partial<NotificationFacts>, string[]]>([
    [
      'new unassigned ticket: the group, not the actor',
      { ticket: { assigneeId: null, groupId: 9 }, groupMembers: [1, 2, 3] },
      ['2:new_in_group', '3:new_in_group'],
    ],
    ['new assigned ticket: the assignee only', { ticket: { assigneeId: 2, groupId: 9 }, groupMembers: [2, 3] }, ['2:assigned']],
    ['self-assigned at creation: nobody', { ticket: { assigneeId: 1, groupId: null } }, []],
    ['assignment change', { event: 'ticket.updated', changes: { assignee_id: [null, 3] } }, ['3:assigned']],
    ['unassigned: nobody', { event: 'ticket.updated', changes: { assignee_id: [3, null] } }, []],
    [
      'moved into a group, unassigned',
      { event: 'ticket.updated', changes: { group_id: [null, 9] }, groupMembers: [2, 4] },
      ['2:new_in_group', '4:new_in_group'],
    ],
    [
      'moved into a group, assigned',
      { event: 'ticket.updated', ticket: { assigneeId: 5, groupId: 9 }, changes: { group_id: [null, 9] }, groupMembers: [2] },
      [],
    ],
    [
      'reopened by a merge: the assignee, as for a reply',
      { event: 'ticket.updated', ticket: { assigneeId: 2, groupId: 9 }, changes: { status: ['solved', 'open'] }, reopenedByMerge: true },
      ['2:customer_replied'],
    ],
    [
      'reopened by hand: nobody',
      { event: 'ticket.updated', ticket: { assigneeId: 2, groupId: 9 }, changes: { status: ['solved', 'open'] } },
      [],
    ],
    [
      'customer reply, assigned',
      {
        event: 'message.added',
        actorId: 50,
        ticket: { assigneeId: 2, groupId: 9 },
        groupMembers: [3],
        message: { internal: false, authorIsCustomer: true },
      },
      ['2:customer_replied'],
    ],
    [
      'customer reply, unassigned: the group',
      {
        event: 'message.added',
        actorId: 50,
        ticket: { assigneeId: null, groupId: 9 },
        groupMembers: [3, 4],
        message: { internal: false, authorIsCustomer: true },
      },
      ['3:customer_replied', '4:customer_replied'],
    ],
    [
      'agent reply: nobody',
      { event: 'message.added', ticket: { assigneeId: 2, groupId: null }, message: { internal: false, authorIsCustomer: false } },
      [],
    ],
    [
      'note with mentions, not the author',
      { event: 'message.added', message: { internal: true, authorIsCustomer: false }, mentioned: [1, 3] },
      ['3:mentioned'],
    ],
    [
      'breach, system actor, assigned',
      { event: 'sla.breached', actorId: null, ticket: { assigneeId: 1, groupId: 9 }, groupMembers: [2] },
      ['1:sla_breached'],
    ],
    [
      'warning, unassigned',
      { event: 'sla.warning', actorId: null, ticket: { assigneeId: null, groupId: 9 }, groupMembers: [2, 3] },
      ['2:sla_warning', '3:sla_warning'],
    ],
    ['inactive or non-staff assignee: nobody', { event: 'sla.breached', actorId: null, ticket: { assigneeId: 77, groupId: null } }, []],
    [
      'breach or warning on a ticket nobody owns (no assignee, no group): the active admins',
      { event: 'sla.breached', actorId: null, ticket: { assigneeId: null, groupId: null }, admins: [4, 5, 88] },
      ['4:sla_breached', '5:sla_breached'],
    ],
    [
      'warning on a ticket nobody owns: the admins, by the warning kind',
      { event: 'sla.warning', actorId: null, ticket: { assigneeId: null, groupId: null }, admins: [4] },
      ['4:sla_warning'],
    ],
    [
      'a customer reply on a ticket nobody owns: nobody (the queue shows it)',
      {
        event: 'message.added',
        ticket: { assigneeId: null, groupId: null },
        message: { internal: false, authorIsCustomer: true },
        admins: [4],
      },
      [],
    ],
    [
      'low rating: the group, even when assigned',
      { event: 'satisfaction.rated', actorId: 50, lowScore: true, ticket: { assigneeId: 5, groupId: 9 }, groupMembers: [2, 3] },
      ['2:low_satisfaction', '3:low_satisfaction'],
    ],
    [
      'low rating without a group: the assignee',
      { event: 'satisfaction.rated', actorId: 50, lowScore: true, ticket: { assigneeId: 5, groupId: null } },
      ['5:low_satisfaction'],
    ],
    [
      'a rating that is not low: nobody',
      { event: 'satisfaction.rated', actorId: 50, lowScore: false, ticket: { assigneeId: 5, groupId: 9 }, groupMembers: [2] },
      [],
    ],
  ])('%s', (_, f, want) => expect(kinds(f)).toEqual(want));
});

describe('findMentions', () => {
  const people = [
    { id: 1, name: 'Li Lei', emailLocal: 'lilei' },
    { id: 2, name: 'Li', emailLocal: 'li.x' },
    { id: 3, name: '韩梅梅', emailLocal: 'hmm' },
    { id: 4, name: 'Bob', emailLocal: 'bob' },
  ];
  it.each<[string, number[]]>([
    ['@Li Lei please look', [1]],
    ['ask @li, then @lilei.', [2, 1]],
    ['@li.x knows', [2]],
    ['@韩梅梅请看一下', [3]],
    ['mail bob@example.com or @bobby', []],
    ['(@BOB) twice @bob', [4]],
  ])('%s', (text, want) => expect(findMentions(text, people)).toEqual(want));
});

import type { ParsedEmail } from './parseEmail.ts';

/**
 * Small ordered filters every inbound mail passes before routing (DESIGN rule 6). A filter may
 * drop the mail (it is still kept in inbound_emails with its status) or let it through without
 * an acknowledgement. Auto-replies are dropped, never added to a ticket: an out-of-office answer
 * would otherwise reopen tickets and could start a mail loop.
 */
export type Verdict =
  { action: 'drop'; status: 'bounce' | 'auto_reply' | 'ignored'; reason: string } | { action: 'accept'; noAck: string | null };

export interface FilterInput {
  mail: ParsedEmail;
  /** SMTP MAIL FROM ('' for the null sender `<>`); null when unknown (IMAP). */
  envelopeFrom: string | null;
  isSupportAddress(address: string): boolean;
  /** Mails from this sender in the last 10 minutes, this one included. */
  recentFromSender(): Promise<number>;
  senderLimit: number;
}

type Filter = (i: FilterInput) => Promise<Verdict | null> | Verdict | null;
const drop = (status: 'bounce' | 'auto_reply' | 'ignored', reason: string): Verdict => ({ action: 'drop', status, reason });
const noAck = (reason: string): Verdict => ({ action: 'accept', noAck: reason });
const first = (i: FilterInput, name: string) => i.mail.header(name)[0]?.trim().toLowerCase();

const SYSTEM_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)(\+.*)?@/i;

export const FILTERS: Array<[string, Filter]> = [
  ['sender', (i) => (i.mail.from ? null : drop('ignored', 'no sender address'))],
  [
    'bounce',
    (i) => {
      if (/^multipart\/report/.test(i.mail.contentType)) return drop('bounce', 'delivery status report (multipart/report)');
      if (SYSTEM_SENDER.test(i.mail.from!.address)) return drop('bounce', `sent by ${i.mail.from!.address}`);
      return null;
    },
  ],
  [
    'loop',
    (i) => (i.isSupportAddress(i.mail.from!.address) ? drop('ignored', 'sent from one of our own support addresses (mail loop)') : null),
  ],
  [
    'auto-reply',
    (i) => {
      const auto = first(i, 'auto-submitted');
      if (auto && auto !== 'no') return drop('auto_reply', `Auto-Submitted: ${auto}`);
      if (i.mail.header('x-autoreply').length) return drop('auto_reply', 'X-Autoreply');
      if (i.mail.header('x-autorespond').length) return drop('auto_reply', 'X-Autorespond');
      if (first(i, 'precedence') === 'auto_reply') return drop('auto_reply', 'Precedence: auto_reply');
      return null;
    },
  ],
  [
    'bulk',
    (i) => {
      const precedence = first(i, 'precedence');
      if (precedence && ['bulk', 'junk', 'list'].includes(precedence)) return noAck(`Precedence: ${precedence}`);
      if (i.mail.header('list-id').length) return noAck('List-Id');
      if (i.mail.header('x-auto-response-suppress').length) return noAck('X-Auto-Response-Suppress');
      if (i.envelopeFrom === '') return noAck('null envelope sender');
      return null;
    },
  ],
  [
    'rate',
    async (i) => {
      const n = await i.recentFromSender();
      return n > i.senderLimit ? noAck(`more than ${i.senderLimit} mails from this sender in 10 minutes`) : null;
    },
  ],
];

/** Runs the filters in order: the first drop wins; otherwise the first reason not to acknowledge. */
export async function runFilters(input: FilterInput): Promise<Verdict> {
  let reason: string | null = null;
  for (const [, filter] of FILTERS) {
    const v = await filter(input);
    if (!v) continue;
    if (v.action === 'drop') return v;
    reason ??= v.noAck;
  }
  return { action: 'accept', noAck: reason };
}

import { t, tightenHan } from '../../i18n/index.ts';
import { isValidTimeZone } from '../../domain/calendar/zone.ts';

/** Rendered mail: subject, plain text and HTML, in the recipient's language. */
export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const product = (locale: string) => t(locale, 'common.product');

/** Paragraphs of plain text; a link becomes an anchor in the HTML. */
type Block = string | { link: string; label: string } | { html: string; text: string };

function render(locale: string, subject: string, blocks: Block[], o: { marker: boolean }): Rendered {
  const marker = t(locale, 'email.marker');
  const textParts: string[] = [];
  const htmlParts: string[] = [];
  if (o.marker) {
    textParts.push(marker);
    htmlParts.push(`<div style="color:#9aa0a6;font-size:12px">${esc(marker)}</div>`);
  }
  for (const b of blocks) {
    if (typeof b === 'string') {
      textParts.push(b);
      htmlParts.push(`<p>${esc(b).replace(/\n/g, '<br>')}</p>`);
    } else if ('link' in b) {
      textParts.push(`${b.label}`.replace('{link}', b.link));
      const [before, after = ''] = b.label.split('{link}');
      htmlParts.push(`<p>${esc(before)}<a href="${esc(b.link)}">${esc(b.link)}</a>${esc(after)}</p>`);
    } else {
      textParts.push(b.text);
      htmlParts.push(b.html);
    }
  }
  textParts.push(t(locale, 'email.signature', { product: product(locale) }));
  htmlParts.push(`<p style="color:#5f6368">${esc(t(locale, 'email.signature', { product: product(locale) }))}</p>`);
  return {
    subject,
    text: textParts.join('\n\n') + '\n',
    html: `<!doctype html><html><body style="font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;line-height:1.6">${htmlParts.join('\n')}</body></html>`,
  };
}

const linkLabel = (locale: string) => t(locale, 'email.view_link', { link: '{link}' });

/** Five links, 1 to 5, each opening the rating page with that score chosen (opening it records nothing). */
function surveyBlock(locale: string, links: Array<{ score: number; url: string }>): Block {
  const title = t(locale, 'satisfaction.email.title');
  const ask = t(locale, 'satisfaction.email.ask');
  const label = (n: number) => t(locale, `satisfaction.score.${n}`);
  return {
    text: [
      title,
      ask,
      ...links.map((l) => t(locale, 'satisfaction.email.choice', { score: l.score, label: label(l.score), link: l.url })),
    ].join('\n'),
    html: `<p><strong>${esc(title)}</strong><br>${esc(ask)}</p>\n<p>${links
      .map(
        (l) =>
          `<a href="${esc(l.url)}" style="display:inline-block;margin:0 6px 6px 0;padding:6px 12px;border:1px solid #d0d4d9;border-radius:6px;color:#1a73e8;text-decoration:none">${l.score} ${esc(label(l.score))}</a>`,
      )
      .join('')}</p>`,
  };
}

export type TicketFacts = { number: number; subject: string; requesterName: string };

export const templates = {
  fromName: (locale: string) => t(locale, 'email.from_name', { product: product(locale) }),

  ticketReceived(locale: string, tk: TicketFacts & { due: string | null; link: string | null }): Rendered {
    return render(
      locale,
      t(locale, 'email.received.subject', tk),
      [
        t(locale, 'email.greeting', { name: tk.requesterName }),
        t(locale, 'email.received.body', tk),
        tk.due ? t(locale, 'email.received.due', { due: tk.due }) : t(locale, 'email.received.no_target'),
        t(locale, 'email.reply_hint'),
        ...(tk.link ? [{ link: tk.link, label: linkLabel(locale) }] : []),
      ],
      { marker: true },
    );
  },

  agentReply(locale: string, tk: TicketFacts & { agentName: string; bodyText: string; bodyHtml: string; link: string | null }): Rendered {
    return render(
      locale,
      t(locale, 'email.reply.subject', tk),
      [{ text: tk.bodyText, html: `<div>${tk.bodyHtml}</div>` }, ...(tk.link ? [{ link: tk.link, label: linkLabel(locale) }] : [])],
      { marker: true },
    );
  },

  /** `survey`: the "How did we do?" block, one link per score 1..5 (docs/satisfaction.md); null without it. */
  ticketSolved(locale: string, tk: TicketFacts & { link: string | null; survey?: Array<{ score: number; url: string }> | null }): Rendered {
    return render(
      locale,
      t(locale, 'email.solved.subject', tk),
      [
        t(locale, 'email.greeting', { name: tk.requesterName }),
        t(locale, 'email.solved.body', tk),
        ...(tk.survey?.length ? [surveyBlock(locale, tk.survey)] : []),
        ...(tk.link ? [{ link: tk.link, label: linkLabel(locale) }] : []),
      ],
      { marker: true },
    );
  },

  /** The ticket waits on the customer's answer: a reminder (lifecycle rule), with the private link. */
  pendingReminder(locale: string, tk: TicketFacts & { link: string | null }): Rendered {
    return render(
      locale,
      t(locale, 'email.reminder.subject', tk),
      [
        t(locale, 'email.greeting', { name: tk.requesterName }),
        t(locale, 'email.reminder.body', tk),
        ...(tk.link ? [{ link: tk.link, label: linkLabel(locale) }] : []),
      ],
      { marker: true },
    );
  },

  /** The plan does not cover this channel or category: the reason and the alternatives, in their language. */
  ticketRefused(locale: string, o: { subject: string; requesterName: string; reason: string }): Rendered {
    return render(
      locale,
      t(locale, 'email.refused.subject', o),
      [t(locale, 'email.greeting', { name: o.requesterName }), t(locale, 'email.refused.body', o), o.reason],
      { marker: false },
    );
  },

  /** A notification to an agent (docs/notifications.md): its line, the message it is about, the ticket link, and how to answer by mail. */
  agentNotification(locale: string, o: { text: string; excerpt: string | null; link: string }): Rendered {
    return render(
      locale,
      o.text,
      [
        o.text,
        ...(o.excerpt ? [o.excerpt] : []),
        { link: o.link, label: t(locale, 'notifications.email.open', { link: '{link}' }) },
        t(locale, 'notifications.email.reply_hint'),
        t(locale, 'notifications.email.settings'),
      ],
      { marker: true },
    );
  },

  /** The public web form was filled in with the address of an account: sign in to file it (docs/guest-tickets.md). No ticket was opened. */
  guestSignIn(locale: string, o: { name: string; subject: string; link: string }): Rendered {
    return render(
      locale,
      // The product's name is Chinese in Chinese (客服): no spaces around it there; a Latin name keeps them.
      tightenHan(t(locale, 'guest.email.sign_in.subject', { product: product(locale) })),
      [
        t(locale, 'email.greeting', { name: o.name }),
        t(locale, 'guest.email.sign_in.body', { subject: o.subject }),
        { link: o.link, label: t(locale, 'guest.email.sign_in.link', { link: '{link}' }) },
        t(locale, 'guest.email.sign_in.ignore'),
      ],
      { marker: false },
    );
  },

  passwordReset(locale: string, o: { email: string; link: string; hours: number }): Rendered {
    return render(
      locale,
      t(locale, 'email.password_reset.subject', { product: product(locale) }),
      [
        t(locale, 'email.password_reset.body', { ...o, product: product(locale) }),
        { link: o.link, label: '{link}' },
        t(locale, 'email.password_reset.ignore'),
      ],
      { marker: false },
    );
  },

  emailVerification(locale: string, o: { email: string; link: string; hours: number }): Rendered {
    return render(
      locale,
      t(locale, 'email.verify.subject', { product: product(locale) }),
      [t(locale, 'email.verify.body', o), { link: o.link, label: '{link}' }],
      { marker: false },
    );
  },
};

/** An IANA zone name (or an alias) this runtime knows. */
export const validZone = (zone: string | null | undefined): zone is string => !!zone && isValidTimeZone(zone);

/**
 * The zone a time in a mail is shown in: the recipient's own (people.timezone) if known, else the
 * desk's — the zone of the SLA calendar the time comes from, else the `email.time_zone` setting —
 * else UTC. Unknown zone names are skipped.
 */
export function mailTimeZone(...candidates: Array<string | null | undefined>): string {
  return candidates.find(validZone) ?? 'UTC';
}

/**
 * A due time in the recipient's language and time zone, e.g. "Mar 2, 2026, 17:00" / "2026年3月2日 17:00":
 * a 24-hour clock in both languages, as the web app and the service hours ("08:00–17:30") read.
 */
export function formatDue(due: string | Date, locale: string, timeZone: string | null): string {
  const d = typeof due === 'string' ? new Date(due) : due;
  const zone = timeZone || 'UTC';
  try {
    const s = new Intl.DateTimeFormat(locale === 'zh-CN' ? 'zh-CN' : 'en-US', {
      dateStyle: 'medium',
      timeStyle: 'short',
      hourCycle: 'h23',
      timeZone: zone,
    }).format(d);
    return `${s} (${zone})`;
  } catch {
    return d.toISOString();
  }
}

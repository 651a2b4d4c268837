import type { Queryable } from '../../db/client.ts';
import { t } from '../../i18n/index.ts';
import { queueEmail, type MailIdentity } from '../email/queueEmail.ts';
import type { Rendered } from '../email/templates.ts';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;

/**
 * The link an invitation token opens (it sets the password of the person it was issued for), with
 * the person's language: the page opens in the language of the mail, whatever the browser says.
 */
export const invitationLink = (identity: MailIdentity, token: string, locale: string) =>
  `${identity.publicUrl}/invite?token=${encodeURIComponent(token)}&lang=${encodeURIComponent(locale)}`;

/**
 * Queues the invitation mail with a freshly issued `token`, in the caller's transaction: the mail
 * exists only if the invitation does. Without SMTP it waits in the outbox (an admin passes the link on).
 */
export async function queueInvitation(
  q: Queryable,
  o: { person: { id: number; name: string; locale: string }; email: string; token: string; identity: MailIdentity; resent?: boolean },
) {
  await queueEmail(
    q,
    {
      kind: 'invitation',
      dedupeKey: `invite:${o.token.slice(-16)}`,
      personId: o.person.id,
      locale: o.person.locale,
      to: [o.email],
      rendered: invitationEmail(o.person.locale, {
        name: o.person.name,
        email: o.email,
        link: invitationLink(o.identity, o.token, o.person.locale),
        days: INVITATION_DAYS,
        resent: o.resent ?? false,
      }),
    },
    o.identity,
  );
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The invitation mail, in the invitee's language: who invited them is not said, the link and its
 * lifetime are; a re-invitation also says the earlier links stopped working (a first one has none).
 */
export function invitationEmail(
  locale: string,
  o: { name: string; email: string; link: string; days: number; resent?: boolean },
): Rendered {
  const product = t(locale, 'common.product');
  const body = t(locale, 'email.invitation.body', { ...o, product });
  const older = o.resent ? t(locale, 'email.invitation.older') : null;
  const signature = t(locale, 'email.signature', { product });
  return {
    subject: t(locale, 'email.invitation.subject', { product }),
    text: [body, o.link, older, signature].filter(Boolean).join('\n\n') + '\n',
    html:
      `<!doctype html><html><body style="font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;line-height:1.6">` +
      `<p>${esc(body)}</p><p><a href="${esc(o.link)}">${esc(o.link)}</a></p>${older ? `<p>${esc(older)}</p>` : ''}<p style="color:#5f6368">${esc(signature)}</p></body></html>`,
  };
}

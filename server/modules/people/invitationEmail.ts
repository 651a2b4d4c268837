import { t } from '../../i18n/index.ts';
import type { Rendered } from '../email/templates.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The invitation mail, in the invitee's language: who invited them is not said, the link and its lifetime are. */
export function invitationEmail(locale: string, o: { name: string; email: string; link: string; days: number }): Rendered {
  const product = t(locale, 'common.product');
  const body = t(locale, 'email.invitation.body', { ...o, product });
  const older = t(locale, 'email.invitation.older');
  const signature = t(locale, 'email.signature', { product });
  return {
    subject: t(locale, 'email.invitation.subject', { product }),
    text: [body, o.link, older, signature].join('\n\n') + '\n',
    html:
      `<!doctype html><html><body style="font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;line-height:1.6">` +
      `<p>${esc(body)}</p><p><a href="${esc(o.link)}">${esc(o.link)}</a></p><p>${esc(older)}</p><p style="color:#5f6368">${esc(signature)}</p></body></html>`,
  };
}

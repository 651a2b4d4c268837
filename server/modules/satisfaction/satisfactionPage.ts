import { t } from '../../i18n/index.ts';

/**
 * The rating page `/satisfaction/<token>` as plain HTML (docs/satisfaction.md): works without
 * JavaScript, records nothing when opened (mail scanners and link previews follow links), and
 * posts the chosen score with a form. Every text is escaped here.
 */
type Locale = 'en' | 'zh-CN';
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const SATISFACTION_CSS = `*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;font-size:16px;line-height:1.6;color:#202124;background:#f6f7f9}
main{max-width:560px;margin:40px auto;padding:24px;background:#fff;border:1px solid #e3e5e8;border-radius:8px}
h1{font-size:22px;margin:0 0 8px}
.ticket{color:#5f6368;margin:0 0 20px}
fieldset{border:0;padding:0;margin:0 0 16px}
legend{font-weight:600;margin-bottom:8px}
.scores{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:8px}
@media (max-width:480px){.scores{grid-template-columns:repeat(3,minmax(0,1fr))}}
.scores label{display:flex;flex-direction:column;align-items:center;padding:8px 4px;border:1px solid #d0d4d9;border-radius:6px;cursor:pointer;text-align:center;font-size:14px}
.scores input{margin:0 0 4px}
.scores .n{font-size:20px;font-weight:600}
label.comment{display:block;font-weight:600;margin-bottom:4px}
textarea{width:100%;min-height:96px;font:inherit;padding:8px;border:1px solid #d0d4d9;border-radius:6px}
button{margin-top:16px;padding:8px 20px;font:inherit;color:#fff;background:#1a73e8;border:0;border-radius:6px;cursor:pointer}
.note{color:#5f6368;font-size:14px}
.error{color:#b3261e;font-weight:600}
.lang{float:right;font-size:14px}
`;

const OTHER: Record<Locale, Locale> = { en: 'zh-CN', 'zh-CN': 'en' };
const LANG_NAME: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

function page(l: Locale, title: string, body: string, switchTo?: string): string {
  const other = OTHER[l];
  const lang = switchTo ? `<a class="lang" href="${esc(switchTo)}" hreflang="${other}" lang="${other}">${LANG_NAME[other]}</a>` : '';
  return `<!doctype html>
<html lang="${l}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/satisfaction.css">
</head>
<body>
<main>
${lang}${body}
</main>
</body>
</html>
`;
}

export interface RatingPageFacts {
  locale: Locale;
  token: string;
  ticket: { number: number; subject: string };
  /** The score to show selected: ?score= if given, else the current rating's. */
  score: number | null;
  comment: string;
  /** The rating already given (a new one replaces it). */
  rated: { score: number } | null;
  error?: string;
}

/** The form: five choices, a comment box, a submit button that POSTs to the same address. */
export function ratingFormHtml(f: RatingPageFacts): string {
  const l = f.locale;
  const action = `/satisfaction/${encodeURIComponent(f.token)}`;
  const choices = [1, 2, 3, 4, 5]
    .map(
      (n) =>
        `<label><input type="radio" name="score" value="${n}"${f.score === n ? ' checked' : ''} required><span class="n">${n}</span><span>${esc(t(l, `satisfaction.score.${n}`))}</span></label>`,
    )
    .join('\n');
  const body = `<h1>${esc(t(l, 'satisfaction.page.title'))}</h1>
<p class="ticket">${esc(t(l, 'satisfaction.page.ticket', { number: f.ticket.number, subject: f.ticket.subject }))}</p>
${f.error ? `<p class="error" role="alert">${esc(f.error)}</p>\n` : ''}${f.rated ? `<p class="note">${esc(t(l, 'satisfaction.page.already', { score: f.rated.score }))}</p>\n` : ''}<form method="post" action="${esc(action)}">
<input type="hidden" name="lang" value="${l}">
<fieldset>
<legend>${esc(t(l, 'satisfaction.page.question'))}</legend>
<div class="scores">
${choices}
</div>
</fieldset>
<label class="comment" for="comment">${esc(t(l, 'satisfaction.page.comment'))}</label>
<textarea id="comment" name="comment" maxlength="2000">${esc(f.comment)}</textarea>
<button type="submit">${esc(t(l, 'satisfaction.page.submit'))}</button>
</form>
<p class="note">${esc(t(l, 'satisfaction.page.privacy'))}</p>`;
  const switchTo = `${action}?lang=${OTHER[l]}${f.score ? `&score=${f.score}` : ''}`;
  return page(l, t(l, 'satisfaction.page.title'), body, switchTo);
}

/** After the form was sent. */
export function ratingThanksHtml(o: { locale: Locale; token: string; ticket: { number: number; subject: string }; score: number }): string {
  const l = o.locale;
  const again = `/satisfaction/${encodeURIComponent(o.token)}?lang=${l}`;
  const body = `<h1>${esc(t(l, 'satisfaction.page.thanks'))}</h1>
<p class="ticket">${esc(t(l, 'satisfaction.page.ticket', { number: o.ticket.number, subject: o.ticket.subject }))}</p>
<p>${esc(t(l, 'satisfaction.page.recorded', { score: o.score }))}</p>
<p class="note"><a href="${esc(again)}">${esc(t(l, 'satisfaction.page.change'))}</a></p>`;
  return page(l, t(l, 'satisfaction.page.thanks'), body);
}

/** An invalid, altered or expired link; surveys turned off; a ticket that cannot be rated now. */
export function ratingProblemHtml(o: { locale: Locale; message: string }): string {
  const l = o.locale;
  return page(l, t(l, 'satisfaction.page.title'), `<h1>${esc(t(l, 'satisfaction.page.title'))}</h1>\n<p>${esc(o.message)}</p>`);
}

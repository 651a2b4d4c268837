import { articlePath, bodyIn, titleIn, versionFor, type KbLocale } from '../../domain/kb/articles.ts';
import { t } from '../../i18n/index.ts';
import type { ArticleHead, ArticleRow, CategoryRow } from './kbRepository.ts';
import { plainText } from './renderMarkdown.ts';
import type { ArticleHit } from './searchArticles.ts';

/**
 * The public help center as plain HTML (docs/help-center.md): readable without JavaScript, one
 * small stylesheet, every text escaped here; article bodies are HTML sanitized when they were
 * saved (renderMarkdown) and are the only markup not built in this file.
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const OTHER: Record<KbLocale, KbLocale> = { en: 'zh-CN', 'zh-CN': 'en' };
const LANG_NAME: Record<KbLocale, string> = { en: 'English', 'zh-CN': '简体中文' };

interface PageOptions {
  locale: KbLocale;
  /** The page's path without `?lang=` (hreflang alternates and the language switch add it). */
  path: string;
  /** Extra query (e.g. `q=`) kept by the language switch. */
  query?: Record<string, string>;
  title: string;
  description: string;
  /** The desk's public address (KEFU_PUBLIC_URL), for absolute canonical and alternate links. */
  base?: string;
  body: string;
  /** Not for search engines (the not-found page). */
  noindex?: boolean;
}

function href(path: string, query: Record<string, string>) {
  const q = new URLSearchParams(query).toString();
  return q ? `${path}?${q}` : path;
}

function page(o: PageOptions): string {
  const l = o.locale;
  const abs = (p: string) => `${(o.base ?? '').replace(/\/+$/, '')}${p}`;
  const at = (loc: KbLocale) => href(o.path, { ...o.query, lang: loc });
  const home = href('/help', { lang: l });
  // "Contact support" leads to the public contact page (channels, hours, the form without an account)
  // in the language being read; "/" was the sign-in page, a dead end for a visitor.
  const contact = href('/contact', { lang: l });
  return `<!doctype html>
<html lang="${l}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)}</title>
<meta name="description" content="${esc(o.description.slice(0, 300))}">
${o.noindex ? '<meta name="robots" content="noindex">\n' : ''}<link rel="canonical" href="${esc(abs(at(l)))}">
<link rel="alternate" hreflang="en" href="${esc(abs(at('en')))}">
<link rel="alternate" hreflang="zh-CN" href="${esc(abs(at('zh-CN')))}">
<link rel="alternate" hreflang="x-default" href="${esc(abs(href(o.path, o.query ?? {})))}">
<link rel="stylesheet" href="/help/help.css">
</head>
<body>
<a class="skip" href="#main">${esc(t(l, 'help.skip'))}</a>
<header class="top"><div class="wrap">
<a class="brand" href="${esc(home)}">${esc(t(l, 'help.title'))}</a>
<nav><a href="${esc(at(OTHER[l]))}" hreflang="${OTHER[l]}" lang="${OTHER[l]}">${LANG_NAME[OTHER[l]]}</a> <a href="${esc(contact)}">${esc(t(l, 'help.contact_link'))}</a></nav>
</div></header>
<main id="main" class="wrap">
${searchForm(l, o.query?.q ?? '')}
${o.body}
</main>
<footer class="wrap"><p>${esc(t(l, 'help.contact'))} <a href="${esc(contact)}">${esc(t(l, 'help.contact_link'))}</a></p></footer>
</body>
</html>
`;
}

function searchForm(l: KbLocale, q: string) {
  return `<form class="search" action="/help" method="get" role="search">
<input type="hidden" name="lang" value="${l}">
<label for="help-q" class="sr">${esc(t(l, 'help.search_label'))}</label>
<input id="help-q" type="search" name="q" maxlength="200" value="${esc(q)}" placeholder="${esc(t(l, 'help.search_placeholder'))}">
<button type="submit">${esc(t(l, 'help.search_button'))}</button>
</form>`;
}

const categoryName = (c: CategoryRow, l: KbLocale) => (l === 'zh-CN' ? c.name_zh : c.name_en) || c.name_en || c.name_zh;

function articleLink(a: ArticleHead, l: KbLocale) {
  const shown = versionFor({ ...a, body_md_en: '', body_md_zh: '' }, l);
  return `<li><a href="${esc(articlePath(a, l))}"${shown !== l ? ` lang="${shown}"` : ''}>${esc(titleIn(a, shown))}</a></li>`;
}

export function helpHomeHtml(o: {
  locale: KbLocale;
  base?: string;
  q?: string;
  results: ArticleHit[] | null;
  sections: Array<{ category: CategoryRow | null; articles: ArticleHead[] }>;
}): string {
  const l = o.locale;
  let body: string;
  if (o.results) {
    const q = o.q ?? '';
    body = `<h1>${esc(t(l, 'help.results_for', { q }))}</h1>
${
  o.results.length
    ? `<ol class="results">${o.results
        .map(
          (r) =>
            `<li><a href="${esc(r.url)}"${r.lang !== l ? ` lang="${r.lang}"` : ''}>${esc(r.title)}</a><p${r.lang !== l ? ` lang="${r.lang}"` : ''}>${esc(r.snippet)}</p></li>`,
        )
        .join('\n')}</ol>`
    : `<p class="empty">${esc(t(l, 'help.no_results', { q }))}</p>`
}`;
  } else {
    body = `<h1>${esc(t(l, 'help.title'))}</h1>
${
  o.sections.length
    ? o.sections
        .map((s) => {
          const name = s.category ? categoryName(s.category, l) : t(l, 'help.uncategorized');
          const more = s.category
            ? `<p class="more"><a href="${esc(href(`/help/${s.category.slug}`, { lang: l }))}">${esc(t(l, 'help.all_articles'))} →</a></p>`
            : '';
          return `<section><h2>${esc(name)}</h2><ul class="articles">${s.articles.map((a) => articleLink(a, l)).join('')}</ul>${more}</section>`;
        })
        .join('\n')
    : `<p class="empty">${esc(t(l, 'help.empty'))}</p>`
}`;
  }
  return page({
    locale: l,
    base: o.base,
    path: '/help',
    query: o.q ? { q: o.q } : {},
    title: o.results ? `${t(l, 'help.results_for', { q: o.q ?? '' })} · ${t(l, 'help.title')}` : t(l, 'help.title'),
    description: t(l, 'help.description'),
    body,
  });
}

export function helpCategoryHtml(o: { locale: KbLocale; base?: string; category: CategoryRow; articles: ArticleHead[] }): string {
  const l = o.locale;
  const name = categoryName(o.category, l);
  const body = `<nav class="crumbs"><a href="${esc(href('/help', { lang: l }))}">${esc(t(l, 'help.breadcrumb_home'))}</a> ›</nav>
<h1>${esc(name)}</h1>
${o.articles.length ? `<ul class="articles">${o.articles.map((a) => articleLink(a, l)).join('')}</ul>` : `<p class="empty">${esc(t(l, 'help.category_empty'))}</p>`}`;
  return page({
    locale: l,
    base: o.base,
    path: `/help/${o.category.slug}`,
    title: `${name} · ${t(l, 'help.title')}`,
    description: `${name} — ${t(l, 'help.description')}`,
    body,
  });
}

export function helpArticleHtml(o: { locale: KbLocale; base?: string; article: ArticleRow; category: CategoryRow | null }): string {
  const l = o.locale;
  const a = o.article;
  const shown = versionFor(a, l);
  const title = titleIn(a, shown);
  const html = shown === 'zh-CN' ? a.body_html_zh : a.body_html_en;
  const crumbs = [`<a href="${esc(href('/help', { lang: l }))}">${esc(t(l, 'help.breadcrumb_home'))}</a>`];
  if (o.category) crumbs.push(`<a href="${esc(href(`/help/${o.category.slug}`, { lang: l }))}">${esc(categoryName(o.category, l))}</a>`);
  const updated = (a.updated_at instanceof Date ? a.updated_at : new Date(a.updated_at)).toISOString().slice(0, 10);
  const body = `<nav class="crumbs">${crumbs.join(' › ')} ›</nav>
<article${shown !== l ? ` lang="${shown}"` : ''}>
${shown !== l ? `<p class="note" lang="${l}">${esc(t(l, 'help.other_language'))}</p>` : ''}
<h1>${esc(title)}</h1>
<div class="body">${html}</div>
<p class="meta" lang="${l}">${esc(t(l, 'help.updated', { date: updated }))}</p>
</article>`;
  return page({
    locale: l,
    base: o.base,
    path: articlePath(a),
    title: `${title} · ${t(l, 'help.title')}`,
    description: plainText(html).slice(0, 160) || bodyIn(a, shown).slice(0, 160),
    body,
  });
}

export function helpNotFoundHtml(o: { locale: KbLocale; base?: string; path: string }): string {
  const l = o.locale;
  return page({
    locale: l,
    base: o.base,
    path: o.path,
    title: `${t(l, 'help.not_found_title')} · ${t(l, 'help.title')}`,
    description: t(l, 'help.not_found'),
    noindex: true,
    body: `<h1>${esc(t(l, 'help.not_found_title'))}</h1><p>${esc(t(l, 'help.not_found'))}</p><p><a href="${esc(href('/help', { lang: l }))}">${esc(t(l, 'help.back_home'))}</a></p>`,
  });
}

/** The help center's own stylesheet (served at /help/help.css). */
export const HELP_CSS = `*{box-sizing:border-box}
body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2933;background:#f7f8fa}
a{color:#1a5fb4}
.wrap{max-width:760px;margin:0 auto;padding:0 20px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.top{background:#1f2933;color:#fff}
.top .wrap{display:flex;align-items:center;justify-content:space-between;padding-top:12px;padding-bottom:12px}
.top a{color:#fff;text-decoration:none}.top nav a{margin-left:16px;opacity:.9}
.brand{font-weight:600;font-size:18px}
.search{display:flex;gap:8px;margin:24px 0}
.search input[type=search]{flex:1;font:inherit;padding:8px 12px;border:1px solid #c4cdd5;border-radius:6px}
.search button{font:inherit;padding:8px 16px;border:0;border-radius:6px;background:#1a5fb4;color:#fff;cursor:pointer}
h1{font-size:28px;line-height:1.3;margin:8px 0 16px}
h2{font-size:20px;margin:24px 0 8px}
section>h2:first-child{margin-top:0}
section,article,.results li{background:#fff;border:1px solid #e4e7eb;border-radius:8px;padding:16px 20px;margin:0 0 16px}
.articles{margin:0;padding-left:20px}
.results{list-style:none;padding:0}.results p{margin:4px 0 0;color:#52606d}
.results a{font-weight:600}
.crumbs{color:#52606d;font-size:14px;margin-top:8px}
.meta,.more{color:#52606d;font-size:14px}
.note{background:#fff8e1;border:1px solid #f0d68a;padding:8px 12px;border-radius:6px}
.empty{color:#52606d}
.body img{max-width:100%}
.body pre{background:#f0f2f5;padding:12px;overflow:auto;border-radius:6px}
.body code{background:#f0f2f5;padding:1px 4px;border-radius:4px}
.body table{border-collapse:collapse}.body td,.body th{border:1px solid #e4e7eb;padding:4px 8px}
.body blockquote{margin:0;padding-left:12px;border-left:3px solid #c4cdd5;color:#52606d}
footer{color:#52606d;font-size:14px;padding-bottom:32px}
`;

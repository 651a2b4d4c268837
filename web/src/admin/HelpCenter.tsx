import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type Page } from '../api/client.ts';
import type { KbArticle, KbArticleHead, KbCategory } from '../api/kb.ts';
import { useDebounced } from '../api/kb.ts';
import { useMe } from '../api/session.ts';
import { ErrorBanner } from '../components/ErrorBanner.tsx';
import { Field } from '../components/Field.tsx';
import { Skeleton } from '../components/Loading.tsx';
import { usePageTitle } from '../components/PageTitle.tsx';
import { QueryView } from '../components/QueryView.tsx';
import { Time } from '../components/Time.tsx';
import '../components/kb.css';

const useCategories = () => useQuery({ queryKey: ['kb', 'categories'], queryFn: () => api.get<{ data: KbCategory[] }>('/kb/categories') });

/** Admin › Help center: articles in both languages (Markdown with a preview), publishing, categories, counts (docs/help-center.md). */
export function HelpCenter() {
  const { t } = useTranslation();
  usePageTitle(t('kb.admin.nav'));
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const categories = useCategories();
  const articles = useInfiniteQuery({
    queryKey: ['kb', 'articles'],
    queryFn: ({ pageParam }) => api.get<Page<KbArticleHead>>('/kb/articles', { limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.next_cursor ?? undefined,
  });
  const cats = categories.data?.data ?? [];
  return (
    <main className="admin-page" id="main">
      <h1>{t('kb.admin.nav')}</h1>
      <p className="muted">
        {t('kb.admin.intro')}{' '}
        <a href="/help" target="_blank" rel="noreferrer">
          {t('kb.admin.public_link')}
        </a>
      </p>
      {editing !== null && <ArticleEditor key={String(editing)} id={editing} categories={cats} onClose={() => setEditing(null)} />}
      <section className="panel" aria-labelledby="kb-articles-h">
        <div className="kb-panel-head">
          <h2 className="panel-title" id="kb-articles-h">
            {t('kb.admin.articles')}
          </h2>
          <button type="button" className="btn btn-primary" onClick={() => setEditing('new')}>
            {t('kb.admin.new')}
          </button>
        </div>
        <QueryView query={articles} skeleton={<Skeleton rows={3} />}>
          {(d) => {
            const rows = d.pages.flatMap((p) => p.data);
            if (!rows.length) return <p className="muted">{t('kb.admin.none')}</p>;
            return (
              <>
                <table className="table">
                  <thead>
                    <tr>
                      <th>{t('kb.admin.col_title')}</th>
                      <th>{t('kb.admin.col_status')}</th>
                      <th>{t('kb.admin.col_category')}</th>
                      <th>{t('kb.admin.col_views')}</th>
                      <th>{t('kb.admin.col_helpful')}</th>
                      <th>{t('kb.admin.col_unhelpful')}</th>
                      <th>{t('kb.admin.col_deflections')}</th>
                      <th>{t('kb.admin.col_updated')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((a) => (
                      <tr key={a.id}>
                        <td>
                          <button type="button" className="kb-link" onClick={() => setEditing(a.id)}>
                            {a.title_en || a.title_zh}
                          </button>
                          {a.title_en && a.title_zh && <div className="muted small">{a.title_zh}</div>}
                        </td>
                        <td>
                          <span className={a.status === 'published' ? 'badge kb-badge-published' : 'badge'}>
                            {t(`kb.admin.status_${a.status}`)}
                          </span>
                        </td>
                        <td>{cats.find((c) => c.id === a.category_id)?.name ?? '—'}</td>
                        <td className="kb-counts">{a.views}</td>
                        <td className="kb-counts">{a.helpful}</td>
                        <td className="kb-counts">{a.unhelpful}</td>
                        <td className="kb-counts">{a.deflections}</td>
                        <td>
                          <Time value={a.updated_at} relative />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {articles.hasNextPage && (
                  <button
                    type="button"
                    className="btn"
                    disabled={articles.isFetchingNextPage}
                    onClick={() => void articles.fetchNextPage()}
                  >
                    {t('kb.admin.load_more')}
                  </button>
                )}
              </>
            );
          }}
        </QueryView>
      </section>
      <Categories categories={cats} />
    </main>
  );
}

type Draft = Pick<KbArticle, 'title_en' | 'title_zh' | 'body_md_en' | 'body_md_zh' | 'slug'> & { category_id: number | null };
const EMPTY: Draft = { title_en: '', title_zh: '', body_md_en: '', body_md_zh: '', slug: '', category_id: null };

function ArticleEditor({ id, categories, onClose }: { id: number | 'new'; categories: KbCategory[]; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const admin = useMe().data?.role === 'admin';
  const existing = useQuery({
    queryKey: ['kb', 'article', id],
    queryFn: () => api.get<KbArticle>(`/kb/articles/${id}`),
    enabled: id !== 'new',
  });
  const [d, setD] = useState<Draft>(EMPTY);
  const [savedId, setSavedId] = useState<number | null>(id === 'new' ? null : id);
  const [status, setStatus] = useState<'draft' | 'published'>('draft');
  const [lang, setLang] = useState<'en' | 'zh'>('en');
  const [notice, setNotice] = useState(false);
  useEffect(() => {
    const a = existing.data;
    if (a) {
      setD({
        title_en: a.title_en,
        title_zh: a.title_zh,
        body_md_en: a.body_md_en,
        body_md_zh: a.body_md_zh,
        slug: a.slug,
        category_id: a.category_id,
      });
      setStatus(a.status);
    }
  }, [existing.data]);
  const save = useMutation({
    mutationFn: (next: 'draft' | 'published') => {
      const body = { ...d, slug: d.slug.trim() || undefined, status: next };
      return savedId ? api.patch<KbArticle>(`/kb/articles/${savedId}`, body) : api.post<KbArticle>('/kb/articles', body);
    },
    onSuccess: (a) => {
      setSavedId(a.id);
      setStatus(a.status);
      setD((x) => ({ ...x, slug: a.slug }));
      setNotice(true);
      void qc.invalidateQueries({ queryKey: ['kb'] });
    },
  });
  const remove = useMutation({
    mutationFn: () => api.del(`/kb/articles/${savedId}`),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['kb'] });
      onClose();
    },
  });
  const body = lang === 'en' ? d.body_md_en : d.body_md_zh;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(status);
  };
  const change = (patch: Partial<Draft>) => {
    setNotice(false);
    setD((x) => ({ ...x, ...patch }));
  };
  return (
    <form className="panel stack" aria-label={t(id === 'new' ? 'kb.admin.creating' : 'kb.admin.editing')} onSubmit={submit}>
      <div className="kb-panel-head">
        <h2 className="panel-title">{t(savedId ? 'kb.admin.editing' : 'kb.admin.creating')}</h2>
        <span className={status === 'published' ? 'badge kb-badge-published' : 'badge'}>{t(`kb.admin.status_${status}`)}</span>
      </div>
      {existing.isError && <ErrorBanner error={existing.error} />}
      {save.isError && <ErrorBanner error={save.error} />}
      {remove.isError && <ErrorBanner error={remove.error} />}
      <div className="kb-grid">
        <Field label={t('kb.admin.title_en')}>
          {(p) => <input {...p} maxLength={200} value={d.title_en} onChange={(e) => change({ title_en: e.target.value })} />}
        </Field>
        <Field label={t('kb.admin.title_zh')}>
          {(p) => <input {...p} maxLength={200} value={d.title_zh} onChange={(e) => change({ title_zh: e.target.value })} />}
        </Field>
        <Field label={t('kb.admin.category')}>
          {(p) => (
            <select
              {...p}
              value={d.category_id ?? ''}
              onChange={(e) => change({ category_id: e.target.value ? Number(e.target.value) : null })}
            >
              <option value="">{t('kb.admin.no_category')}</option>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('kb.admin.slug')} hint={t('kb.admin.slug_hint')}>
          {(p) => (
            <input
              {...p}
              maxLength={80}
              pattern="[a-z0-9][a-z0-9\-]{0,79}"
              value={d.slug}
              onChange={(e) => change({ slug: e.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="tabs tabs-sm" role="tablist">
        {(['en', 'zh'] as const).map((l) => (
          <button
            key={l}
            type="button"
            role="tab"
            aria-selected={lang === l}
            className={lang === l ? 'tab active' : 'tab'}
            onClick={() => setLang(l)}
          >
            {t(`kb.admin.lang_${l}`)}
          </button>
        ))}
      </div>
      <div className="kb-editor">
        <Field label={t(lang === 'en' ? 'kb.admin.body_en' : 'kb.admin.body_zh')}>
          {(p) => (
            <textarea
              {...p}
              maxLength={100_000}
              value={body}
              onChange={(e) => change(lang === 'en' ? { body_md_en: e.target.value } : { body_md_zh: e.target.value })}
            />
          )}
        </Field>
        <Preview markdown={body} />
      </div>
      {!admin && <p className="muted small">{t('kb.admin.admins_publish')}</p>}
      {notice && (
        <p className="notice" role="status">
          {t('kb.admin.saved')}
        </p>
      )}
      <div className="btn-row">
        {status === 'draft' ? (
          <>
            <button type="button" className="btn" disabled={save.isPending} onClick={() => save.mutate('draft')}>
              {t('kb.admin.save_draft')}
            </button>
            {admin && (
              <button type="button" className="btn btn-primary" disabled={save.isPending} onClick={() => save.mutate('published')}>
                {t('kb.admin.publish')}
              </button>
            )}
          </>
        ) : (
          <>
            <button type="button" className="btn btn-primary" disabled={save.isPending || !admin} onClick={() => save.mutate('published')}>
              {t('kb.admin.save')}
            </button>
            {admin && (
              <button type="button" className="btn" disabled={save.isPending} onClick={() => save.mutate('draft')}>
                {t('kb.admin.unpublish')}
              </button>
            )}
          </>
        )}
        {savedId && status === 'published' && (
          <a className="btn btn-ghost" href={`/help/articles/${savedId}-${d.slug}`} target="_blank" rel="noreferrer">
            {t('kb.admin.view_public')}
          </a>
        )}
        <span className="spacer" />
        {savedId && (admin || status === 'draft') && (
          <button
            type="button"
            className="btn btn-danger"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(t('kb.admin.delete_confirm'))) remove.mutate();
            }}
          >
            {t('kb.admin.delete')}
          </button>
        )}
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {t('kb.admin.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * What the public page will show: the server renders and sanitizes the Markdown (POST /kb/preview)
 * and the result is shown in a frame without scripts or same-origin rights, like mail HTML.
 */
function Preview({ markdown }: { markdown: string }) {
  const { t } = useTranslation();
  const md = useDebounced(markdown, 400);
  const preview = useQuery({
    queryKey: ['kb', 'preview', md],
    queryFn: () => api.post<{ html: string }>('/kb/preview', { markdown: md }),
    enabled: md.trim().length > 0,
    staleTime: Infinity,
  });
  const html = md.trim() ? (preview.data?.html ?? '') : '';
  return (
    <div className="field">
      <span className="label">{t('kb.admin.preview')}</span>
      {preview.isError && <ErrorBanner error={preview.error} />}
      {html ? (
        <iframe
          className="kb-preview"
          title={t('kb.admin.preview')}
          sandbox=""
          srcDoc={`<!doctype html><meta charset="utf-8"><style>body{font:14px/1.6 system-ui,sans-serif;margin:8px}img{max-width:100%}pre{background:#f0f2f5;padding:8px}</style>${html}`}
        />
      ) : (
        <div className="kb-preview muted">{t('kb.admin.preview_empty')}</div>
      )}
    </div>
  );
}

function Categories({ categories }: { categories: KbCategory[] }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const admin = useMe().data?.role === 'admin';
  const [draft, setDraft] = useState({ slug: '', name_en: '', name_zh: '' });
  const refresh = () => qc.invalidateQueries({ queryKey: ['kb'] });
  const add = useMutation({
    mutationFn: () => api.post('/kb/categories', { slug: draft.slug.trim(), name_en: draft.name_en.trim(), name_zh: draft.name_zh.trim() }),
    onSuccess: async () => {
      setDraft({ slug: '', name_en: '', name_zh: '' });
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: number) => api.del(`/kb/categories/${id}`), onSuccess: refresh });
  return (
    <section className="panel" aria-labelledby="kb-categories-h">
      <h2 className="panel-title" id="kb-categories-h">
        {t('kb.admin.categories')}
      </h2>
      {add.isError && <ErrorBanner error={add.error} />}
      {remove.isError && <ErrorBanner error={remove.error} />}
      {categories.length === 0 && <p className="muted">{t('kb.admin.no_categories')}</p>}
      <ul className="plain">
        {categories.map((c) => (
          <li key={c.id} className="status-admin-row">
            <span>
              {c.name_en} · {c.name_zh} <span className="muted small">/help/{c.slug}</span>
            </span>
            {admin && (
              <button type="button" className="btn btn-sm" disabled={remove.isPending} onClick={() => remove.mutate(c.id)}>
                {t('kb.admin.delete_category')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {admin && (
        <form
          className="status-add"
          aria-label={t('kb.admin.add_category')}
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Field label={t('kb.admin.cat_slug')}>
            {(p) => (
              <input
                {...p}
                required
                pattern="[a-z0-9][a-z0-9\-]{0,59}"
                value={draft.slug}
                onChange={(e) => setDraft({ ...draft, slug: e.target.value })}
              />
            )}
          </Field>
          <Field label={t('kb.admin.cat_name_en')}>
            {(p) => <input {...p} required value={draft.name_en} onChange={(e) => setDraft({ ...draft, name_en: e.target.value })} />}
          </Field>
          <Field label={t('kb.admin.cat_name_zh')}>
            {(p) => <input {...p} required value={draft.name_zh} onChange={(e) => setDraft({ ...draft, name_zh: e.target.value })} />}
          </Field>
          <button type="submit" className="btn" disabled={add.isPending}>
            {t('kb.admin.add_category')}
          </button>
        </form>
      )}
    </section>
  );
}

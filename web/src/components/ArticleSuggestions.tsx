import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { articleFeedback, useArticleSearch, useDebounced, type ArticleHit } from '../api/kb.ts';
import './kb.css';

/**
 * Help articles matching what the customer is typing (docs/help-center.md): up to five, shown
 * while they write a summary (the guided form, the guest form). "This solved it" counts a
 * deflection and calls `onSolved`: the form then ends without a ticket (see ArticleSolved).
 */
export function ArticleSuggestions({ query, onSolved }: { query: string; onSolved: (article: ArticleHit) => void }) {
  const { t } = useTranslation();
  const q = useDebounced(query.trim(), 300);
  // One character is too little to suggest anything useful (a Chinese pair is enough).
  const long = Array.from(q).length >= 2;
  const search = useArticleSearch(q, { limit: 5, enabled: long });
  const [sending, setSending] = useState<number | null>(null);
  const hits = long ? (search.data?.data ?? []) : [];
  if (!hits.length) return null;

  const solved = async (a: ArticleHit) => {
    setSending(a.id);
    try {
      await articleFeedback(a.id, true, true);
    } catch {
      // The customer's problem is solved either way; only the count is lost (e.g. rate limited).
    }
    setSending(null);
    onSolved(a);
  };

  return (
    <section className="kb-suggest" aria-label={t('kb.suggest.title')} aria-live="polite">
      <h3 className="kb-suggest-title">{t('kb.suggest.title')}</h3>
      <p className="muted kb-suggest-intro">{t('kb.suggest.intro')}</p>
      <ul className="kb-suggest-list">
        {hits.map((a) => (
          <li key={a.id} className="kb-suggest-item">
            <a href={a.url} target="_blank" rel="noopener" lang={a.lang} className="kb-suggest-link">
              {a.title}
              <span className="sr-only"> {t('kb.suggest.new_tab')}</span>
            </a>
            {a.snippet && (
              <p className="kb-suggest-snippet" lang={a.lang}>
                {a.snippet}
              </p>
            )}
            <button type="button" className="btn btn-sm" disabled={sending !== null} onClick={() => void solved(a)}>
              {t('kb.suggest.solved')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The end of a form an article answered: no ticket was filed. */
export function ArticleSolved({ article, onBack }: { article: ArticleHit; onBack?: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="confirm kb-solved" role="status">
      <div className="confirm-icon" aria-hidden="true">
        ✓
      </div>
      <h1 tabIndex={-1}>{t('kb.solved.title')}</h1>
      <p>{t('kb.solved.body')}</p>
      <p>
        <a href={article.url} target="_blank" rel="noopener" lang={article.lang}>
          {article.title}
        </a>
      </p>
      <div className="btn-row center">
        <a className="btn" href={`/help?lang=${i18n.language === 'zh-CN' ? 'zh-CN' : 'en'}`}>
          {t('kb.solved.help_center')}
        </a>
        {onBack && (
          <button type="button" className="btn btn-ghost" onClick={onBack}>
            {t('kb.solved.back')}
          </button>
        )}
      </div>
    </div>
  );
}

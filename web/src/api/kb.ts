import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from './client.ts';
import type { ApiResponse, Item } from './types.ts';

/** Help center (docs/help-center.md). */
export type ArticleHit = Item<ApiResponse<'/api/v1/kb/search', 'get'>>;
export type KbArticle = ApiResponse<'/api/v1/kb/articles/{id}', 'get'>;
export type KbArticleHead = Item<ApiResponse<'/api/v1/kb/articles', 'get'>>;
export type KbCategory = Item<ApiResponse<'/api/v1/kb/categories', 'get'>>;
export type KbLang = 'en' | 'zh-CN';

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

/** Something the index can match: a letter, a digit or a Chinese character. */
export const searchable = (q: string) => /[\p{L}\p{N}]/u.test(q);

/** Published articles matching `q` (public: guests too), in `lang` or the interface's language. */
export function useArticleSearch(q: string, o: { lang?: KbLang; limit?: number; enabled?: boolean } = {}) {
  const { i18n } = useTranslation();
  const lang: KbLang = o.lang ?? (i18n.language === 'zh-CN' ? 'zh-CN' : 'en');
  const query = q.trim();
  return useQuery({
    queryKey: ['kb', 'search', lang, query, o.limit ?? 5],
    queryFn: ({ signal }) => api.get<{ data: ArticleHit[] }>('/kb/search', { q: query, lang, limit: o.limit ?? 5 }, signal),
    enabled: (o.enabled ?? true) && searchable(query),
    staleTime: 60_000,
  });
}

/** "Did this help?": counted per article; `deflected` when it ended a ticket form. */
export const articleFeedback = (id: number, helpful: boolean, deflected: boolean) =>
  api.post(`/kb/articles/${id}/feedback`, { helpful, deflected });

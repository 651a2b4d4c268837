import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the document title, so tabs and screen readers say where you are. */
export function usePageTitle(title: string | undefined) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? `${title} · ${t('common.product')}` : t('common.product');
  }, [title, t]);
}

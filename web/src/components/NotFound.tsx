import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { EmptyState } from './EmptyState.tsx';
import { usePageTitle } from './PageTitle.tsx';

export function NotFound() {
  const { t } = useTranslation();
  usePageTitle(t('errors.not_found_title'));
  return (
    <main className="page" id="main">
      <EmptyState icon="question" title={t('errors.not_found_title')}>
        <p>{t('errors.not_found_body')}</p>
        <Link to="/" className="btn">
          {t('common.home')}
        </Link>
      </EmptyState>
    </main>
  );
}

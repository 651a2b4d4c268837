import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { useMe } from '../api/session.ts';
import type { Me } from '../api/types.ts';
import { setLanguage, type Lang } from '../i18n/index.ts';
import { LanguageOptions } from './LanguageOptions.tsx';
import { Icon } from './Icon.tsx';

/** 简体中文 / English. Remembered in this browser, and on the profile when signed in (so emails follow it). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const qc = useQueryClient();
  const choose = (lang: Lang) => {
    setLanguage(lang);
    if (me?.id != null && me.locale !== lang) {
      api
        .patch(`/people/${me.id}`, { locale: lang })
        .then(() => qc.setQueryData<Me | null>(['me'], (m) => (m ? { ...m, locale: lang } : m)))
        .catch(() => undefined);
    }
  };
  return (
    <label className="lang-switch">
      <Icon name="globe" size={15} />
      <select aria-label={t('common.language')} value={i18n.language} onChange={(e) => choose(e.target.value as Lang)}>
        <LanguageOptions />
      </select>
    </label>
  );
}

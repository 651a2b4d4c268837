import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export const LANGUAGES = [
  { code: 'zh-CN', label: '简体中文' },
  { code: 'en', label: 'English' },
] as const;
export type Lang = (typeof LANGUAGES)[number]['code'];
const STORAGE_KEY = 'kefu.lang';

/** The remembered choice, else the browser's first language we speak (Chinese of any region → 简体中文). */
export function initialLanguage(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    /* storage blocked */
  }
  for (const l of navigator.languages ?? [navigator.language]) {
    const x = l.toLowerCase();
    if (x.startsWith('zh')) return 'zh-CN';
    if (x.startsWith('en')) return 'en';
  }
  return 'en';
}

/**
 * The language an invitation link carries (the invitee's, chosen by the staff member who invited
 * them), when this browser has no choice of its own yet: the invitation page, and then the console or
 * portal, are in the language of the mail. A choice made with the language switch always wins.
 * (An account's stored language is not adopted at sign-in: for accounts made without one it is only
 * the default `en`, and the browser's languages say more.)
 */
export function adoptLanguage(lang: string | null | undefined) {
  if (lang !== 'en' && lang !== 'zh-CN') return;
  try {
    if (localStorage.getItem(STORAGE_KEY)) return;
  } catch {
    return;
  }
  if (i18n.language !== lang) setLanguage(lang);
}

export function setLanguage(lang: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* storage blocked */
  }
  void i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  supportedLngs: ['en', 'zh-CN'],
  // Placeholders are written {name}, as in the server's texts and the SLA explanations.
  interpolation: { escapeValue: false, prefix: '{', suffix: '}' },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export default i18n;

/**
 * Chinese puts a space between a Latin word and a Chinese one ("Free 计划"), not between two Chinese
 * words: a template written for a Latin name ("您的 {plan} 计划") reads "您的免费计划" with a Chinese one.
 */
export function tightenHan(text: string): string {
  return text.replace(/(\p{Script=Han}) (?=\p{Script=Han})/gu, '$1');
}

import { LANGUAGES } from '../i18n/index.ts';

/** The `<option>`s of the languages Kefu speaks, each named in itself (English, 简体中文). */
export function LanguageOptions() {
  return (
    <>
      {LANGUAGES.map((l) => (
        <option key={l.code} value={l.code} lang={l.code}>
          {l.label}
        </option>
      ))}
    </>
  );
}

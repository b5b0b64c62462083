// The language switch: 简体中文 / English, each named in its own language.
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { switchLanguage } from '../i18n/index.ts';
import { languages, type Language } from '../i18n/languages.ts';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <span className="language-switch">
      <label htmlFor={id} className="sr-only">
        {t('language.label')}
      </label>
      <select id={id} value={i18n.language} onChange={(e) => void switchLanguage(e.target.value as Language)} data-testid="language">
        {languages.map((lng) => (
          <option key={lng} value={lng} lang={lng}>
            {t(`language.${lng}`)}
          </option>
        ))}
      </select>
    </span>
  );
}

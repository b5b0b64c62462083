// i18next set up with the two dictionaries; the chosen language also sets <html lang> and the document title.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { initialLanguage, storedLanguage, storeLanguage, type Language } from './languages.ts';
import { zh } from './zh.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

function applyToDocument(language: string): void {
  document.documentElement.lang = language;
  document.title = i18next.t('app.title');
}

/** Starts i18next in the language the user or the browser prefers. */
export async function initI18n(): Promise<typeof i18next> {
  const lng = initialLanguage(storedLanguage(), navigator.languages ?? [navigator.language]);
  await i18next.use(initReactI18next).init({
    lng,
    fallbackLng: 'en',
    resources: { en: { translation: en }, 'zh-CN': { translation: zh } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyToDocument(lng);
  i18next.on('languageChanged', applyToDocument);
  return i18next;
}

/** Switches the language and remembers the choice. */
export async function switchLanguage(language: Language): Promise<void> {
  storeLanguage(language);
  await i18next.changeLanguage(language);
}

// The workbench's languages and how the first one is chosen: a stored choice, else the browser's preference.

export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'cs-analytics.language';

/**
 * The language to start in: the user's earlier choice, else the first of the browser's languages we speak
 * (Simplified Chinese when the browser prefers any `zh`), else English.
 */
export function initialLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (stored && (languages as readonly string[]).includes(stored)) return stored as Language;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function storedLanguage(): string | null {
  try {
    return localStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export function storeLanguage(language: Language): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

import i18next from 'i18next';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The official's choice outlives the tab (the token does not): localStorage. */
const KEY = 'taxchain.language';

function saved(): Language {
  const stored = localStorage.getItem(KEY);
  return LANGUAGES.find((l) => l === stored) ?? 'zh-CN';
}

void i18next.init({
  lng: saved(),
  fallbackLng: 'zh-CN',
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  // The DOM is built with text nodes, never innerHTML: nothing to escape here.
  interpolation: { escapeValue: false },
  initAsync: false,
});
document.documentElement.lang = i18next.language;

export const t = i18next.t.bind(i18next);

export function language(): Language {
  return i18next.language as Language;
}

export async function setLanguage(lng: Language): Promise<void> {
  localStorage.setItem(KEY, lng);
  await i18next.changeLanguage(lng);
  document.documentElement.lang = lng;
}

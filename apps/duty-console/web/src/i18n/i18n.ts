import { en } from './en';
import { MessageKey, zhCN } from './zh-CN';

export type Language = 'zh-CN' | 'en';
export type { MessageKey };

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'console.language';

/** Fills `{name}` placeholders; an unknown placeholder stays as written, so a gap shows. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

let current: Language = 'zh-CN';
const listeners = new Set<(language: Language) => void>();

/** The message in the current language (Chinese unless the person switched). */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(CATALOGUES[current][key], params);
}

export function language(): Language {
  return current;
}

/** Switches language, remembers the choice in this browser, and says so on <html lang>. */
export function setLanguage(next: Language): void {
  current = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  for (const listener of listeners) listener(next);
}

export function onLanguageChange(listener: (language: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Chinese by default; English only when this browser chose it before. */
export function restoreLanguage(): void {
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    /* no storage */
  }
  if (saved === 'en') setLanguage('en');
}

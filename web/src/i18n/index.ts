import { computed, type Ref } from 'vue';
import { createI18n } from 'vue-i18n';
import elementZhCn from 'element-plus/es/locale/lang/zh-cn.mjs';
import elementEn from 'element-plus/es/locale/lang/en.mjs';
import zhCN from '@/locales/zh-CN';
import en from '@/locales/en';

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: AppLocale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'salesmesh.locale';

/** Names shown in the language switch, each in its own language (never translated). */
export const LOCALE_NAMES: Record<AppLocale, string> = { 'zh-CN': '简体中文', en: 'English' };

export function isSupportedLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** The saved choice, else zh-CN (the product's default; not the browser's language). */
export function storedLocale(storage: Pick<Storage, 'getItem'> | undefined = safeStorage()): AppLocale {
  const saved = storage?.getItem(LOCALE_STORAGE_KEY);
  return isSupportedLocale(saved) ? saved : DEFAULT_LOCALE;
}

function safeStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled (private mode, sandboxed frame)
  }
}

export function createAppI18n(locale: AppLocale = storedLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { 'zh-CN': zhCN, en },
    missingWarn: false,
    fallbackWarn: false,
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;

/**
 * Switches the UI language, remembers it, and tells the page (screen readers, fonts).
 * `current` is the global composer's `locale` ref (`useI18n().locale` or `i18n.global.locale`).
 */
export function setLocale(current: Ref<string>, locale: AppLocale): void {
  current.value = locale;
  safeStorage()?.setItem(LOCALE_STORAGE_KEY, locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Element Plus's own texts (date pickers, pagination…) follow the UI language. */
export function elementLocaleFor(current: Ref<string>) {
  return computed(() => (current.value === 'en' ? elementEn : elementZhCn));
}

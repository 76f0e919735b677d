import { describe, expect, it, beforeEach } from 'vitest';
import { ref } from 'vue';
import zhCN from '@/locales/zh-CN';
import en from '@/locales/en';
import { LOCALE_STORAGE_KEY, createAppI18n, elementLocaleFor, setLocale, storedLocale } from '@/i18n';

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function leaves(messages: object): string[] {
  return Object.values(messages).flatMap((value) => (typeof value === 'object' && value !== null ? leaves(value as object) : [value as string]));
}

describe('message files', () => {
  it('zh-CN and en have exactly the same keys', () => {
    const zhKeys = keys(zhCN).sort();
    const enKeys = keys(en).sort();
    expect(enKeys.filter((k) => !zhKeys.includes(k))).toEqual([]);
    expect(zhKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(zhKeys.length).toBeGreaterThan(100);
  });

  it('has no blank messages and no characters vue-i18n would misread (@, $, |)', () => {
    for (const message of [...leaves(zhCN), ...leaves(en)]) {
      expect(message.trim()).not.toBe('');
      expect(message).not.toMatch(/[@$|]/);
    }
  });

  it('uses the same placeholders in both languages', () => {
    const zhKeys = keys(zhCN);
    const get = (messages: object, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], messages) as string;
    for (const key of zhKeys) {
      const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(params(get(en, key)), key).toEqual(params(get(zhCN, key)));
    }
  });
});

describe('language choice', () => {
  beforeEach(() => localStorage.clear());

  it('defaults to zh-CN, not the browser language', () => {
    expect(storedLocale()).toBe('zh-CN');
    expect(createAppI18n().global.t('nav.leadIntake')).toBe('线索录入');
  });

  it('switching persists in localStorage and is restored on the next start', () => {
    const i18n = createAppI18n();
    setLocale(i18n.global.locale, 'en');
    expect(i18n.global.t('nav.leadIntake')).toBe('Lead intake');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(createAppI18n().global.t('nav.leadIntake')).toBe('Lead intake');
  });

  it('ignores an unknown saved value', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'fr');
    expect(storedLocale()).toBe('zh-CN');
  });

  it('Element Plus texts follow the language', () => {
    const current = ref('zh-CN');
    const elementLocale = elementLocaleFor(current);
    expect(elementLocale.value.name).toBe('zh-cn');
    current.value = 'en';
    expect(elementLocale.value.name).toBe('en');
  });
});

// Typed translations. zh-CN.json is the source of keys; en.json must have exactly the same keys
// (checked by i18n.test.ts). English is loaded lazily so Chinese users never download it.
import { signal } from '@preact/signals';
import zh from './zh-CN.json';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

type Dict = typeof zh;
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Leaves<Dict>;
export type Params = Record<string, string | number>;

const STORAGE_KEY = 'xb.locale';
const dictionaries: Partial<Record<Locale, unknown>> = { 'zh-CN': zh };

export const locale = signal<Locale>('zh-CN');

export function isLocale(v: unknown): v is Locale {
  return v === 'zh-CN' || v === 'en';
}

export function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

async function loadDictionary(l: Locale): Promise<void> {
  if (dictionaries[l]) return;
  if (l === 'en') dictionaries.en = (await import('./en.json')).default;
}

/** Switch the UI language: loads the dictionary, updates <html lang>, remembers the choice on this device. */
export async function setLocale(l: Locale, remember = true): Promise<void> {
  await loadDictionary(l);
  locale.value = l;
  document.documentElement.lang = l;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode: the choice lasts for this visit */
    }
  }
}

function lookup(dict: unknown, key: string): string | undefined {
  let node: unknown = dict;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Translate a key; reading `locale` here makes every component that calls t() re-render on a switch. */
export function t(key: MessageKey, params?: Params): string {
  const text = lookup(dictionaries[locale.value], key) ?? lookup(zh, key) ?? key;
  return interpolate(text, params);
}

/** For keys computed at run time (error codes, enum values): undefined when the key does not exist. */
export function tMaybe(key: string, params?: Params): string | undefined {
  const text = lookup(dictionaries[locale.value], key) ?? lookup(zh, key);
  return text === undefined ? undefined : interpolate(text, params);
}

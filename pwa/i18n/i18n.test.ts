// en.json must have exactly the keys of zh-CN.json (the source of keys), with the same {placeholders}.
import { describe, expect, it } from 'vitest';
import enJson from './en.json';
import zhJson from './zh-CN.json';

function flatten(node: Record<string, unknown>, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(node)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else if (v && typeof v === 'object') flatten(v as Record<string, unknown>, key, out);
    else throw new Error(`${key}: not a string or object`);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const zh = flatten(zhJson);
  const en = flatten(enJson);

  it('en.json has every key of zh-CN.json', () => {
    expect([...zh.keys()].filter((k) => !en.has(k))).toEqual([]);
  });

  it('en.json has no keys that zh-CN.json lacks', () => {
    expect([...en.keys()].filter((k) => !zh.has(k))).toEqual([]);
  });

  it('no translation is empty', () => {
    expect([...zh, ...en].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
  });

  it('both languages use the same {placeholders}', () => {
    const mismatched = [...zh].filter(([k, v]) => en.has(k) && placeholders(v).join() !== placeholders(en.get(k)!).join()).map(([k]) => k);
    expect(mismatched).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { decodeParts, udhParts } from './gammu.store.js';

const hex = (s: string) => Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase();

describe('udhParts', () => {
  it('reads total and part number from 8- and 16-bit concatenation headers', () => {
    expect(udhParts('0500038A0302')).toEqual({ total: 3, part: 2 });
    expect(udhParts('060804BEEF0501')).toEqual({ total: 5, part: 1 });
    // another element (port addressing) before the concatenation one
    expect(udhParts('0B0504158A00000003130201')).toEqual({ total: 2, part: 1 });
  });

  it('is null for a single message or garbage', () => {
    expect(udhParts('')).toBeNull();
    expect(udhParts(null)).toBeNull();
    expect(udhParts('zz')).toBeNull();
    expect(udhParts('0504')).toBeNull();
  });
});

describe('decodeParts', () => {
  it("joins the parts' UCS-2 hex before decoding, so a character split between parts comes back whole", () => {
    const whole = hex('春眠𠮷晓');
    const cut = 12; // inside the surrogate pair of 𠮷
    expect(decodeParts([{ Text: whole.slice(0, cut), TextDecoded: '春眠?' }, { Text: whole.slice(cut), TextDecoded: '?晓' }])).toBe('春眠𠮷晓');
  });

  it('falls back to the decoded text when a part has no hex', () => {
    expect(decodeParts([{ Text: '', TextDecoded: 'abc' }, { Text: null, TextDecoded: 'def' }])).toBe('abcdef');
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearDraft, draftKey, loadDraft, saveDraft } from './drafts';

let store: Map<string, string>;
beforeEach(() => {
  store = new Map();
  vi.stubGlobal('localStorage', {
    getItem: (k: string) => store.get(k) ?? null,
    setItem: (k: string, v: string) => void store.set(k, v),
    removeItem: (k: string) => void store.delete(k),
  });
});
afterEach(() => vi.unstubAllGlobals());

describe('form drafts', () => {
  const key = draftKey('u1', { formId: 'f1' });

  it('are kept per person and per form or submission', () => {
    expect(key).not.toBe(draftKey('u2', { formId: 'f1' }));
    expect(key).not.toBe(draftKey('u1', { submissionId: 'f1' }));
  });

  it('round-trip the answers with the form version, leaving out blanks and signatures', () => {
    saveDraft(key, 3, { reason: '家中有事', empty: '', none: null, list: [], sign: 'data:image/png;base64,AAAA', period: { start: '2026-04-01', end: '2026-04-02' } }, new Date('2026-04-01T00:00:00Z'));
    const d = loadDraft(key, Date.parse('2026-04-02T00:00:00Z'));
    expect(d).toEqual({ version: 3, savedAt: '2026-04-01T00:00:00.000Z', answers: { reason: '家中有事', period: { start: '2026-04-01', end: '2026-04-02' } } });
  });

  it('an empty form removes the draft; clearDraft removes it too', () => {
    saveDraft(key, 1, { a: 'x' });
    expect(store.size).toBe(1);
    saveDraft(key, 1, { a: '' });
    expect(store.size).toBe(0);
    saveDraft(key, 1, { a: 'x' });
    clearDraft(key);
    expect(loadDraft(key)).toBeNull();
  });

  it('forgets drafts older than a month and ignores broken ones', () => {
    saveDraft(key, 1, { a: 'x' }, new Date('2026-01-01T00:00:00Z'));
    expect(loadDraft(key, Date.parse('2026-03-01T00:00:00Z'))).toBeNull();
    expect(store.size).toBe(0);
    store.set(key, '{not json');
    expect(loadDraft(key)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { createOutbox, memoryStorage, type OutboxItem, type SendResult } from './outbox';

function setup(answers: ((item: OutboxItem) => SendResult)[], userId: string | null = 'u1') {
  const storage = memoryStorage();
  const calls: { id: string; url: string; body: unknown }[] = [];
  let user = userId;
  let t = Date.parse('2026-03-02T08:00:00.000Z');
  const outbox = createOutbox({
    storage,
    userId: () => user,
    now: () => new Date(t),
    send: async (item) => {
      calls.push({ id: item.id, url: item.url, body: item.body });
      const next = answers.shift();
      if (!next) throw new Error('unexpected send');
      return next(item);
    },
  });
  return { storage, calls, outbox, setUser: (u: string | null) => (user = u), tick: (ms: number) => (t += ms) };
}

const ok = (id: string): SendResult => ({ kind: 'answer', status: 201, body: { id } });
const network: SendResult = { kind: 'network', message: 'Failed to fetch' };
const problem = (status: number, code: string, title: string, errors: { pointer: string; message: string }[] = []): SendResult => ({
  kind: 'answer',
  status,
  body: null,
  error: new ApiError({ code, status, title, errors }),
});

const submission = (n: number) => ({ url: `/api/forms/f${n}/submissions`, method: 'POST' as const, body: { version: 1, answers: { n } }, formName: `表单${n}` });

describe('offline outbox', () => {
  it('replays items oldest first, each with the key it was queued with, and removes them on 2xx', async () => {
    const { outbox, calls, storage } = setup([() => ok('s1'), () => ok('s2'), () => ok('s3')]);
    const a = await outbox.enqueue(submission(1));
    const b = await outbox.enqueue(submission(2)); // same clock: still ordered after a
    const c = await outbox.enqueue(submission(3));
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    await outbox.flush();
    expect(calls.map((x) => x.id)).toEqual([a.id, b.id, c.id]);
    expect(calls.map((x) => x.url)).toEqual(['/api/forms/f1/submissions', '/api/forms/f2/submissions', '/api/forms/f3/submissions']);
    expect(storage.data.size).toBe(0);
    expect(outbox.items.value).toEqual([]);
    expect(outbox.sent.value.map((s) => s.submissionId)).toEqual(['s1', 's2', 's3']);
  });

  it('keeps the item on a network failure, stops there, and sends it again later with the SAME key', async () => {
    const { outbox, calls, storage } = setup([() => network, () => ok('s1'), () => ok('s2')]);
    const a = await outbox.enqueue(submission(1));
    const b = await outbox.enqueue(submission(2));
    await outbox.flush();
    // b was not tried: it must not overtake a.
    expect(calls.map((x) => x.id)).toEqual([a.id]);
    expect(storage.data.get(a.id)).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Failed to fetch' });
    expect(storage.data.has(b.id)).toBe(true);

    await outbox.flush();
    expect(calls.map((x) => x.id)).toEqual([a.id, a.id, b.id]);
    expect(storage.data.size).toBe(0);
  });

  it('a thrown sender counts as a network failure', async () => {
    const { outbox, storage } = setup([() => { throw new TypeError('offline'); }]);
    const a = await outbox.enqueue(submission(1));
    await outbox.flush();
    expect(storage.data.get(a.id)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('a 4xx marks the item failed with the problem title, keeps it until dismissed, and goes on with the next', async () => {
    const errors = [{ pointer: '/answers/reason', message: 'This field is required' }];
    const { outbox, calls, storage } = setup([() => problem(400, 'SUBMISSION_INVALID', 'The answers are not valid', errors), () => ok('s2')]);
    const a = await outbox.enqueue({ ...submission(1), formId: 'f1' });
    const b = await outbox.enqueue(submission(2));
    await outbox.flush();
    expect(calls.map((x) => x.id)).toEqual([a.id, b.id]);
    const failed = storage.data.get(a.id)!;
    expect(failed).toMatchObject({ status: 'failed', lastError: 'The answers are not valid', errorCode: 'SUBMISSION_INVALID', fieldErrors: errors, formId: 'f1' });
    expect(outbox.items.value.map((i) => i.id)).toEqual([a.id]);

    // A failed item is not replayed again by itself …
    await outbox.flush();
    expect(calls).toHaveLength(2);
    // … and stays until the person dismisses it.
    await outbox.dismiss(a.id);
    expect(storage.data.size).toBe(0);
    expect(outbox.items.value).toEqual([]);
  });

  it('5xx, 429, 401 and an in-progress duplicate keep the item queued', async () => {
    const { outbox, storage } = setup([
      () => problem(503, 'SERVER', 'Unavailable'),
      () => problem(429, 'RATE_LIMITED', 'Slow down'),
      () => problem(401, 'UNAUTHENTICATED', 'Sign in'),
      () => problem(409, 'IDEMPOTENCY_IN_PROGRESS', 'Still running'),
      () => problem(409, 'FORM_FULL', 'Full'),
    ]);
    const a = await outbox.enqueue(submission(1));
    for (let i = 0; i < 4; i++) {
      await outbox.flush();
      expect(storage.data.get(a.id)?.status).toBe('pending');
    }
    await outbox.flush();
    expect(storage.data.get(a.id)).toMatchObject({ status: 'failed', errorCode: 'FORM_FULL', attempts: 5 });
  });

  it('replays only the signed-in person’s items and waits while nobody is signed in', async () => {
    const { outbox, calls, setUser } = setup([() => ok('s2')]);
    const mine = await outbox.enqueue(submission(1));
    setUser('u2');
    const theirs = await outbox.enqueue(submission(2));
    await outbox.flush();
    expect(calls.map((x) => x.id)).toEqual([theirs.id]);
    setUser(null);
    await outbox.flush();
    expect(calls).toHaveLength(1);
    expect(outbox.items.value.map((i) => i.id)).toEqual([mine.id]);
  });

  it('loads what an earlier page left in storage, in queue order', async () => {
    const base = { method: 'POST' as const, body: {}, formName: 'x', userId: 'u1', attempts: 0, lastError: null, status: 'pending' as const };
    const storage = memoryStorage([
      { ...base, id: 'k-later', url: '/b', createdAt: '2026-03-02T08:00:01.000Z' },
      { ...base, id: 'k-first', url: '/a', createdAt: '2026-03-02T08:00:00.000Z' },
    ]);
    const seen: string[] = [];
    const outbox = createOutbox({ storage, userId: () => 'u1', send: async (item) => (seen.push(item.id), ok(item.id)) });
    await outbox.flush();
    expect(seen).toEqual(['k-first', 'k-later']);
  });

  it('keeps a caller-chosen key (a submit that failed for lack of network keeps its key)', async () => {
    const { outbox, calls } = setup([() => ok('s1')]);
    await outbox.enqueue({ ...submission(1), key: 'key-from-the-form-0001' });
    await outbox.flush();
    expect(calls[0]!.id).toBe('key-from-the-form-0001');
  });

  it('concurrent flushes send an item once', async () => {
    const { outbox, calls } = setup([() => ok('s1')]);
    await outbox.enqueue(submission(1));
    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);
    expect(calls).toHaveLength(1);
  });

  it('retry puts a failed item back in the queue', async () => {
    const { outbox, calls, storage } = setup([() => problem(409, 'FORM_FULL', 'Full'), () => ok('s1')]);
    const a = await outbox.enqueue(submission(1));
    await outbox.flush();
    expect(storage.data.get(a.id)?.status).toBe('failed');
    await outbox.retry(a.id);
    expect(calls.map((c) => c.id)).toEqual([a.id, a.id]);
    expect(storage.data.size).toBe(0);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { migrate } from '../../db/migrator.js';
import { FakeClock, MINUTE } from '../../lib/clock.js';
import { JobQueue } from './jobs.queue.js';

describe('job queue', () => {
  let queue: JobQueue;
  let clock: FakeClock;
  beforeEach(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xb-jobs-'));
    const db = openDatabase(dir);
    await migrate(db.sqlite, dir);
    clock = new FakeClock();
    queue = new JobQueue(db.sqlite, clock, pino({ level: 'silent' }));
  });

  it('runs due jobs in order and leaves future ones', async () => {
    const ran: string[] = [];
    queue.register('echo', (p) => void ran.push((p as { v: string }).v));
    queue.enqueue('echo', { v: 'a' });
    queue.enqueue('echo', { v: 'later' }, { runAt: new Date(clock.now().getTime() + 10 * MINUTE) });
    queue.enqueue('echo', { v: 'b' });
    expect(await queue.drain()).toBe(2);
    expect(ran).toEqual(['a', 'b']);
    clock.advance(10 * MINUTE);
    await queue.drain();
    expect(ran).toEqual(['a', 'b', 'later']);
  });

  it('deduplicates by key while a job is pending', async () => {
    queue.register('noop', () => {});
    expect(queue.enqueue('noop', {}, { dedupeKey: 'k' })).not.toBeNull();
    expect(queue.enqueue('noop', {}, { dedupeKey: 'k' })).toBeNull();
    await queue.drain();
    expect(queue.enqueue('noop', {}, { dedupeKey: 'k' })).not.toBeNull();
  });

  it('retries with back-off and gives up after max attempts', async () => {
    queue.register('flaky', () => {
      throw new Error('nope');
    });
    const id = queue.enqueue('flaky', {}, { maxAttempts: 2 })!;
    await queue.drain();
    expect(queue.get(id)).toMatchObject({ status: 'queued', attempts: 1, last_error: 'nope' });
    clock.advance(2000);
    await queue.drain();
    expect(queue.get(id)).toMatchObject({ status: 'failed', attempts: 2 });
    expect(queue.stats()).toEqual({ queued: 0, overdue: 0, failedLastDay: 1 });
    queue.enqueue('unhandled-kind');
    clock.advance(11 * 60_000);
    expect(queue.stats()).toMatchObject({ queued: 1, overdue: 1 });
  });

  it('picks up a job left running by a crash once its lease expires', async () => {
    let runs = 0;
    queue.register('slow', () => void runs++);
    const id = queue.enqueue('slow')!;
    // simulate a crash mid-run: the row says running, nobody is working on it
    (queue as unknown as { sqlite: import('better-sqlite3').Database }).sqlite.prepare("UPDATE jobs SET status='running', locked_at=? WHERE id=?").run(clock.now().toISOString(), id);
    await queue.drain();
    expect(runs).toBe(0);
    clock.advance(11 * MINUTE);
    await queue.drain();
    expect(runs).toBe(1);
    expect(queue.get(id)!.status).toBe('done');
  });
});

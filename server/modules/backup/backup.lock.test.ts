import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { lockHolder, tryLock } from './backup.lock.js';

describe('the single-runner lock', () => {
  const file = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'xb-lock-')), 'lock');

  it('lets one task in and tells the next who holds it', () => {
    const f = file();
    const a = tryLock(f, 'backup', 'run-a', new Date());
    expect('release' in a).toBe(true);
    const b = tryLock(f, 'drill', 'run-b', new Date());
    expect('heldBy' in b && b.heldBy).toMatchObject({ pid: process.pid, kind: 'backup', runId: 'run-a' });
    expect(lockHolder(f)?.runId).toBe('run-a');
    if ('release' in a) a.release();
    expect(lockHolder(f)).toBeNull();
    const c = tryLock(f, 'drill', 'run-c', new Date());
    expect('release' in c).toBe(true);
  });

  it('takes over a lock whose process is gone (kill -9, power cut)', () => {
    const f = file();
    // A pid that surely is not running: a child that has exited.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    writeFileSync(f, JSON.stringify({ pid: Number(dead), kind: 'backup', runId: 'old', since: new Date().toISOString() }));
    expect(lockHolder(f)).toBeNull();
    const got = tryLock(f, 'backup', 'new', new Date());
    expect('release' in got).toBe(true);
    expect(JSON.parse(readFileSync(f, 'utf8'))).toMatchObject({ pid: process.pid, runId: 'new' });
  });
});

// A server killed hard leaves its Janus running on the port; the next start finds it by the pid file and
// stops it before starting its own.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../../helpers/app.js';
import { until } from '../../helpers/meeting-room.js';

describe('a Janus left over from a killed server', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'xb-stale-'));
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is stopped by the pid file before the new Janus starts', async () => {
    mkdirSync(path.join(dir, 'run'), { recursive: true });
    // Something whose command line names our Janus configuration folder, as the old Janus's would.
    const stale = spawn('bash', ['-c', `exec -a "janus -F ${path.join(dir, 'run', 'janus', 'conf')}" sleep 300`], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => stale.once('exit', (_c, sig) => resolve(sig)));
    writeFileSync(path.join(dir, 'run', 'janus.pid'), `${stale.pid}\n`);
    t = await makeApp({ dir, overrides: { startSfu: true } });
    expect(await exited).toBe('SIGKILL');
    await until(() => t!.app.services.meetingsLive.sfu.status().state === 'up', 15_000, 'Janus up');
  });
});

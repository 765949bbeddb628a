// Backup helpers for API tests: a local restic repository in a temp dir, and waiting for a run to end.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { App } from '../../server/app.js';
import type { RunDetail, TargetSetupResult } from '../../server/modules/backup/backup.dto.js';

/** A folder outside the data dir that stands for the USB disk; the repository goes in a subfolder. */
export function offsiteDir(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'xb-offsite-')), 'xiaoban-backup');
}

export async function setupLocalTarget(app: App, cookie: string, repo = offsiteDir()): Promise<TargetSetupResult & { repo: string }> {
  const res = await app.inject({ method: 'PUT', url: '/api/admin/backup/target', headers: { cookie }, payload: { kind: 'local', path: repo } });
  if (res.statusCode !== 200) throw new Error(`target setup failed: ${res.statusCode} ${res.body}`);
  return { ...(res.json() as TargetSetupResult), repo };
}

/** Polls the run until it is no longer running (restic works in the background of the request). */
export async function waitRun(app: App, cookie: string, id: string, timeoutMs = 120_000): Promise<RunDetail> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ method: 'GET', url: `/api/admin/backup/runs/${id}`, headers: { cookie } });
    if (res.statusCode !== 200) throw new Error(`run ${id}: ${res.statusCode} ${res.body}`);
    const run = res.json() as RunDetail;
    if (run.status !== 'running') return run;
    if (Date.now() > until) throw new Error(`run ${id} still running after ${timeoutMs} ms:\n${run.log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startRun(app: App, cookie: string, kind: 'backup' | 'check' | 'drill' | 'prune' | 'unlock'): Promise<RunDetail> {
  const res = await app.inject({ method: 'POST', url: '/api/admin/backup/runs', headers: { cookie }, payload: { kind } });
  if (res.statusCode !== 202) throw new Error(`start ${kind}: ${res.statusCode} ${res.body}`);
  return waitRun(app, cookie, (res.json() as { id: string }).id);
}

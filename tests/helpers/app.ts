// Builds the real app on a fresh SQLite file in a temp dir, plus small helpers to sign in and call it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, type App, type AppOverrides } from '../../server/app.js';
import { testConfig, type Config } from '../../server/config/config.js';
import { FakeClock } from '../../server/lib/clock.js';

export const ADMIN = { username: 'admin', password: 'Sch00l-office-26', displayName: '王校办' };

export interface TestApp {
  app: App;
  clock: FakeClock;
  dir: string;
  close(): Promise<void>;
}

/** `dir`: reuse an existing data directory (a restart); the caller then owns it and close() leaves it in place. */
export async function makeApp(opts: { config?: Partial<Config>; overrides?: AppOverrides; clock?: FakeClock; dir?: string } = {}): Promise<TestApp> {
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'xb-test-'));
  const clock = opts.clock ?? new FakeClock(new Date());
  const config = testConfig({ dataDir: dir, ...opts.config });
  const app = await buildApp(config, { clock, startJobs: false, logger: false, ...opts.overrides });
  await app.ready();
  return {
    app,
    clock,
    dir,
    close: async () => {
      await app.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Pulls the session cookie out of a response as a Cookie header value. */
export function sessionCookie(res: { headers: Record<string, unknown> }): string {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : [raw];
  const found = list.find((c): c is string => typeof c === 'string' && c.startsWith('xb_session='));
  if (!found) throw new Error(`no session cookie in ${JSON.stringify(raw)}`);
  return found.split(';')[0]!;
}

/** Runs the setup wizard and returns the first admin's cookie. */
export async function setupSchool(app: App): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/setup',
    payload: { schoolName: '测试中学', timeZone: 'Asia/Shanghai', admin: ADMIN },
  });
  if (res.statusCode !== 201) throw new Error(`setup failed: ${res.statusCode} ${res.body}`);
  return sessionCookie(res);
}

export async function login(app: App, username: string, password: string, extra: Record<string, unknown> = {}) {
  return app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password, ...extra } });
}

export async function loginCookie(app: App, username: string, password: string): Promise<string> {
  const res = await login(app, username, password);
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  return sessionCookie(res);
}

/** Creates a person as admin, then signs them in and sets their own password. */
export async function createStaff(app: App, adminCookie: string, input: Record<string, unknown>, password = 'Teacher2026x') {
  const res = await app.inject({ method: 'POST', url: '/api/org/people', headers: { cookie: adminCookie }, payload: input });
  if (res.statusCode !== 201) throw new Error(`create person failed: ${res.statusCode} ${res.body}`);
  const { person, initialPassword } = res.json() as { person: { id: string; username: string }; initialPassword: string };
  const first = await loginCookie(app, person.username, initialPassword);
  const change = await app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie: first }, payload: { currentPassword: initialPassword, newPassword: password } });
  if (change.statusCode !== 204) throw new Error(`password change failed: ${change.body}`);
  return { person, cookie: first, password };
}

export function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, status: number, code: string) {
  const body = res.json() as { status: number; code: string; title: string; requestId: string };
  if (res.statusCode !== status || body.code !== code || !String(res.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected ${status} ${code} problem, got ${res.statusCode} ${JSON.stringify(body)} (${String(res.headers['content-type'])})`);
  }
  if (body.status !== status || !body.title || !body.requestId) throw new Error(`incomplete problem body ${JSON.stringify(body)}`);
  return body as Record<string, unknown> & { code: string };
}

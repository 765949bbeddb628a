import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN, expectProblem, login, makeApp, sessionCookie, setupSchool, type TestApp } from '../../helpers/app.js';
import { DAY } from '../../../server/lib/clock.js';

describe('session list and revocation', () => {
  let t: TestApp;
  let phone: string;
  let desktop: string;
  beforeEach(async () => {
    t = await makeApp();
    phone = await setupSchool(t.app);
    desktop = sessionCookie(
      await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130.0 Safari/537.36' }, payload: { username: 'admin', password: ADMIN.password } }),
    );
  });
  afterEach(() => t.close());

  it('lists my sessions with the current one marked and the device described', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: { cookie: desktop } });
    const items = res.json().items as { id: string; current: boolean; device: string }[];
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    expect(items.find((s) => s.current)!.device).toBe('Windows · Chrome');
  });

  it('revokes another session: its cookie answers 401 at once and its websocket is closed', async () => {
    const ws = await t.app.injectWS('/api/ws', { headers: { cookie: phone } });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    const items = (await t.app.inject({ method: 'GET', url: '/api/auth/sessions', headers: { cookie: desktop } })).json().items as { id: string; current: boolean }[];
    const other = items.find((s) => !s.current)!;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/auth/sessions/${other.id}`, headers: { cookie: desktop } })).statusCode).toBe(204);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: phone } }), 401, 'UNAUTHENTICATED');
    expect(await closed).toBe(4001);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: desktop } })).statusCode).toBe(200);
    const audit = t.app.services.audit.list({ event: 'auth.session.revoked' }).items;
    expect(audit).toHaveLength(1);
  });

  it("cannot revoke someone else's session: 404 like a missing one", async () => {
    expectProblem(await t.app.inject({ method: 'DELETE', url: '/api/auth/sessions/01h0000000000000000000000a', headers: { cookie: desktop } }), 404, 'SESSION_NOT_FOUND');
  });

  it('revokes all other sessions at once', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/sessions/revoke-others', headers: { cookie: desktop } });
    expect(res.json()).toEqual({ revoked: 1 });
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: phone } })).statusCode).toBe(401);
  });

  it('expires idle sessions', async () => {
    t.clock.advance(15 * DAY);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: desktop } }), 401, 'UNAUTHENTICATED');
    expect((await login(t.app, 'admin', ADMIN.password)).statusCode).toBe(200);
  });
});

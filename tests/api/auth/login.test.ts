import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as OTPAuth from 'otpauth';
import { ADMIN, createStaff, expectProblem, login, loginCookie, makeApp, sessionCookie, setupSchool, type TestApp } from '../../helpers/app.js';
import { MINUTE } from '../../../server/lib/clock.js';

describe('sign-in, lockout and 2FA', () => {
  let t: TestApp;
  let admin: string;
  beforeEach(async () => {
    t = await makeApp();
    admin = await setupSchool(t.app);
  });
  afterEach(() => t.close());

  it('signs in with the right password and sets a secure-by-default session cookie', async () => {
    const res = await login(t.app, 'ADMIN', ADMIN.password);
    expect(res.statusCode).toBe(200);
    expect(res.json().user.username).toBe('admin');
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly/);
  });

  it('answers wrong credentials with INVALID_CREDENTIALS and attempts left, for real and unknown users alike', async () => {
    const wrong = expectProblem(await login(t.app, 'admin', 'nope-nope-1'), 401, 'INVALID_CREDENTIALS');
    expect(wrong.attemptsLeft).toBe(4);
    const unknown = expectProblem(await login(t.app, 'ghost', 'nope-nope-1'), 401, 'INVALID_CREDENTIALS');
    expect(unknown.attemptsLeft).toBe(4);
  });

  it('locks the account for 15 minutes after 5 failures, says how long, then lets the user in again', async () => {
    for (let i = 0; i < 4; i++) expectProblem(await login(t.app, 'admin', `wrong-${i}x`), 401, 'INVALID_CREDENTIALS');
    const locked = await login(t.app, 'admin', 'wrong-5x');
    const problem = expectProblem(locked, 423, 'ACCOUNT_LOCKED');
    expect(problem.retryAfterSeconds).toBe(15 * 60);
    expect(locked.headers['retry-after']).toBe('900');
    // even the right password is refused while locked
    expectProblem(await login(t.app, 'admin', ADMIN.password), 423, 'ACCOUNT_LOCKED');
    t.clock.advance(10 * MINUTE);
    const later = expectProblem(await login(t.app, 'admin', ADMIN.password), 423, 'ACCOUNT_LOCKED');
    expect(later.retryAfterSeconds).toBe(5 * 60);
    t.clock.advance(5 * MINUTE + 1000);
    expect((await login(t.app, 'admin', ADMIN.password)).statusCode).toBe(200);

    const events = t.app.services.audit.list({ event: 'auth.*' }).items.map((e) => e.event);
    expect(events).toEqual(expect.arrayContaining(['auth.account.locked', 'auth.login.failed', 'auth.login.succeeded']));
  });

  it('lets an admin unlock a locked account', async () => {
    const { person } = await createStaff(t.app, admin, { username: 'lisi', displayName: '李四' });
    for (let i = 0; i < 5; i++) await login(t.app, 'lisi', `bad-pass-${i}`);
    const listed = await t.app.inject({ method: 'GET', url: `/api/org/people/${person.id}`, headers: { cookie: admin } });
    expect(listed.json().lockedUntil).toBeTruthy();
    const unlock = await t.app.inject({ method: 'POST', url: `/api/org/people/${person.id}/unlock`, headers: { cookie: admin } });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json().lockedUntil).toBeNull();
    expect((await login(t.app, 'lisi', 'Teacher2026x')).statusCode).toBe(200);
  });

  it('forces a new account to change its initial password before anything else', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/org/people', headers: { cookie: admin }, payload: { username: 'zhangsan', displayName: '张三' } });
    const { initialPassword } = res.json();
    const cookie = await loginCookie(t.app, 'zhangsan', initialPassword);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json().mustChangePassword).toBe(true);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/inbox', headers: { cookie } }), 403, 'PASSWORD_CHANGE_REQUIRED');
    expectProblem(
      await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword: initialPassword, newPassword: 'short' } }),
      400,
      'PASSWORD_POLICY',
    );
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword: initialPassword, newPassword: 'Mountain-2026a' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/inbox', headers: { cookie } })).statusCode).toBe(200);
  });

  it('enrols TOTP, then requires the code at sign-in and refuses a replayed code', async () => {
    const setup = await t.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: { cookie: admin } });
    expect(setup.statusCode).toBe(200);
    const { secret, qrSvg, otpauthUrl } = setup.json();
    expect(qrSvg).toContain('<svg');
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/auth/totp/enable', headers: { cookie: admin }, payload: { code: '000000' } }), 400, 'TOTP_INVALID');
    const enable = await t.app.inject({ method: 'POST', url: '/api/auth/totp/enable', headers: { cookie: admin }, payload: { code: totp.generate({ timestamp: t.clock.now().getTime() }) } });
    expect(enable.statusCode).toBe(200);
    expect(enable.json().totpEnabled).toBe(true);

    expectProblem(await login(t.app, 'admin', ADMIN.password), 401, 'TOTP_REQUIRED');
    t.clock.advance(31_000);
    const code = totp.generate({ timestamp: t.clock.now().getTime() });
    const ok = await login(t.app, 'admin', ADMIN.password, { totp: code });
    expect(ok.statusCode).toBe(200);
    expectProblem(await login(t.app, 'admin', ADMIN.password, { totp: code }), 401, 'TOTP_INVALID');
  });

  it('makes admins enrol 2FA when the school requires it', async () => {
    const patch = await t.app.inject({ method: 'PATCH', url: '/api/admin/settings', headers: { cookie: admin }, payload: { require2faForAdmins: true } });
    expect(patch.statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: admin } });
    expect(me.json().mustEnrollTotp).toBe(true);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/org/people', headers: { cookie: admin } }), 403, 'TOTP_ENROLMENT_REQUIRED');
  });

  it('refuses cross-site unsafe requests (Origin check)', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/inbox/read-all', headers: { cookie: admin, origin: 'https://evil.example', host: 'xiaoban.local' } });
    expectProblem(res, 403, 'ORIGIN_MISMATCH');
    const same = await t.app.inject({ method: 'POST', url: '/api/inbox/read-all', headers: { cookie: admin, origin: 'https://xiaoban.local', host: 'xiaoban.local' } });
    expect(same.statusCode).toBe(200);
    await expect(t.app.injectWS('/api/ws', { headers: { cookie: admin, origin: 'https://evil.example' } })).rejects.toThrow(/403/);
  });

  it('rate-limits sign-in attempts per address', async () => {
    let last = 0;
    for (let i = 0; i < 40 && last !== 429; i++) last = (await login(t.app, `nobody${i}`, 'whatever-1')).statusCode;
    expect(last).toBe(429);
  });

  it('signs out: the cookie stops working', async () => {
    const cookie = sessionCookie(await login(t.app, 'admin', ADMIN.password));
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(204);
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } }), 401, 'UNAUTHENTICATED');
  });
});

describe('sign-in under concurrency', () => {
  it('counts parallel wrong passwords one by one and locks the account', async () => {
    const t = await makeApp();
    await setupSchool(t.app);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => login(t.app, 'admin', `parallel-wrong-${i}`)));
    const codes = results.map((r) => r.json().code);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED').length).toBeGreaterThanOrEqual(1);
    expectProblem(await login(t.app, 'admin', ADMIN.password), 423, 'ACCOUNT_LOCKED');
    await t.close();
  });

  it('re-running 2FA set-up neither switches 2FA off nor replaces the working secret', async () => {
    const t = await makeApp();
    const admin = await setupSchool(t.app);
    const { secret } = (await t.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: { cookie: admin } })).json();
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) });
    await t.app.inject({ method: 'POST', url: '/api/auth/totp/enable', headers: { cookie: admin }, payload: { code: totp.generate({ timestamp: t.clock.now().getTime() }) } });
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/auth/totp/setup', headers: { cookie: admin } }), 409, 'TOTP_ALREADY_ENABLED');
    expectProblem(await login(t.app, 'admin', ADMIN.password), 401, 'TOTP_REQUIRED');
    await t.close();
  });
});

describe('rate limits behind a session are per person, not per address', () => {
  it('one teacher hammering password changes does not block a colleague on the same Wi-Fi', async () => {
    const t = await makeApp();
    const admin = await setupSchool(t.app);
    const a = await createStaff(t.app, admin, { username: 'samewifi1', displayName: '同网甲' });
    const b = await createStaff(t.app, admin, { username: 'samewifi2', displayName: '同网乙' });
    const change = (cookie: string) => t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie }, payload: { currentPassword: 'not-it-1', newPassword: 'Another-2026x' } });
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await change(a.cookie)).statusCode);
    const firstLimited = codes.indexOf(429); // createStaff's own password change counted too
    expect(firstLimited).toBeGreaterThanOrEqual(9);
    expect(codes.slice(0, firstLimited).every((c) => c === 400)).toBe(true);
    expectProblem(await change(b.cookie), 400, 'CURRENT_PASSWORD_WRONG');
    await t.close();
  });
});

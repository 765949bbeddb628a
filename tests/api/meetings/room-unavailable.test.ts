// Without Janus the box still works: meetings say why they are unavailable (health, availability, join),
// and scheduling keeps working.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { insertMeeting, Signal } from '../../helpers/meeting-room.js';
import { createMeeting } from '../../helpers/meetings.js';
import { testConfig } from '../../../server/config/config.js';

describe('meetings when Janus is not installed', () => {
  let t: TestApp;
  let host: { id: string; cookie: string };
  let guestId: string;

  beforeAll(async () => {
    const base = testConfig({ dataDir: '/tmp/unused' });
    t = await makeApp({ config: { meetings: { ...base.meetings, janusBin: '/nonexistent/janus' } }, overrides: { startSfu: true } });
    const admin = await setupSchool(t.app);
    const a = await createStaff(t.app, admin, { username: 'wangfang', displayName: '王芳' });
    host = { id: a.person.id, cookie: a.cookie };
    guestId = (await createStaff(t.app, admin, { username: 'lilei', displayName: '李雷' })).person.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('health and availability give the reason; the rest of the box is fine', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { status: string; checks: Record<string, { status: string; detail?: string }> };
    expect(body.checks.meetings).toMatchObject({ status: 'degraded' });
    expect(body.checks.meetings?.detail).toMatch(/not installed/);
    expect(body.checks.db?.status).toBe('ok');
    const a = await t.app.inject({ method: 'GET', url: '/api/meetings/availability', headers: { cookie: host.cookie } });
    expect(a.json()).toMatchObject({ available: false, state: 'unavailable' });
    expect((a.json() as { detail: string }).detail).toMatch(/apt-get install janus/);
  });

  it('joining says MEETING_UNAVAILABLE with the reason, scheduling still works', async () => {
    const id = insertMeeting(t, { hostId: host.id, memberIds: [] });
    const s = await Signal.open(t, host.cookie);
    const res = await s.request('join', { meetingId: id, device: 'desktop' });
    expect(res).toMatchObject({ op: 'error', status: 503, code: 'MEETING_UNAVAILABLE' });
    expect(String(res.detail)).toMatch(/not installed/);
    s.close();
    const m = await createMeeting(t.app, host.cookie, { title: '行政例会', startsAt: new Date(Date.now() + 86_400_000).toISOString(), invitees: { userIds: [guestId], departmentIds: [] } });
    expect(m.title).toBe('行政例会');
  });

  it('the availability route needs a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/meetings/availability' });
    expect(res.statusCode).toBe(401);
  });
});

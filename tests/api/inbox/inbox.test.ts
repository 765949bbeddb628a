import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStaff, expectProblem, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';

describe('inbox', () => {
  let t: TestApp;
  let admin: string;
  let adminId: string;
  beforeEach(async () => {
    t = await makeApp();
    admin = await setupSchool(t.app);
    adminId = t.app.services.org.userByUsername('admin')!.id;
  });
  afterEach(() => t.close());

  it('lists my items newest first with an unread count; marks one and all read', async () => {
    const inbox = t.app.services.inbox;
    inbox.notify([adminId], { kind: 'system', title: '旧通知' });
    t.clock.advance(1000);
    const ids = inbox.notify([adminId], { kind: 'notice.published', title: '关于期末考试安排的通知', body: '请各年级组长于周五前提交监考安排。', link: '/notices/1', urgency: 'high' });
    const list = (await t.app.inject({ method: 'GET', url: '/api/inbox', headers: { cookie: admin } })).json();
    expect(list.unread).toBe(3);
    expect(list.items.map((i: { title: string }) => i.title)).toEqual(['关于期末考试安排的通知', '旧通知', '欢迎使用校办']);
    expect(list.items[0]).toMatchObject({ urgency: 'high', link: '/notices/1', readAt: null });

    const read = await t.app.inject({ method: 'POST', url: `/api/inbox/${ids.get(adminId)}/read`, headers: { cookie: admin } });
    expect(read.json().readAt).toBeTruthy();
    expect((await t.app.inject({ method: 'GET', url: '/api/inbox/unread-count', headers: { cookie: admin } })).json()).toEqual({ unread: 2 });
    const unreadOnly = (await t.app.inject({ method: 'GET', url: '/api/inbox?unread=true', headers: { cookie: admin } })).json();
    expect(unreadOnly.items.map((i: { title: string }) => i.title)).toEqual(['旧通知', '欢迎使用校办']);
    await t.app.inject({ method: 'POST', url: '/api/inbox/read-all', headers: { cookie: admin } });
    expect((await t.app.inject({ method: 'GET', url: '/api/inbox/unread-count', headers: { cookie: admin } })).json()).toEqual({ unread: 0 });
  });

  it('tells people about their account and its security, in their own language', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/org/people', headers: { cookie: admin }, payload: { username: 'english1', displayName: 'Emily Clark' } });
    const { person, initialPassword } = created.json();
    const cookie = (await import('../../helpers/app.js')).sessionCookie(await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'english1', password: initialPassword } }));
    await t.app.inject({ method: 'PATCH', url: '/api/auth/me', headers: { cookie }, payload: { locale: 'en' } });
    await t.app.inject({ method: 'PUT', url: `/api/org/people/${person.id}/roles`, headers: { cookie: admin }, payload: { roles: [{ role: 'staff' }, { role: 'it' }] } });
    for (let i = 0; i < 5; i++) await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'english1', password: `wrong-${i}-pw` } });
    const items = t.app.services.inbox.list(person.id, {}).items;
    expect(items.map((i) => [i.kind, i.urgency])).toEqual([
      ['security.account_locked', 'high'],
      ['account.role_granted', 'normal'],
      ['account.welcome', 'normal'],
    ]);
    expect(items[0]!.title).toBe('Your account was locked after repeated wrong passwords'); // she switched to English
    expect(items[1]!.title).toBe('You are now IT');
    expect(items[2]!.title).toBe('欢迎使用校办'); // created before she chose English
    expect(items[2]!.body).toContain('王校办');
  });

  it("another person's item is not found", async () => {
    const other = await createStaff(t.app, admin, { username: 'other1', displayName: '别人' });
    const ids = t.app.services.inbox.notify([other.person.id], { kind: 'system', title: '私人' });
    expectProblem(await t.app.inject({ method: 'POST', url: `/api/inbox/${ids.get(other.person.id)}/read`, headers: { cookie: admin } }), 404, 'INBOX_ITEM_NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/inbox/not-an-id/read', headers: { cookie: admin } }), 400, 'VALIDATION_FAILED');
  });
});

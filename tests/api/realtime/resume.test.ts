// The hub stores every event with a per-user sequence number; a client that reconnects with the last
// sequence it handled receives exactly the events it missed, from the database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { makeApp, setupSchool, type TestApp } from '../../helpers/app.js';

type Frame = { type: string; seq?: number; name?: string; data?: { item?: { title: string }; unread?: number }; lastSeq?: number };

/** Collects frames from a socket; next(n) resolves once n frames have arrived since the last call. */
function frames(ws: WebSocket) {
  const got: Frame[] = [];
  let waiter: (() => void) | null = null;
  ws.on('message', (raw) => {
    got.push(JSON.parse(String(raw)) as Frame);
    waiter?.();
  });
  let taken = 0;
  return {
    all: got,
    async next(n: number): Promise<Frame[]> {
      const deadline = Date.now() + 5000;
      while (got.length - taken < n) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} frames; have ${JSON.stringify(got.slice(taken))}`);
        await new Promise<void>((r) => {
          waiter = r;
          setTimeout(r, 50);
        });
      }
      const out = got.slice(taken, taken + n);
      taken += n;
      return out;
    },
  };
}

describe('realtime hub', () => {
  let t: TestApp;
  let cookie: string;
  let adminId: string;
  let base: number; // events the admin already has (the welcome notification)
  beforeEach(async () => {
    t = await makeApp();
    cookie = await setupSchool(t.app);
    adminId = t.app.services.org.userByUsername('admin')!.id;
    base = (t.app.services.db.sqlite.prepare('SELECT last_seq AS n FROM realtime_cursors WHERE user_id = ?').get(adminId) as { n: number }).n;
  });
  afterEach(() => t.close());

  const notify = (title: string) => t.app.services.inbox.notify([adminId], { kind: 'system', title });

  it('pushes inbox items live after hello', async () => {
    const ws = await t.app.injectWS('/api/ws', { headers: { cookie } });
    const f = frames(ws);
    ws.send(JSON.stringify({ type: 'hello', lastSeq: null }));
    expect((await f.next(1))[0]).toMatchObject({ type: 'welcome', lastSeq: base });
    notify('第一条');
    const [event] = await f.next(1);
    expect(event).toMatchObject({ type: 'event', seq: base + 1, name: 'inbox.created', data: { item: { title: '第一条' }, unread: base + 1 } });
    ws.terminate();
  });

  it('replays exactly the missed events after a reconnect', async () => {
    const ws1 = await t.app.injectWS('/api/ws', { headers: { cookie } });
    const f1 = frames(ws1);
    ws1.send(JSON.stringify({ type: 'hello', lastSeq: null }));
    await f1.next(1);
    notify('一');
    notify('二');
    const seen = await f1.next(2);
    const lastSeq = seen[1]!.seq!;
    ws1.terminate();

    notify('三'); // while offline
    notify('四');
    t.app.services.inbox.markAllRead(adminId);

    const ws2 = await t.app.injectWS('/api/ws', { headers: { cookie } });
    const f2 = frames(ws2);
    ws2.send(JSON.stringify({ type: 'hello', lastSeq }));
    const replay = await f2.next(4);
    expect(replay.map((e) => [e.seq, e.name, e.data?.item?.title])).toEqual([
      [lastSeq + 1, 'inbox.created', '三'],
      [lastSeq + 2, 'inbox.created', '四'],
      [lastSeq + 3, 'inbox.read', undefined],
      [undefined, undefined, undefined],
    ]);
    expect(replay[3]).toMatchObject({ type: 'welcome', lastSeq: lastSeq + 3 });
    notify('五');
    expect((await f2.next(1))[0]).toMatchObject({ seq: lastSeq + 4, data: { item: { title: '五' } } });
    ws2.terminate();
  });

  it('tells a client whose position is unknown to reset', async () => {
    const ws = await t.app.injectWS('/api/ws', { headers: { cookie } });
    const f = frames(ws);
    ws.send(JSON.stringify({ type: 'hello', lastSeq: 999 }));
    expect((await f.next(2)).map((x) => x.type)).toEqual(['reset', 'welcome']);
    ws.terminate();
  });

  it('fans a department topic out to its members only', async () => {
    const org = t.app.services.org;
    const dept = org.createDepartment({ name: '教务处' }, null);
    const other = org.createDepartment({ name: '总务处' }, null);
    const a = await org.createPerson({ username: 'jw1', displayName: '教务甲', departmentId: dept.id }, null);
    const b = await org.createPerson({ username: 'zw1', displayName: '总务乙', departmentId: other.id }, null);
    const n = t.app.services.hub.publish({ topic: `dept:${dept.id}`, name: 'test.hello', data: { x: 1 } });
    expect(n).toBe(1);
    const repo = t.app.services.db.sqlite;
    const rows = repo.prepare("SELECT d.user_id FROM realtime_deliveries d JOIN realtime_events e ON e.id = d.event_id WHERE e.name = 'test.hello'").all() as { user_id: string }[];
    expect(rows.map((r) => r.user_id)).toEqual([a.person.id]);
    expect(rows.map((r) => r.user_id)).not.toContain(b.person.id);
  });

  it('answers ping and accepts resource subscriptions (only where allowed) that survive reconnects', async () => {
    let allowed = true;
    t.app.services.hub.authorizeTopics('doc', (_user, id) => allowed && id !== 'secret9');
    const ws = await t.app.injectWS('/api/ws', { headers: { cookie } });
    const f = frames(ws);
    ws.send(JSON.stringify({ type: 'hello', lastSeq: base }));
    await f.next(1);
    ws.send(JSON.stringify({ type: 'ping' }));
    expect((await f.next(1))[0]!.type).toBe('pong');
    ws.send(JSON.stringify({ type: 'subscribe', topics: ['doc:abc123', 'doc:secret9', 'user:someone-else', 'nobody:x1', 'bad topic'] }));
    expect((await f.next(1))[0]).toMatchObject({ type: 'subscribed', topics: ['doc:abc123'] });
    ws.terminate();
    expect(t.app.services.hub.publish({ topic: 'doc:abc123', name: 'doc.changed', data: {} })).toBe(1);
    allowed = false; // access withdrawn after subscribing: no more events
    expect(t.app.services.hub.publish({ topic: 'doc:abc123', name: 'doc.changed', data: {} })).toBe(0);
  });
});

describe('realtime hub input', () => {
  it('survives garbage frames from a signed-in client', async () => {
    const t = await makeApp();
    const cookie = await setupSchool(t.app);
    const ws = await t.app.injectWS('/api/ws', { headers: { cookie } });
    const f = frames(ws);
    for (const bad of ['null', '[]', '42', '"x"', '{', '{"type":"subscribe","topics":"nope"}']) ws.send(bad);
    await f.next(5);
    expect(f.all.filter((x) => x.type === 'error')).toHaveLength(5);
    ws.send(JSON.stringify({ type: 'ping' }));
    expect((await f.next(1))[0]!.type).toBe('pong');
    ws.terminate();
    await t.close();
  });
});

// Unit tests of the hub with fake sockets (the ws library sits behind the socket interface).
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../db/client.js';
import { migrate } from '../../db/migrator.js';
import { FakeClock } from '../../lib/clock.js';
import { RealtimeHub } from './realtime.hub.js';
import { createRealtimeRepo } from './realtime.repo.js';

class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  sent: string[] = [];
  closed: number | null = null;
  send(frame: string) {
    this.sent.push(frame);
  }
  close(code: number) {
    this.closed = code;
    this.readyState = 3;
    this.emit('close', code);
  }
  terminate() {
    this.close(1006);
  }
  ping() {
    this.emit('pong');
  }
  hello(lastSeq: number | null) {
    this.emit('message', Buffer.from(JSON.stringify({ type: 'hello', lastSeq })));
  }
  events() {
    return this.sent.map((f) => JSON.parse(f) as { type: string; seq?: number }).filter((f) => f.type === 'event');
  }
}

describe('realtime hub', () => {
  let db: DbHandle;
  let hub: RealtimeHub;
  const users = ['u1', 'u2', 'u3'];
  beforeEach(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xb-hub-'));
    db = openDatabase(dir);
    await migrate(db.sqlite, dir);
    const insert = db.sqlite.prepare("INSERT INTO users (id, username, display_name, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')");
    for (const u of users) insert.run(u, u, u);
    hub = new RealtimeHub({ repo: createRealtimeRepo(db.sqlite), clock: new FakeClock(), log: pino({ level: 'silent' }), maxBufferedBytes: 1000 });
    hub.resolveTopics('all', () => users);
  });
  afterEach(() => {
    hub.close();
    db.close();
  });

  const connect = (user: string, lastSeq: number | null = null) => {
    const s = new FakeSocket();
    hub.attach(s as unknown as WebSocket, { id: user, sessionId: `s-${user}` });
    s.hello(lastSeq);
    return s;
  };

  it('numbers events per user, independently', () => {
    hub.publish({ topic: 'user:u1', name: 'a', data: 1 });
    hub.publish({ topic: 'all', name: 'b', data: 2 });
    const s1 = connect('u1', 0);
    const s2 = connect('u2', 0);
    expect(s1.events().map((e) => e.seq)).toEqual([1, 2]);
    expect(s2.events().map((e) => e.seq)).toEqual([1]);
  });

  it('closes a socket that cannot keep up, without holding back the others', () => {
    const slow = connect('u1');
    const fast = connect('u2');
    slow.bufferedAmount = 5000;
    hub.publish({ topic: 'all', name: 'x', data: 'payload' });
    expect(slow.closed).toBe(4008);
    expect(fast.events()).toHaveLength(1);
    expect(hub.stats().droppedSlow).toBe(1);
    // the slow client reconnects and resumes from the database
    const again = connect('u1', 0);
    expect(again.events().map((e) => e.seq)).toEqual([1]);
  });

  it('does not push live events before the hello replay is done', () => {
    const s = new FakeSocket();
    hub.attach(s as unknown as WebSocket, { id: 'u3', sessionId: 's3' });
    hub.publish({ topic: 'user:u3', name: 'early', data: null });
    expect(s.sent).toHaveLength(0);
    s.hello(0);
    expect(s.events().map((e) => e.seq)).toEqual([1]);
  });

  it('disconnects exactly the revoked session', () => {
    const a = connect('u1');
    const b = connect('u2');
    hub.disconnectSession('s-u1');
    expect(a.closed).toBe(4001);
    expect(b.closed).toBeNull();
  });

  it('closes sockets whose session ended, at the next heartbeat', async () => {
    const ended = new Set(['s-u2']);
    const h = new RealtimeHub({ repo: createRealtimeRepo(db.sqlite), clock: new FakeClock(), log: pino({ level: 'silent' }), heartbeatMs: 10, sessionActive: (id) => !ended.has(id) });
    const keep = new FakeSocket();
    const drop = new FakeSocket();
    h.attach(keep as unknown as WebSocket, { id: 'u1', sessionId: 's-u1' });
    h.attach(drop as unknown as WebSocket, { id: 'u2', sessionId: 's-u2' });
    await new Promise((r) => setTimeout(r, 40));
    expect(drop.closed).toBe(4001);
    expect(keep.closed).toBeNull();
    h.close();
  });

  it('resets a client whose missed range was pruned', () => {
    hub.publish({ topic: 'user:u1', name: 'old', data: null });
    createRealtimeRepo(db.sqlite).prune(new Date(Date.now() + 60_000).toISOString());
    hub.publish({ topic: 'user:u1', name: 'new', data: null });
    const s = connect('u1', 0);
    expect(s.sent.map((f) => JSON.parse(f).type)).toEqual(['reset', 'welcome']);
  });
});

describe('realtime hub fan-out in batches', () => {
  it('keeps every socket in sequence order when a large fan-out spans several turns', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xb-hub-'));
    const db = openDatabase(dir);
    await migrate(db.sqlite, dir);
    const ids = Array.from({ length: 600 }, (_, i) => `u${i}`);
    const insert = db.sqlite.prepare("INSERT INTO users (id, username, display_name, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')");
    for (const u of ids) insert.run(u, u, u);
    const hub = new RealtimeHub({ repo: createRealtimeRepo(db.sqlite), clock: new FakeClock(), log: pino({ level: 'silent' }) });
    hub.resolveTopics('all', () => ids);
    const sockets = ids.map((id) => {
      const s = new FakeSocket();
      hub.attach(s as unknown as WebSocket, { id, sessionId: id });
      s.hello(0);
      return s;
    });
    hub.publish({ topic: 'all', name: 'first', data: null });
    expect(sockets[0]!.events()).toHaveLength(1); // the first batch goes out at once
    expect(sockets[599]!.events()).toHaveLength(0); // the rest after the event loop had a turn
    hub.publish({ topic: 'user:u599', name: 'second', data: null });
    await new Promise((r) => setTimeout(r, 20));
    expect(sockets[599]!.events().map((e) => e.seq)).toEqual([1, 2]);
    expect(sockets.every((s) => s.events().length >= 1)).toBe(true);
    hub.close();
    db.close();
  });
});

// Room rules without media: waiting room and admission, lock, host-only actions, mute / mute-all, remove
// (and no way back in), raise hand, chat (stored), annotation permissions and fan-out, and recording
// start/stop writing the timeline. Janus runs for real (the room needs it); no media is sent here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { assertMediaNamespace, insertMeeting, Signal, until } from '../../helpers/meeting-room.js';
import type { RoomParticipant, RoomState } from '../../../server/modules/meetings/meetings.signal.dto.js';

const stroke = (id: string, tool = 'pen') => ({ id, tool, color: '#ff3b30', width: 0.004, points: [{ x: 0.1, y: 0.2 }, { x: 0.3, y: 0.4 }], part: 0, done: true });

describe('meeting room controls', () => {
  let t: TestApp;
  const people: Record<string, { id: string; cookie: string }> = {};

  beforeAll(async () => {
    assertMediaNamespace();
    t = await makeApp({ overrides: { startSfu: true } });
    const admin = await setupSchool(t.app);
    for (const [key, username, displayName] of [['host', 'wangfang', '王芳'], ['co', 'chenjing', '陈静'], ['a', 'lilei', '李雷'], ['b', 'zhaomin', '赵敏']] as const) {
      const s = await createStaff(t.app, admin, { username, displayName });
      people[key] = { id: s.person.id, cookie: s.cookie };
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const open = async (who: string) => Signal.open(t, people[who]!.cookie);

  it('waiting room: an attendee waits until the host admits them; the host sees the list', async () => {
    const id = insertMeeting(t, { hostId: people.host!.id, memberIds: [people.a!.id, people.co!.id], cohostIds: [people.co!.id], lobby: true });
    const h = await open('host');
    expect((await h.request('join', { meetingId: id, device: 'desktop' })).op).toBe('joined');
    const a = await open('a');
    expect((await a.request('join', { meetingId: id, device: 'phone' })).op).toBe('waiting');
    const list = await h.next((f) => f.op === 'waiting-list' && (f.waiting as unknown[]).length === 1);
    const pid = (list.waiting as { pid: string; name: string }[])[0]!;
    expect(pid.name).toBe('李雷');
    // A waiting attendee cannot do anything in the room yet, nor let themselves in by joining again.
    expect(await a.request('chat', { text: '你好' })).toMatchObject({ op: 'error', code: 'MEETING_NOT_JOINED' });
    expect((await a.request('join', { meetingId: id, device: 'phone' })).op).toBe('waiting');
    // A co-host joins straight in (no waiting) and may admit too.
    const co = await open('co');
    expect((await co.request('join', { meetingId: id, device: 'desktop' })).op).toBe('joined');
    expect(await co.request('host', { action: 'admit', targetId: pid.pid })).toMatchObject({ op: 'ok' });
    await a.next((f) => f.op === 'admitted');
    const joined = await a.next((f) => f.op === 'joined');
    expect((joined.participants as RoomParticipant[]).map((p) => p.name).sort()).toEqual(['李雷', '王芳', '陈静'].sort());
    for (const s of [h, a, co]) s.close();
  });

  it('lock keeps attendees out but not hosts; only the host may end or make co-hosts', async () => {
    const id = insertMeeting(t, { hostId: people.host!.id, memberIds: [people.a!.id, people.b!.id] });
    const h = await open('host');
    await h.request('join', { meetingId: id, device: 'desktop' });
    const a = await open('a');
    await a.request('join', { meetingId: id, device: 'desktop' });
    expect(await a.request('host', { action: 'lock' })).toMatchObject({ op: 'error', status: 403, code: 'MEETING_FORBIDDEN' });
    expect(await h.request('host', { action: 'lock' })).toMatchObject({ op: 'ok' });
    const room = await a.next((f) => f.op === 'room' && (f.room as RoomState).locked);
    expect((room.room as RoomState).locked).toBe(true);
    const b = await open('b');
    expect(await b.request('join', { meetingId: id, device: 'phone' })).toMatchObject({ op: 'error', status: 423, code: 'MEETING_LOCKED' });
    // Someone already in (a second device, or a phone back after a network change) is not locked out.
    const a2 = await open('a');
    expect((await a2.request('join', { meetingId: id, device: 'phone' })).op).toBe('joined');
    a2.close();
    await h.request('host', { action: 'unlock' });
    expect((await b.request('join', { meetingId: id, device: 'phone' })).op).toBe('joined');
    for (const s of [h, a, b]) s.close();
  });

  it('mute, mute-all, raise hand, remove (and no way back in), end', async () => {
    const id = insertMeeting(t, { hostId: people.host!.id, memberIds: [people.a!.id, people.b!.id] });
    const h = await open('host');
    await h.request('join', { meetingId: id, device: 'desktop' });
    const a = await open('a');
    const aj = await a.request('join', { meetingId: id, device: 'desktop' });
    const b = await open('b');
    const bj = await b.request('join', { meetingId: id, device: 'desktop' });
    const aPid = (aj.self as RoomParticipant).pid;
    const bPid = (bj.self as RoomParticipant).pid;
    await a.request('media', { audio: true, video: false });
    await b.request('media', { audio: true, video: true });
    expect(await h.request('host', { action: 'mute', targetId: aPid })).toMatchObject({ op: 'ok' });
    expect((await a.next((f) => f.op === 'muted')).by).toBe('王芳');
    await h.request('host', { action: 'mute-all' });
    await b.next((f) => f.op === 'muted');
    expect(await a.request('host', { action: 'mute', targetId: (aj.self as RoomParticipant).pid })).toMatchObject({ code: 'MEETING_FORBIDDEN' });

    await b.request('hand', { raised: true });
    const hand = await h.next((f) => f.op === 'participant' && (f.participant as RoomParticipant).hand);
    expect((hand.participant as RoomParticipant).handAt).not.toBeNull();
    await h.request('host', { action: 'lower-hand', targetId: bPid });
    await b.next((f) => f.op === 'participant' && !(f.participant as RoomParticipant).hand && (f.participant as RoomParticipant).pid === bPid);

    await h.request('host', { action: 'remove', targetId: bPid });
    await b.next((f) => f.op === 'kicked');
    await h.next((f) => f.op === 'left' && f.pid === bPid && f.reason === 'removed');
    expect(await b.request('join', { meetingId: id, device: 'desktop' })).toMatchObject({ op: 'error', status: 403, code: 'MEETING_REMOVED' });
    // Removing a person takes every device of theirs out.
    const a2 = await open('a');
    const a2j = await a2.request('join', { meetingId: id, device: 'phone' });
    expect(a2j.op).toBe('joined');
    await h.request('host', { action: 'remove', targetId: aPid });
    await a.next((f) => f.op === 'kicked');
    await a2.next((f) => f.op === 'kicked');
    expect(t.app.services.meetingsLive.rooms.participants(id).map((p) => p.name)).toEqual(['王芳']);
    a2.close();
    expect(await h.request('host', { action: 'remove', targetId: 'nobody' })).toMatchObject({ op: 'error', status: 404, code: 'MEETING_NOT_JOINED' });

    expect(await h.request('host', { action: 'end' })).toMatchObject({ op: 'ok' });
    await until(() => t.app.services.meetingsLive.rooms.participants(id).length === 0, 5000, 'room ended');
    const rows = t.app.services.db.sqlite.prepare('SELECT user_id, left_at FROM meeting_attendance WHERE meeting_id = ?').all(id) as { left_at: string | null }[];
    expect(rows).toHaveLength(4); // host, b, and a on two devices
    expect(rows.every((r) => r.left_at !== null)).toBe(true);
    for (const s of [h, a, b]) s.close();
  });

  it('chat is stored and shown to late joiners; over-long or empty text is refused', async () => {
    const id = insertMeeting(t, { hostId: people.host!.id, memberIds: [people.a!.id] });
    const h = await open('host');
    await h.request('join', { meetingId: id, device: 'desktop' });
    expect(await h.request('chat', { text: '请大家打开第三页' })).toMatchObject({ op: 'ok' });
    expect(await h.request('chat', { text: 'x'.repeat(1001) })).toMatchObject({ op: 'error', code: 'MEETING_BAD_REQUEST' });
    expect(await h.request('chat', { text: '   ' })).toMatchObject({ op: 'error', code: 'MEETING_BAD_REQUEST' });
    const a = await open('a');
    const joined = await a.request('join', { meetingId: id, device: 'phone' });
    expect((joined.chat as { text: string; name: string }[]).map((c) => `${c.name}:${c.text}`)).toEqual(['王芳:请大家打开第三页']);
    for (const s of [h, a]) s.close();
  });

  it('annotations: only with a shared screen, by the presenter (or as the host allows), relayed and recorded', async () => {
    const id = insertMeeting(t, { hostId: people.host!.id, memberIds: [people.a!.id] });
    const h = await open('host');
    await h.request('join', { meetingId: id, device: 'desktop' });
    const a = await open('a');
    await a.request('join', { meetingId: id, device: 'desktop' });
    // No screen is shared: nobody may draw.
    expect(await h.request('annotate', { stroke: stroke('s1') })).toMatchObject({ op: 'error', code: 'MEETING_FORBIDDEN' });
    expect(await h.request('annotate', { stroke: { ...stroke('s1'), color: 'red;' } })).toMatchObject({ op: 'error', code: 'MEETING_BAD_REQUEST' });

    // Recording on: the timeline file gets the events.
    expect(await h.request('host', { action: 'record-start' })).toMatchObject({ op: 'ok' });
    const rec = t.app.services.db.sqlite.prepare(`SELECT id, dir, status FROM meeting_recordings WHERE meeting_id = ?`).get(id) as { id: string; dir: string; status: string };
    expect(rec.status).toBe('recording');
    await a.next((f) => f.op === 'room' && (f.room as RoomState).recording);
    expect(await h.request('host', { action: 'record-stop' })).toMatchObject({ op: 'ok' });
    const stopped = t.app.services.db.sqlite.prepare(`SELECT status, stopped_at FROM meeting_recordings WHERE id = ?`).get(rec.id) as { status: string; stopped_at: string };
    expect(stopped.status).toBe('processing');
    const timeline = readFileSync(path.join(t.dir, rec.dir, 'timeline.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(timeline.map((e) => e.type)).toEqual(['start', 'stop']);
    expect(await a.request('host', { action: 'record-start' })).toMatchObject({ code: 'MEETING_FORBIDDEN' });
    expect(existsSync(path.join(t.dir, rec.dir))).toBe(true);
    for (const s of [h, a]) s.close();
  });

  it('a phone that changes networks (new socket, same person) keeps one stay in the attendance', async () => {
    const id = insertMeeting(t, { hostId: people.host!.id, memberIds: [people.a!.id] });
    const h = await open('host');
    await h.request('join', { meetingId: id, device: 'desktop' });
    const first = await open('a');
    const j1 = await first.request('join', { meetingId: id, device: 'phone' });
    first.close(); // the Wi-Fi drops: the socket dies without a leave
    await new Promise((r) => setTimeout(r, 200));
    // Within the grace period the seat is kept (the others still see the person).
    expect(t.app.services.meetingsLive.rooms.participants(id).map((p) => p.name)).toContain('李雷');
    const second = await open('a');
    const j2 = await second.request('join', { meetingId: id, device: 'phone' });
    expect(j2.op).toBe('joined');
    await h.next((f) => f.op === 'left' && f.pid === (j1.self as RoomParticipant).pid);
    expect(t.app.services.meetingsLive.rooms.participants(id).filter((p) => p.name === '李雷')).toHaveLength(1);
    const rows = () => t.app.services.db.sqlite.prepare('SELECT session_key, left_at FROM meeting_attendance WHERE meeting_id = ? AND user_id = ?').all(id, people.a!.id) as { session_key: string; left_at: string | null }[];
    expect(rows()).toEqual([{ session_key: (j2.self as RoomParticipant).pid, left_at: null }]);
    await second.request('leave');
    expect(rows()[0]!.left_at).not.toBeNull();
    for (const s of [h, second]) s.close();
  });

  it('the Janus API listens on 127.0.0.1 only and refuses requests without our secret', async () => {
    const port = Number(/ws_port = (\d+)/.exec(readFileSync(path.join(t.dir, 'run', 'janus', 'conf', 'janus.transport.websockets.jcfg'), 'utf8'))![1]);
    // Reachable on 127.0.0.1 (our server), not on the namespace's other address (stands in for the LAN).
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.2:${port}`, 'janus-protocol');
      ws.on('open', () => resolve('open'));
      ws.on('error', (err) => resolve((err as NodeJS.ErrnoException).code ?? err.message));
    });
    expect(refused).toBe('ECONNREFUSED');
    const answer = await new Promise<{ janus: string; error?: { code: number } }>((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`, 'janus-protocol');
      ws.on('open', () => ws.send(JSON.stringify({ janus: 'create', transaction: 'x1' })));
      ws.on('message', (raw) => {
        resolve(JSON.parse(String(raw)));
        ws.close();
      });
      ws.on('error', reject);
    });
    expect(answer.janus).toBe('error');
    expect(answer.error?.code).toBe(403); // JANUS_ERROR_UNAUTHORIZED
    const conf = readFileSync(path.join(t.dir, 'run', 'janus', 'conf', 'janus.jcfg'), 'utf8');
    expect(conf).toMatch(/api_secret = "[A-Za-z0-9_-]{20,}"/);
    expect(readFileSync(path.join(t.dir, 'run', 'janus', 'conf', 'janus.transport.websockets.jcfg'), 'utf8')).toMatch(/admin_ws = false/);
    await until(() => true);
  });
});

// The live room against a real Janus (our child process, inside the test network namespace) with real
// WebRTC peers (werift): a publisher's RTP reaches a subscriber through Janus; signalling is refused to
// people who are not invited before anything reaches Janus; a killed Janus is restarted and the room goes on.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { assertMediaNamespace, insertMeeting, Signal, until, WeriftPublisher, WeriftSubscriber } from '../../helpers/meeting-room.js';
import type { Jsep, RoomFeed, SubStream } from '../../../server/modules/meetings/meetings.signal.dto.js';

describe('meeting room with Janus', () => {
  let t: TestApp;
  let host: { id: string; cookie: string };
  let teacher: { id: string; cookie: string };
  let outsider: { id: string; cookie: string };
  let meetingId: string;

  beforeAll(async () => {
    assertMediaNamespace();
    t = await makeApp({ overrides: { startSfu: true } });
    const admin = await setupSchool(t.app);
    const a = await createStaff(t.app, admin, { username: 'wangfang', displayName: '王芳' });
    const b = await createStaff(t.app, admin, { username: 'lilei', displayName: '李雷' });
    const c = await createStaff(t.app, admin, { username: 'zhaomin', displayName: '赵敏' });
    host = { id: a.person.id, cookie: a.cookie };
    teacher = { id: b.person.id, cookie: b.cookie };
    outsider = { id: c.person.id, cookie: c.cookie };
    meetingId = insertMeeting(t, { hostId: host.id, memberIds: [teacher.id] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reports Janus in /api/health and availability', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    const body = res.json() as { checks: Record<string, { status: string; pid?: number }> };
    expect(body.checks.meetings?.status).toBe('ok');
    expect(body.checks.meetings?.pid).toBeGreaterThan(0);
    const a = await t.app.inject({ method: 'GET', url: '/api/meetings/availability', headers: { cookie: host.cookie } });
    expect(a.json()).toMatchObject({ available: true, state: 'up' });
  });

  it('relays a publisher’s media to a subscriber through Janus', async () => {
    const hs = await Signal.open(t, host.cookie);
    const ts = await Signal.open(t, teacher.cookie);
    const joined = await hs.request('join', { meetingId, device: 'desktop' });
    expect(joined.op).toBe('joined');
    const tj = await ts.request('join', { meetingId, device: 'phone' });
    expect(tj.op).toBe('joined');
    expect((tj.participants as { userId: string }[]).map((p) => p.userId).sort()).toEqual([host.id, teacher.id].sort());

    const pub = new WeriftPublisher();
    const answer = await hs.request('publish', { meetingId, source: 'camera', jsep: await pub.offer(), audio: true, video: true });
    expect(answer.op).toBe('answer');
    await pub.answer(answer.jsep as Jsep);

    const feeds = await ts.next((f) => f.op === 'feeds' && (f.feeds as RoomFeed[]).length > 0);
    const feed = (feeds.feeds as RoomFeed[])[0]!;
    expect(feed.streams.map((s) => s.type).sort()).toEqual(['audio', 'video']);
    const sub = new WeriftSubscriber();
    const ok = await ts.request('view', { streams: feed.streams.map((s) => ({ feedId: feed.feedId, mid: s.mid, layer: 'l' })) });
    expect(ok).toMatchObject({ op: 'ok' });
    const offer = await ts.next((f) => f.op === 'sub-offer');
    expect((offer.streams as SubStream[]).filter((s) => s.active).map((s) => s.pid)).toEqual([joined.self && (joined.self as { pid: string }).pid, (joined.self as { pid: string }).pid]);
    const started = await ts.request('sub-answer', { jsep: await sub.answerOffer(offer.jsep as Jsep) });
    expect(started.op).toBe('ok');
    await until(() => sub.total() > 50, 20_000, 'RTP through Janus');
    const before = sub.total();
    await until(() => sub.total() > before + 50, 20_000, 'RTP still flowing');
    expect(sub.packets.size).toBe(2); // audio and video

    // Attendance is written while they are in the room.
    const rows = t.app.services.db.sqlite.prepare('SELECT user_id, left_at FROM meeting_attendance WHERE meeting_id = ?').all(meetingId) as { user_id: string; left_at: string | null }[];
    expect(rows.map((r) => r.user_id).sort()).toEqual([host.id, teacher.id].sort());
    expect(rows.every((r) => r.left_at === null)).toBe(true);

    await ts.request('leave');
    await hs.request('leave');
    await pub.close();
    await sub.close();
    hs.close();
    ts.close();
  });

  it('records each published stream into the recording folder and hands the recording to the converter', async () => {
    const hs = await Signal.open(t, host.cookie);
    await hs.request('join', { meetingId, device: 'desktop' });
    expect(await hs.request('host', { action: 'record-start' })).toMatchObject({ op: 'ok' });
    const pub = new WeriftPublisher();
    const answer = await hs.request('publish', { source: 'camera', jsep: await pub.offer(), audio: true, video: true });
    await pub.answer(answer.jsep as Jsep);
    const rec = t.app.services.db.sqlite.prepare(`SELECT id, dir FROM meeting_recordings WHERE meeting_id = ? AND status = 'recording'`).get(meetingId) as { id: string; dir: string };
    const dir = path.join(t.dir, rec.dir);
    await until(() => readdirSync(dir).filter((f) => f.endsWith('.mjr')).every((f) => statSync(path.join(dir, f)).size > 20_000) && readdirSync(dir).filter((f) => f.endsWith('.mjr')).length === 2, 20_000, 'Janus writing .mjr files');
    expect(await hs.request('host', { action: 'record-stop' })).toMatchObject({ op: 'ok' });
    const files = readdirSync(dir).sort();
    expect(files.filter((f) => f.endsWith('.mjr')).map((f) => f.replace(/feed-\d+-/, 'feed-N-'))).toEqual(['feed-N-camera-audio-0.mjr', 'feed-N-camera-video-1.mjr']);
    const timeline = readFileSync(path.join(dir, 'timeline.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; source?: string });
    expect(timeline.map((e) => e.type)).toEqual(['start', 'feed', 'stop']);
    const job = t.app.services.db.sqlite.prepare(`SELECT payload FROM jobs WHERE kind = 'meetings.recording.convert'`).all() as { payload: string }[];
    expect(job.map((j) => (JSON.parse(j.payload) as { recordingId: string }).recordingId)).toContain(rec.id);
    await hs.request('unpublish', { source: 'camera' });
    await hs.request('leave');
    await pub.close();
    hs.close();
  });

  it('refuses people who are not invited, and bad frames, with clear errors', async () => {
    const os = await Signal.open(t, outsider.cookie);
    const before = t.app.services.meetingsLive.rooms.stats();
    const res = await os.request('join', { meetingId, device: 'desktop' });
    expect(res).toMatchObject({ op: 'error', status: 404, code: 'MEETING_NOT_FOUND' });
    const bad = await os.request('publish', { source: 'camera', jsep: { type: 'offer', sdp: 'x' }, audio: true, video: true });
    expect(bad).toMatchObject({ op: 'error', status: 400, code: 'MEETING_BAD_REQUEST' });
    const notIn = await os.request('publish', { source: 'camera', jsep: { type: 'offer', sdp: 'v=0 '.repeat(5) }, audio: true, video: true });
    expect(notIn).toMatchObject({ op: 'error', status: 409, code: 'MEETING_NOT_JOINED' });
    const unknown = await os.request('join', { meetingId: '0'.repeat(26), device: 'desktop' });
    expect(unknown).toMatchObject({ op: 'error', status: 404, code: 'MEETING_NOT_FOUND' });
    // Nothing reached Janus: no room was made and no seat taken.
    expect(t.app.services.meetingsLive.rooms.stats()).toEqual(before);
    expect(t.app.services.meetingsLive.rooms.participants(meetingId).map((p) => p.userId)).not.toContain(outsider.id);
    os.close();
  });

  it('restarts a killed Janus, tells the room, and the room continues', async () => {
    const hs = await Signal.open(t, host.cookie);
    const joined = await hs.request('join', { meetingId, device: 'desktop' });
    expect(joined.op).toBe('joined');
    const proc = t.app.services.meetingsLive.janusProcess()!;
    const before = proc.status();
    process.kill(before.pid!, 'SIGKILL');
    await hs.next((f) => f.op === 'sfu-restart', 20_000);
    await until(() => proc.status().state === 'up' && proc.status().generation > before.generation, 30_000, 'Janus restarted');
    await until(() => t.app.services.meetingsLive.sfu.status().state === 'up', 10_000, 'connected again');
    // The client rejoins on the same socket and publishes again.
    const again = await hs.request('join', { meetingId, device: 'desktop' });
    expect(again.op).toBe('joined');
    expect((again.self as { pid: string }).pid).toBe((joined.self as { pid: string }).pid);
    const pub = new WeriftPublisher();
    const answer = await hs.request('publish', { source: 'camera', jsep: await pub.offer(), audio: true, video: true });
    expect(answer.op).toBe('answer');
    await pub.answer(answer.jsep as Jsep);
    expect(t.app.services.meetingsLive.sfu.status().restarts).toBe(before.restarts + 1);
    await pub.close();
    hs.close();
  });
});

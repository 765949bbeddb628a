// Meeting recordings after the meeting, for real: the committed fixture was recorded by Janus 1.1 from
// Chromium publishers (tests/fixtures/meetings/make-recording.sh); janus-pp-rec and ffmpeg convert it here.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../server/lib/ids.js';
import { convertRecording, probe, type ConvertResult } from '../../../server/modules/meetings/recording/recording.convert.js';
import { parseTimeline } from '../../../server/modules/meetings/recording/recording.timeline.js';
import { createStaff, expectProblem, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';

const FIXTURE = path.resolve('tests/fixtures/meetings/rec-sample');
const timeline = parseTimeline(readFileSync(path.join(FIXTURE, 'timeline.jsonl'), 'utf8')).events;
const T0 = timeline.find((e) => e.type === 'start')!.t;
const STOP = timeline.find((e) => e.type === 'stop')!.t;
const tool = { timeoutMs: 30_000 };

/** ASS "H:MM:SS.cc" → ms */
const assMs = (s: string) => {
  const [h, m, rest] = s.split(':');
  return (Number(h) * 3600 + Number(m) * 60 + Number(rest)) * 1000;
};

describe('convertRecording (janus-pp-rec + ffmpeg on the real fixture)', () => {
  let work: string;
  let out: ConvertResult;
  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'xb-rec-'));
    out = await convertRecording({ dir: FIXTURE, workDir: path.join(work, 'w'), output: path.join(work, 'out.mp4') });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes one MP4 with H.264 video and AAC audio as long as the timeline', async () => {
    const p = await probe(path.join(work, 'out.mp4'), tool);
    expect(p.video).toMatchObject({ codec: 'h264', width: 1280, height: 720 });
    expect(p.audio).toMatchObject({ codec: 'aac' });
    expect(Math.abs(p.durationMs - (STOP - T0))).toBeLessThan(250);
    expect(out.durationMs).toBe(p.durationMs);
    // Every stream Janus wrote was read: 2 cameras × (audio + video) + the screen's video.
    expect(out.tracks.map((t) => `${t.feedId}:${t.kind}`).sort()).toEqual(['1001:audio', '1001:video', '1002:audio', '1002:video', '1003:video']);
    expect(out.tracks.every((t) => t.offsetMs >= 0 && t.offsetMs < STOP - T0)).toBe(true);
  });

  it('shows the screen share while it is on and a camera otherwise', () => {
    const shot = out.plan.segments.filter((s) => s.feedId === 1003);
    expect(shot).toHaveLength(1);
    expect(out.plan.screenIntervals).toEqual([{ from: shot[0]!.from, to: shot[0]!.to, feedId: 1003 }]);
    expect(out.plan.segments.some((s) => s.feedId === 1001)).toBe(true);
    expect(out.plan.segments.some((s) => s.feedId === 1002)).toBe(true);
    expect(out.plan.segments.at(-1)!.to).toBe(out.plan.durationMs);
  });

  it('mixes audible sound from the microphones', async () => {
    const { runTool } = await import('../../../server/modules/meetings/recording/recording.convert.js');
    const { stderr } = await runTool('ffmpeg', ['-hide_banner', '-nostdin', '-i', path.join(work, 'out.mp4'), '-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-'], tool);
    const mean = Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)?.[1]);
    expect(mean).toBeGreaterThan(-60);
  });

  it('burns every annotation in, inside the screen-share window, until the clear', () => {
    const ass = readFileSync(out.assFile!, 'utf8');
    const lines = ass.split('\n').filter((l) => l.startsWith('Dialogue:'));
    const share = out.plan.screenIntervals[0]!;
    const clearAt = timeline.find((e) => e.type === 'annotation' && e.stroke.tool === 'clear')!.t - T0;
    for (const id of ['s1', 's2', 's3', 's4', 's5']) {
      const mine = lines.filter((l) => l.split(',')[4] === id);
      expect(mine.length, id).toBeGreaterThan(0);
      const drawnAt = timeline.find((e) => e.type === 'annotation' && e.stroke.id === id)!.t - T0;
      for (const l of mine) {
        const [, start, end] = /^Dialogue: \d+,([\d:.]+),([\d:.]+),/.exec(l)!;
        expect(Math.abs(assMs(start!) - drawnAt)).toBeLessThanOrEqual(10);
        expect(assMs(start!)).toBeGreaterThanOrEqual(share.from - 10);
        expect(assMs(end!)).toBeLessThanOrEqual(Math.min(share.to, clearAt) + 10);
      }
    }
    expect(lines.find((l) => l.includes(',s4,'))).toContain('重点');
    expect(lines.find((l) => l.includes(',s2,'))).toContain('\\3a&H80&'); // the highlighter is see-through
  });
});

describe('the conversion job, the documents store and the recordings route', () => {
  let t: TestApp;
  let admin: string;
  let host: Awaited<ReturnType<typeof createStaff>>;
  let member: Awaited<ReturnType<typeof createStaff>>;
  let outsider: Awaited<ReturnType<typeof createStaff>>;
  const meetingId = newId();

  function addRecording(fill: (dir: string) => void): { id: string; dir: string } {
    const id = newId();
    const rel = path.join('recordings', id);
    const dir = path.join(t.dir, rel);
    mkdirSync(dir, { recursive: true });
    fill(dir);
    t.app.services.recordings.repo.insert({ id, meetingId, dir: rel, startedBy: host.person.id, startedAt: new Date(T0).toISOString() });
    return { id, dir };
  }

  beforeAll(async () => {
    t = await makeApp();
    admin = await setupSchool(t.app);
    host = await createStaff(t.app, admin, { username: 'zhang1', displayName: '张老师' });
    member = await createStaff(t.app, admin, { username: 'li0001', displayName: '李老师' });
    outsider = await createStaff(t.app, admin, { username: 'wang01', displayName: '王老师' });
    const { sqlite } = t.app.services.db;
    const now = new Date().toISOString();
    sqlite
      .prepare(`INSERT INTO meetings (id, title, starts_at, duration_min, host_id, room_no, created_at, updated_at) VALUES (?, ?, ?, 60, ?, 1234, ?, ?)`)
      .run(meetingId, '教研组周会: 第3周', now, host.person.id, now, now);
    const addMember = sqlite.prepare(`INSERT INTO meeting_members (meeting_id, user_id, role) VALUES (?, ?, ?)`);
    addMember.run(meetingId, host.person.id, 'host');
    addMember.run(meetingId, member.person.id, 'attendee');
  });
  afterAll(async () => t.close());

  it('requires a session, a well-formed id and membership (others get the same 404)', async () => {
    const url = `/api/meetings/${meetingId}/recordings`;
    expectProblem(await t.app.inject({ method: 'GET', url }), 401, 'UNAUTHENTICATED');
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/meetings/NOT-AN-ID/recordings', headers: { cookie: member.cookie } }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.app.inject({ method: 'GET', url, headers: { cookie: outsider.cookie } }), 404, 'MEETING_NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/meetings/${newId()}/recordings`, headers: { cookie: member.cookie } }), 404, 'MEETING_NOT_FOUND');
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: member.cookie } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ meeting: { id: meetingId, title: '教研组周会: 第3周' }, items: [] });
  });

  it('converts, files the MP4 in the meeting folder for its members, notifies them and removes the raw files', async () => {
    const rec = addRecording((dir) => cpSync(FIXTURE, dir, { recursive: true }));
    const { converter, repo } = t.app.services.recordings;
    expect(converter.enqueue(rec.id)).not.toBeNull();
    expect(converter.enqueue(rec.id)).toBeNull(); // once at a time
    await t.app.services.jobs.drain();

    const row = repo.get(rec.id)!;
    expect(row).toMatchObject({ status: 'ready', error: null });
    expect(Math.abs(row.durationMs! - (STOP - T0))).toBeLessThan(250);
    expect(row.sizeBytes).toBeGreaterThan(10_000);
    expect(existsSync(rec.dir)).toBe(false);
    const folderId = repo.meeting(meetingId)!.folderId;
    expect(folderId).toBeTruthy();

    // The member plays it (HTTP Range), the outsider cannot tell it exists.
    const url = `/api/files/nodes/${row.fileId}/content`;
    const part = await t.app.inject({ method: 'GET', url, headers: { cookie: member.cookie, range: 'bytes=0-99' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-type']).toBe('video/mp4');
    expect(part.headers['content-range']).toBe(`bytes 0-99/${row.sizeBytes}`);
    expect(part.rawPayload.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expectProblem(await t.app.inject({ method: 'GET', url, headers: { cookie: outsider.cookie } }), 404, 'NOT_FOUND');
    expectProblem(await t.app.inject({ method: 'GET', url: `/api/files/nodes/${folderId}`, headers: { cookie: outsider.cookie } }), 404, 'NOT_FOUND');
    const node = await t.app.inject({ method: 'GET', url: `/api/files/nodes/${row.fileId}`, headers: { cookie: member.cookie } });
    expect(node.json().node.name).toMatch(/^教研组周会 第3周 \d{4}-\d\d-\d\d \d\d\.\d\d\.mp4$/);
    expect(node.json().breadcrumbs.map((b: { name: string }) => b.name).slice(0, 3)).toEqual(['全校文件', '会议录像', '教研组周会 第3周']);

    const list = await t.app.inject({ method: 'GET', url: `/api/meetings/${meetingId}/recordings`, headers: { cookie: member.cookie } });
    expect(list.json().items).toEqual([expect.objectContaining({ id: rec.id, status: 'ready', fileId: row.fileId, durationMs: row.durationMs })]);

    const notified = t.app.services.db.sqlite
      .prepare(`SELECT user_id AS userId, link FROM inbox_items WHERE kind = 'meeting.recording_ready' ORDER BY user_id`)
      .all() as { userId: string; link: string }[];
    expect(notified.map((n) => n.userId).sort()).toEqual([host.person.id, member.person.id].sort());
    expect(notified[0]!.link).toBe(`/meetings/${meetingId}/recordings?r=${rec.id}`);
  });

  it('marks an empty or unreadable recording failed with a clear error and keeps its files for a retry', async () => {
    const { converter, repo } = t.app.services.recordings;
    const empty = addRecording((dir) => writeFileSync(path.join(dir, 'timeline.jsonl'), readFileSync(path.join(FIXTURE, 'timeline.jsonl'))));
    const garbage = addRecording((dir) => {
      cpSync(path.join(FIXTURE, 'timeline.jsonl'), path.join(dir, 'timeline.jsonl'));
      for (const f of ['feed-1001-camera-audio-0.mjr', 'feed-1001-camera-video-1.mjr']) writeFileSync(path.join(dir, f), Buffer.alloc(4096, 7));
    });
    converter.enqueue(empty.id);
    converter.enqueue(garbage.id);
    await t.app.services.jobs.drain();
    expect(repo.get(empty.id)).toMatchObject({ status: 'failed', fileId: null, error: expect.stringContaining('no .mjr files') });
    expect(repo.get(garbage.id)).toMatchObject({ status: 'failed', fileId: null, error: expect.stringContaining('no stream in the recording could be read') });
    expect(existsSync(path.join(empty.dir, 'timeline.jsonl'))).toBe(true);
    expect(existsSync(path.join(garbage.dir, 'feed-1001-camera-audio-0.mjr'))).toBe(true);
    expect(existsSync(path.join(t.dir, 'work', 'recordings', garbage.id))).toBe(false);

    // The host sees why; an attendee only sees that it failed.
    const asHost = await t.app.inject({ method: 'GET', url: `/api/meetings/${meetingId}/recordings`, headers: { cookie: host.cookie } });
    expect(asHost.json().items.find((i: { id: string }) => i.id === empty.id).error).toContain('no .mjr files');
    const asMember = await t.app.inject({ method: 'GET', url: `/api/meetings/${meetingId}/recordings`, headers: { cookie: member.cookie } });
    expect(asMember.json().items.find((i: { id: string }) => i.id === empty.id)).toMatchObject({ status: 'failed', error: null, fileId: null });
  });
});

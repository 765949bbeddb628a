// The job `meetings.recording.convert`: raw Janus recording → one MP4 in the documents store, in the
// meeting's own folder (会议录像/<title>), readable by the meeting's members; then the members are told.
// The raw directory is deleted only after the file is safely stored; a failed conversion keeps it so the
// job can be retried. Build it with createRecordingConverter() and call enqueue() when a recording stops.
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../../../core/jobs/jobs.queue.js';
import type { Clock } from '../../../lib/clock.js';
import type { SystemFolders } from '../../files/index.js';
import type { Gateway } from '../../gateway/index.js';
import { convertRecording, RecordingError, type ConvertOptions, type ConvertResult } from './recording.convert.js';
import type { RecordingRepo } from './recording.repo.js';

export const CONVERT_JOB = 'meetings.recording.convert';
/** The top folder in the school space; closed, so only the people named on each meeting's folder see it. */
export const RECORDINGS_FOLDER = '会议录像';

export interface RecordingConverterDeps {
  dataDir: string;
  repo: RecordingRepo;
  files: SystemFolders;
  gateway: Pick<Gateway, 'deliver'>;
  jobs: Pick<JobQueue, 'register' | 'enqueue'>;
  clock: Clock;
  log: FastifyBaseLogger;
  /** PATH and locale for janus-pp-rec / ffmpeg (the config's toolEnv). */
  env?: Record<string, string>;
  /** Tests may shorten the hold or the timeouts. */
  convertOptions?: Partial<Pick<ConvertOptions, 'holdMs' | 'toolTimeoutMs' | 'ffmpegTimeoutMs'>>;
}

const UNSAFE_NAME = /[\u0000-\u001f\u007f-\u009f/\\:*?"<>|]+/g;
const safeName = (s: string) => s.replace(UNSAFE_NAME, ' ').replace(/\s+/g, ' ').replace(/[. ]+$/, '').trim().slice(0, 60) || '会议';

/** "2026-11-29 19.56" on the meeting's wall clock (a colon is not allowed in file names). */
function localStamp(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour') === '24' ? '00' : get('hour')}.${get('minute')}`;
}

export function createRecordingConverter(d: RecordingConverterDeps) {
  const { repo } = d;
  const dataDir = path.resolve(d.dataDir);

  /** The raw directory, which must lie inside <data>/recordings (the row's dir is relative to the data dir). */
  function rawDir(dir: string): string {
    const abs = path.resolve(dataDir, dir);
    const root = path.join(dataDir, 'recordings') + path.sep;
    if (!abs.startsWith(root)) throw new RecordingError('RECORDING_EMPTY', `recording directory ${dir} is outside ${root}`);
    return abs;
  }

  /** The meeting's folder, made on first use; its people are set from meeting_members every time. */
  function folderFor(meetingId: string): string {
    const m = repo.meeting(meetingId);
    if (!m) throw new RecordingError('RECORDING_EMPTY', `meeting ${meetingId} no longer exists`);
    let folderId = m.folderId && d.files.folderLive(m.folderId) ? m.folderId : null;
    if (!folderId) {
      folderId = d.files.createFolder([RECORDINGS_FOLDER], safeName(m.title), null);
      repo.setFolder(meetingId, folderId);
    }
    syncPeople(meetingId, folderId);
    return folderId;
  }

  function syncPeople(meetingId: string, folderId: string): void {
    const m = repo.meeting(meetingId);
    const people = repo.members(meetingId).map((p) => ({ userId: p.userId, level: p.role === 'attendee' ? ('download' as const) : ('manage' as const) }));
    if (m && !people.some((p) => p.userId === m.hostId)) people.push({ userId: m.hostId, level: 'manage' });
    d.files.setPeople(folderId, people, null);
  }

  async function run(recordingId: string, attempt = 1, maxAttempts = 1): Promise<void> {
    const row = repo.get(recordingId);
    if (!row || row.status === 'ready') return;
    repo.markProcessing(recordingId);
    const log = d.log.child({ recordingId, meetingId: row.meetingId });
    const workDir = path.join(dataDir, 'work', 'recordings', recordingId);
    let result: ConvertResult;
    try {
      const dir = rawDir(row.dir);
      await fsp.rm(workDir, { recursive: true, force: true });
      // The output lives under the data dir: the blob store adopts it by rename (same filesystem).
      result = await convertRecording({ ...d.convertOptions, dir, workDir, output: path.join(workDir, 'recording.mp4'), env: d.env });
      const m = repo.meeting(row.meetingId);
      const folderId = folderFor(row.meetingId);
      const name = `${safeName(m?.title ?? '会议')} ${localStamp(row.startedAt, m?.timeZone ?? 'Asia/Shanghai')}.mp4`;
      const fileId = await d.files.fileFromPath(folderId, name, path.join(workDir, 'recording.mp4'), row.startedBy);
      repo.markReady(recordingId, fileId, result.sizeBytes, result.durationMs);
      log.info({ event: 'meetings.recording_ready', fileId, durationMs: result.durationMs, sizeBytes: result.sizeBytes, tracks: result.tracks.length }, 'recording converted');
      const title = m?.title ?? '';
      d.gateway.deliver(
        repo.members(row.meetingId).map((p) => p.userId),
        {
          kind: 'meeting.recording_ready', category: 'meeting',
          title: { 'zh-CN': `会议录像已生成：${title}`, en: `Meeting recording ready: ${title}` },
          body: { 'zh-CN': `时长 ${Math.round(result.durationMs / 60000) || '<1'} 分钟，可在会议页面回放。`, en: `${Math.round(result.durationMs / 60000) || '<1'} min; play it from the meeting page.` },
          link: `/meetings/${row.meetingId}/recordings?r=${recordingId}`, urgency: 'low', source: { type: 'meeting', id: row.meetingId },
        },
      );
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      repo.markFailed(recordingId, message);
      log.warn({ event: 'meetings.recording_failed', err: message, attempt }, 'recording conversion failed');
      await fsp.rm(workDir, { recursive: true, force: true }).catch(() => undefined);
      // A missing or empty recording will not get better; a tool that failed or timed out may (retry).
      if (!(err instanceof RecordingError && err.code === 'RECORDING_EMPTY') && attempt < maxAttempts) throw err;
      return;
    }
    await fsp.rm(workDir, { recursive: true, force: true });
    await fsp.rm(rawDir(row.dir), { recursive: true, force: true });
  }

  d.jobs.register(CONVERT_JOB, async (payload, ctx) => {
    const { recordingId } = payload as { recordingId: string };
    await run(recordingId, ctx.attempt, 3);
  });

  return {
    run,
    /** Queue the conversion (once per recording at a time); the row goes to `processing` when the job starts. */
    enqueue(recordingId: string): number | null {
      return d.jobs.enqueue(CONVERT_JOB, { recordingId }, { dedupeKey: `${CONVERT_JOB}:${recordingId}`, maxAttempts: 3 });
    },
    /** After the invitees change: the recordings folder follows meeting_members. */
    syncPeople(meetingId: string): void {
      const m = repo.meeting(meetingId);
      if (m?.folderId && d.files.folderLive(m.folderId)) syncPeople(meetingId, m.folderId);
    },
  };
}
export type RecordingConverter = ReturnType<typeof createRecordingConverter>;

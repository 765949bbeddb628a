// Raw Janus recording (.mjr per publisher stream + timeline.jsonl) → one MP4 a phone plays: the shared
// screen while one is on, otherwise the active speaker, 1280×720; every microphone mixed; annotations burned
// in. janus-pp-rec turns each .mjr into .webm/.opus and tells when its first packet arrived (which aligns the
// tracks with each other and with the timeline); one ffmpeg run composes the file. Helper programs run with
// argument arrays (no shell), a timeout each and `nice`, so a conversion never starves the live server.
import { spawn } from 'node:child_process';
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { annotationsToAss, fitRect, FRAME, type Rect } from './recording.annotations-ass.js';
import { parseTimeline, planRecording, type FeedInfo, type Plan } from './recording.timeline.js';

export class RecordingError extends Error {
  constructor(
    readonly code: 'RECORDING_EMPTY' | 'RECORDING_TOOL_FAILED' | 'RECORDING_OUTPUT_INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'RecordingError';
  }
}

export interface ToolOptions {
  timeoutMs: number;
  cwd?: string;
  env?: Record<string, string>;
  /** Lower CPU priority (nice -n 10). */
  nice?: boolean;
}

/** Runs a program; rejects with the tail of its stderr on a non-zero exit, a signal or the timeout. */
export function runTool(cmd: string, args: readonly string[], o: ToolOptions): Promise<{ stdout: string; stderr: string }> {
  const [file, argv] = o.nice ? ['nice', ['-n', '10', cmd, ...args]] : [cmd, [...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd: o.cwd, env: o.env /* undefined: the server's own environment, as spawn does by default */, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    let timedOut = false;
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      err = (err + b.toString('utf8')).slice(-8000);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, o.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new RecordingError('RECORDING_TOOL_FAILED', `${cmd}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) return resolve({ stdout, stderr: err });
      const why = timedOut ? `timed out after ${o.timeoutMs} ms` : signal ? `killed by ${signal}` : `exit code ${code}`;
      // janus-pp-rec reports its errors on stdout.
      const tail = (err.trim() || stdout.trim()).split('\n').slice(-6).join(' | ').slice(-1000);
      reject(new RecordingError('RECORDING_TOOL_FAILED', `${cmd} ${why}${tail ? `: ${tail}` : ''}`));
    });
  });
}

export interface Track {
  feedId: number;
  kind: 'audio' | 'video';
  mjr: string;
  /** The converted file (.webm / .opus) in the work directory. */
  media: string;
  /** First packet, relative to the recording's start, ms (may be negative). */
  offsetMs: number;
  width?: number;
  height?: number;
}

/** janus-pp-rec --json: the .mjr header (`s` created, `u` first packet written, both epoch µs). */
export async function mjrHeader(file: string, o: ToolOptions): Promise<{ type: 'a' | 'v' | 'd'; codec: string; createdUs: number; firstUs: number }> {
  const { stdout } = await runTool('janus-pp-rec', ['--json', '--disable-colors', '--debug-level', '0', file], o);
  const line = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (!line) throw new RecordingError('RECORDING_TOOL_FAILED', `janus-pp-rec printed no header for ${path.basename(file)}`);
  const h = JSON.parse(line) as { t: 'a' | 'v' | 'd'; c: string; s: number; u?: number };
  return { type: h.t, codec: h.c, createdUs: h.s, firstUs: h.u && h.u > 0 ? h.u : h.s };
}

export interface ProbeResult {
  durationMs: number;
  video: { width: number; height: number; codec: string } | null;
  audio: { codec: string } | null;
}

export async function probe(file: string, o: ToolOptions): Promise<ProbeResult> {
  const { stdout } = await runTool('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], o);
  const j = JSON.parse(stdout) as { format?: { duration?: string }; streams?: { codec_type: string; codec_name: string; width?: number; height?: number }[] };
  const v = j.streams?.find((s) => s.codec_type === 'video');
  const a = j.streams?.find((s) => s.codec_type === 'audio');
  return {
    durationMs: Math.round(Number(j.format?.duration ?? 0) * 1000),
    video: v ? { width: v.width ?? 0, height: v.height ?? 0, codec: v.codec_name } : null,
    audio: a ? { codec: a.codec_name } : null,
  };
}

const FPS = 15;
const sec = (ms: number) => (ms / 1000).toFixed(3);

/** The one ffmpeg command (arguments only; inputs and the .ass file are relative to the work directory). */
export function ffmpegArgs(p: { plan: Plan; videos: Track[]; audios: Track[]; assFile: string | null; output: string }): string[] {
  const { plan, videos, audios } = p;
  const dur = sec(plan.durationMs);
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];
  for (const t of [...videos, ...audios]) args.push('-i', t.media);
  const graph: string[] = [`color=c=black:s=${FRAME.w}x${FRAME.h}:r=${FPS}:d=${dur}[base0]`];
  // Each feed is overlaid once on a black canvas, enabled during its stretches of the picture (one overlay per
  // feed, however often the speaker changes); its timestamps are shifted by its offset, so gaps and late
  // joins stay black instead of sliding the picture.
  let n = 0;
  videos.forEach((t, k) => {
    const segs = plan.segments.filter((s) => s.feedId === t.feedId);
    if (!segs.length) return;
    const enable = segs.map((s) => `gte(t,${sec(s.from)})*lt(t,${sec(s.to)})`).join('+');
    graph.push(
      `[${k}:v]setpts=PTS-STARTPTS+${sec(t.offsetMs)}/TB,scale=${FRAME.w}:${FRAME.h}:force_original_aspect_ratio=decrease:force_divisible_by=2,pad=${FRAME.w}:${FRAME.h}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${FPS}[v${k}]`,
      `[base${n}][v${k}]overlay=eof_action=pass:enable='${enable}'[base${n + 1}]`,
    );
    n++;
  });
  graph.push(`[base${n}]${p.assFile ? `ass=${p.assFile},` : ''}format=yuv420p[vout]`);
  if (!audios.length) {
    graph.push(`anullsrc=r=48000:cl=stereo,atrim=duration=${dur}[aout]`);
  } else {
    audios.forEach((t, j) => {
      const shift = t.offsetMs >= 0 ? `adelay=delays=${Math.round(t.offsetMs)}:all=1` : `atrim=start=${sec(-t.offsetMs)},asetpts=PTS-STARTPTS`;
      graph.push(`[${videos.length + j}:a]aresample=48000,${shift}[a${j}]`);
    });
    const mix = audios.length > 1 ? `${audios.map((_, j) => `[a${j}]`).join('')}amix=inputs=${audios.length}:normalize=0:duration=longest,` : '[a0]';
    graph.push(`${mix}${audios.length > 1 ? '' : 'anull,'}apad[aout]`);
  }
  args.push('-filter_complex', graph.join(';'), '-map', '[vout]', '-map', '[aout]');
  args.push('-c:v', 'libx264', '-preset', 'veryfast', '-crf', '28', '-r', String(FPS), '-g', String(FPS * 4));
  args.push('-c:a', 'aac', '-b:a', '96k', '-ac', '2', '-t', dur, '-movflags', '+faststart', p.output);
  return args;
}

export interface ConvertOptions {
  /** The raw recording: .mjr files + timeline.jsonl. */
  dir: string;
  /** Scratch directory (created; the caller removes it). */
  workDir: string;
  /** Where the finished .mp4 goes. */
  output: string;
  env?: Record<string, string>;
  /** Per janus-pp-rec / ffprobe run. */
  toolTimeoutMs?: number;
  /** For the ffmpeg run; default 3× the recording's length plus two minutes. */
  ffmpegTimeoutMs?: number;
  holdMs?: number;
}

export interface ConvertResult {
  durationMs: number;
  sizeBytes: number;
  plan: Plan;
  tracks: Track[];
  assFile: string | null;
  assEvents: number;
}

export async function convertRecording(o: ConvertOptions): Promise<ConvertResult> {
  const tool = { timeoutMs: o.toolTimeoutMs ?? 60_000, env: o.env, nice: true };
  const timelineFile = path.join(o.dir, 'timeline.jsonl');
  if (!existsSync(timelineFile)) throw new RecordingError('RECORDING_EMPTY', `no timeline.jsonl in ${o.dir}`);
  const { events } = parseTimeline(await fsp.readFile(timelineFile, 'utf8'));
  await fsp.mkdir(o.workDir, { recursive: true });
  const names = (await fsp.readdir(o.dir)).filter((f) => f.endsWith('.mjr')).sort();
  if (!names.length) throw new RecordingError('RECORDING_EMPTY', `no .mjr files in ${o.dir}`);

  // Headers first: the last packet of any track bounds a recording whose `stop` never made it to the timeline.
  const pre = planRecording(events, { holdMs: o.holdMs });
  if (!pre.feeds.length) throw new RecordingError('RECORDING_EMPTY', 'the timeline names no recorded feed');
  const tracks: Track[] = [];
  const unreadable: string[] = [];
  for (const feed of pre.feeds) {
    for (const kind of ['audio', 'video'] as const) {
      const mjr = names.find((n) => n.startsWith(`${feed.file}-${kind}-`));
      if (!mjr || tracks.some((t) => t.mjr === mjr)) continue;
      const src = path.join(o.dir, mjr);
      if ((await fsp.stat(src)).size < 64) continue;
      let head: Awaited<ReturnType<typeof mjrHeader>>;
      let media: string;
      try {
        head = await mjrHeader(src, tool);
        media = `${mjr.replace(/\.mjr$/, '')}.${kind === 'audio' ? (head.codec === 'opus' ? 'opus' : 'wav') : head.codec === 'h264' ? 'mkv' : 'webm'}`;
        await runTool('janus-pp-rec', ['--disable-colors', '--debug-level', '3', src, path.join(o.workDir, media)], tool);
      } catch (err) {
        // One unreadable stream (a publisher that dropped at once) must not sink the whole meeting.
        if (err instanceof RecordingError) {
          unreadable.push(`${mjr}: ${err.message}`);
          continue;
        }
        throw err;
      }
      if (!existsSync(path.join(o.workDir, media)) || (await fsp.stat(path.join(o.workDir, media))).size === 0) continue;
      const info = await probe(path.join(o.workDir, media), tool).catch(() => null);
      if (!info || (kind === 'video' ? !info.video : !info.audio)) continue;
      tracks.push({ feedId: feed.feedId, kind, mjr, media, offsetMs: Math.round(head.firstUs / 1000 - pre.t0), width: info.video?.width, height: info.video?.height });
    }
  }
  if (!tracks.length) throw new RecordingError('RECORDING_EMPTY', `no stream in the recording could be read${unreadable.length ? ` (${unreadable.join('; ').slice(0, 600)})` : ''}`);

  // Feeds without readable video are not a picture: plan again without them (their audio still counts).
  const withVideo = new Set(tracks.filter((t) => t.kind === 'video').map((t) => t.feedId));
  // A feed's picture starts with its first video packet (ICE and DTLS take a moment after the join).
  const firstVideo = new Map(tracks.filter((t) => t.kind === 'video').map((t) => [t.feedId, pre.t0 + t.offsetMs]));
  const plan = planRecording(
    events.filter((e) => e.type !== 'feed' || withVideo.has(e.feedId)).map((e) => (e.type === 'feed' ? { ...e, t: Math.max(e.t, firstVideo.get(e.feedId) ?? e.t) } : e)),
    { holdMs: o.holdMs },
  );
  plan.annotations = pre.annotations;
  if (plan.durationMs <= 0) throw new RecordingError('RECORDING_EMPTY', 'the recording has no length');

  const videos = tracks.filter((t) => t.kind === 'video');
  const audios = tracks.filter((t) => t.kind === 'audio');
  const rects = new Map<number, Rect>(videos.map((t) => [t.feedId, fitRect(t.width ?? FRAME.w, t.height ?? FRAME.h)]));
  const { ass, events: assEvents } = annotationsToAss({ annotations: plan.annotations, screenIntervals: plan.screenIntervals, rectOf: (id) => rects.get(id) ?? fitRect(FRAME.w, FRAME.h) });
  const assFile = assEvents ? 'annotations.ass' : null;
  if (assFile) await fsp.writeFile(path.join(o.workDir, assFile), ass);

  const output = path.resolve(o.output);
  await runTool('ffmpeg', ffmpegArgs({ plan, videos, audios, assFile, output }), {
    ...tool,
    cwd: o.workDir,
    timeoutMs: o.ffmpegTimeoutMs ?? 3 * plan.durationMs + 120_000,
  });
  const result = await probe(output, tool);
  if (result.durationMs <= 0 || !result.video || !result.audio) {
    throw new RecordingError('RECORDING_OUTPUT_INVALID', `ffmpeg wrote ${path.basename(output)} without ${!result.video ? 'video' : !result.audio ? 'audio' : 'length'}`);
  }
  const sizeBytes = (await fsp.stat(output)).size;
  return { durationMs: result.durationMs, sizeBytes, plan, tracks, assFile: assFile ? path.join(o.workDir, assFile) : null, assEvents };
}

export type { FeedInfo };

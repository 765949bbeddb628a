// The room's recording timeline (timeline.jsonl, one JSON object a line, written by the live room) and the
// edit decisions taken from it: which picture the finished file shows when. Pure: no I/O.
//
// Picture rule: a shared screen wins while it is on; otherwise the active speaker's camera, switched on
// `talking` events but held at least `holdMs` so two people trading short words do not make the picture
// flicker; with nobody talking the last speaker stays; with no speaker yet, the first camera.
import type { AnnotationStroke, MediaSource } from '../meetings.signal.dto.js';

export type TimelineEvent =
  | { t: number; type: 'start' | 'stop' }
  | { t: number; type: 'feed'; feedId: number; pid: string; name: string; source: MediaSource; file: string }
  | { t: number; type: 'unfeed'; feedId: number }
  | { t: number; type: 'talking'; pid: string; talking: boolean }
  | { t: number; type: 'annotation'; pid: string; stroke: AnnotationStroke };

/** Parses timeline.jsonl; `t` becomes epoch ms. Lines that are not well-formed events are skipped (counted). */
export function parseTimeline(text: string): { events: TimelineEvent[]; skipped: number } {
  const events: TimelineEvent[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line) as Record<string, unknown>;
    } catch {
      skipped++;
      continue;
    }
    const t = typeof raw.t === 'string' ? Date.parse(raw.t) : NaN;
    const ok =
      Number.isFinite(t) &&
      (raw.type === 'start' ||
        raw.type === 'stop' ||
        (raw.type === 'feed' && typeof raw.feedId === 'number' && typeof raw.pid === 'string' && (raw.source === 'camera' || raw.source === 'screen') && typeof raw.file === 'string' && /^[\w.-]+$/.test(raw.file)) ||
        (raw.type === 'unfeed' && typeof raw.feedId === 'number') ||
        (raw.type === 'talking' && typeof raw.pid === 'string' && typeof raw.talking === 'boolean') ||
        (raw.type === 'annotation' && typeof raw.stroke === 'object' && raw.stroke !== null && Array.isArray((raw.stroke as AnnotationStroke).points)));
    if (!ok) {
      skipped++;
      continue;
    }
    events.push({ ...raw, t, ...(raw.type === 'feed' ? { name: typeof raw.name === 'string' ? raw.name : '' } : {}) } as TimelineEvent);
  }
  events.sort((a, b) => a.t - b.t);
  return { events, skipped };
}

export interface FeedInfo {
  feedId: number;
  pid: string;
  name: string;
  source: MediaSource;
  file: string;
  /** Relative to the recording's start, ms. */
  from: number;
  to: number;
}

/** One stretch of the finished picture: a feed's video, or nothing (black). Times relative to the start, ms. */
export interface Segment {
  from: number;
  to: number;
  feedId: number | null;
}

export interface Plan {
  /** Epoch ms of the recording's start (the `start` event, else the first event). */
  t0: number;
  durationMs: number;
  feeds: FeedInfo[];
  segments: Segment[];
  /** When a screen was shared, relative ms: annotations are drawn only inside these. */
  screenIntervals: { from: number; to: number; feedId: number }[];
  annotations: { at: number; pid: string; stroke: AnnotationStroke }[];
}

export const SPEAKER_HOLD_MS = 2000;

export function planRecording(events: readonly TimelineEvent[], opts: { holdMs?: number; endMs?: number } = {}): Plan {
  const hold = opts.holdMs ?? SPEAKER_HOLD_MS;
  if (!events.length) return { t0: 0, durationMs: 0, feeds: [], segments: [], screenIntervals: [], annotations: [] };
  const t0 = events.find((e) => e.type === 'start')?.t ?? events[0]!.t;
  const stopAt = events.find((e) => e.type === 'stop')?.t;
  const durationMs = Math.max(0, Math.round((stopAt ?? opts.endMs ?? events[events.length - 1]!.t) - t0));
  const rel = (t: number) => Math.min(durationMs, Math.max(0, Math.round(t - t0)));

  const feeds: FeedInfo[] = [];
  const open = new Map<number, FeedInfo>();
  for (const e of events) {
    if (e.type === 'feed') {
      const f: FeedInfo = { feedId: e.feedId, pid: e.pid, name: e.name, source: e.source, file: e.file, from: rel(e.t), to: durationMs };
      const prev = open.get(e.feedId);
      if (prev) prev.to = rel(e.t); // the same feed published again: the earlier stretch ends here
      open.set(e.feedId, f);
      feeds.push(f);
    } else if (e.type === 'unfeed') {
      const f = open.get(e.feedId);
      if (f) {
        f.to = rel(e.t);
        open.delete(e.feedId);
      }
    }
  }
  const activeAt = (t: number) => feeds.filter((f) => f.from <= t && t < f.to);

  // State after every event at or before t: who is talking (in order of starting), who spoke last.
  const talkEvents = events.filter((e): e is Extract<TimelineEvent, { type: 'talking' }> => e.type === 'talking').map((e) => ({ ...e, at: rel(e.t) }));
  function wanted(t: number): number | null {
    const live = activeAt(t);
    const screen = live.filter((f) => f.source === 'screen').pop();
    if (screen) return screen.feedId;
    const cameras = live.filter((f) => f.source === 'camera');
    if (!cameras.length) return null;
    const talking: string[] = [];
    let last: string | null = null;
    for (const e of talkEvents) {
      if (e.at > t) break;
      const i = talking.indexOf(e.pid);
      if (i >= 0) talking.splice(i, 1);
      if (e.talking) talking.push(e.pid);
    }
    for (const e of talkEvents) {
      if (e.at > t) break;
      if (e.talking && cameras.some((c) => c.pid === e.pid)) last = e.pid;
    }
    const speaker = [...talking].reverse().find((pid) => cameras.some((c) => c.pid === pid)) ?? last;
    return (speaker ? cameras.find((c) => c.pid === speaker) : undefined)?.feedId ?? cameras[0]!.feedId;
  }
  const isScreen = (id: number | null) => id !== null && feeds.some((f) => f.feedId === id && f.source === 'screen');

  const points = new Set<number>([0]);
  for (const f of feeds) points.add(f.from).add(f.to);
  for (const e of talkEvents) points.add(e.at);
  const queue = [...points].filter((p) => p < durationMs).sort((a, b) => a - b);
  const segments: Segment[] = [];
  let cur: Segment | null = null;
  while (queue.length) {
    const p = queue.shift()!;
    const want = wanted(p);
    if (cur && want === cur.feedId) continue;
    if (!cur) {
      cur = { from: p, to: durationMs, feedId: want };
      continue;
    }
    // A screen appearing or going, or the current picture vanishing, switches at once; speakers wait out the hold.
    const currentGone = cur.feedId !== null && !activeAt(p).some((f) => f.feedId === cur!.feedId);
    if (p - cur.from >= hold || isScreen(want) || isScreen(cur.feedId) || currentGone || cur.feedId === null) {
      cur.to = p;
      segments.push(cur);
      cur = { from: p, to: durationMs, feedId: want };
    } else {
      const again = cur.from + hold;
      if (again < durationMs && !queue.includes(again)) {
        queue.push(again);
        queue.sort((a, b) => a - b);
      }
    }
  }
  if (cur && cur.from < durationMs) segments.push(cur);

  const screenIntervals = feeds.filter((f) => f.source === 'screen' && f.to > f.from).map((f) => ({ from: f.from, to: f.to, feedId: f.feedId }));
  const annotations = events
    .filter((e): e is Extract<TimelineEvent, { type: 'annotation' }> => e.type === 'annotation')
    .map((e) => ({ at: rel(e.t), pid: e.pid, stroke: e.stroke }));
  return { t0, durationMs, feeds, segments, screenIntervals, annotations };
}

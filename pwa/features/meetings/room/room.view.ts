// The view policy: which streams this participant asks the server for. Pure, so it is unit-tested.
// A 100-person room must not send 100 videos to a phone: we ask only for the tiles on screen (at the
// simulcast layer that fits each tile), the audio of the few most recent talkers, and the screen share.
import {
  MEETING_AUDIO_LAST_N,
  type RoomFeed,
  type RoomParticipant,
  type SimulcastLayer,
  type ViewStream,
} from '../../../../server/modules/meetings/meetings.signal.dto';

export type Layout = 'grid' | 'speaker';

/** When each participant last talked (ms, any clock) and who is talking now. */
export interface TalkHistory {
  last: Record<string, number>;
  now: Set<string>;
}

/** A tile on screen: whose camera, and how wide it is drawn (CSS px). */
export interface VisibleTile {
  pid: string;
  width: number;
}

export interface GridShape {
  cols: number;
  rows: number;
}

/** Tiles per page: 2×2 / 3×3 on a desktop, 1×2 / 2×2 on a phone. */
export function gridShape(count: number, phone: boolean): GridShape {
  if (phone) return count <= 2 ? { cols: 1, rows: Math.max(1, count) } : { cols: 2, rows: 2 };
  if (count <= 1) return { cols: 1, rows: 1 };
  if (count <= 2) return { cols: 2, rows: 1 };
  if (count <= 4) return { cols: 2, rows: 2 };
  return { cols: 3, rows: 3 };
}

export function pageSize(phone: boolean): number {
  return phone ? 4 : 9;
}

export function pageCount(count: number, phone: boolean): number {
  return Math.max(1, Math.ceil(count / pageSize(phone)));
}

/**
 * The order of tiles in the grid: me first, then the rest by when they joined. Stable on purpose: a grid
 * that reshuffles on every word is unreadable; the speaker layout is where talking moves people.
 */
export function gridOrder(participants: RoomParticipant[], selfPid: string | null): RoomParticipant[] {
  const others = participants.filter((p) => p.pid !== selfPid).sort((a, b) => a.joinedAt.localeCompare(b.joinedAt) || a.pid.localeCompare(b.pid));
  const self = participants.find((p) => p.pid === selfPid);
  return self ? [self, ...others] : others;
}

/** The pids on one grid page (page clamped into range). */
export function gridPage(participants: RoomParticipant[], selfPid: string | null, page: number, phone: boolean): string[] {
  const ordered = gridOrder(participants, selfPid);
  const size = pageSize(phone);
  const last = pageCount(ordered.length, phone) - 1;
  const p = Math.min(Math.max(0, page), last);
  return ordered.slice(p * size, p * size + size).map((x) => x.pid);
}

/** Who is on the big tile: whoever talks now (most recent first), else who talked last, else the first other person. */
export function activeSpeaker(participants: RoomParticipant[], selfPid: string | null, talk: TalkHistory): string | null {
  const others = participants.filter((p) => p.pid !== selfPid);
  const byRecency = (a: RoomParticipant, b: RoomParticipant) => (talk.last[b.pid] ?? -1) - (talk.last[a.pid] ?? -1);
  const talkingNow = others.filter((p) => talk.now.has(p.pid)).sort(byRecency);
  if (talkingNow[0]) return talkingNow[0].pid;
  const talked = others.filter((p) => talk.last[p.pid] !== undefined).sort(byRecency);
  if (talked[0]) return talked[0].pid;
  return gridOrder(others, null)[0]?.pid ?? selfPid;
}

/** The strip under the speaker: the most recent talkers after the speaker, then by join order. */
export function speakerStrip(participants: RoomParticipant[], selfPid: string | null, speaker: string | null, talk: TalkHistory, max: number): string[] {
  const rest = gridOrder(participants, selfPid).filter((p) => p.pid !== speaker);
  const self = rest.find((p) => p.pid === selfPid);
  const others = rest
    .filter((p) => p.pid !== selfPid)
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (talk.last[b.p.pid] ?? -1) - (talk.last[a.p.pid] ?? -1) || a.i - b.i)
    .map((x) => x.p);
  return [...(self ? [self] : []), ...others].slice(0, max).map((p) => p.pid);
}

/** The simulcast layer that fits a tile: h ≥ 640 px wide, m ≥ 320, l below (the protocol's rule). */
export function layerForWidth(width: number): SimulcastLayer {
  if (width >= 640) return 'h';
  if (width >= 320) return 'm';
  return 'l';
}

/**
 * Whose audio to receive: the presenter, then whoever talks now, then who talked most recently, then the
 * others with their mic on (so the first words of a new speaker are not lost while the view changes),
 * at most `n` people. People with the mic off are skipped.
 */
export function audioPids(participants: RoomParticipant[], selfPid: string | null, presenter: string | null, talk: TalkHistory, n = MEETING_AUDIO_LAST_N): string[] {
  const candidates = gridOrder(participants, null).filter((p) => p.pid !== selfPid && p.audio);
  const rank = (p: RoomParticipant) => (p.pid === presenter ? 0 : talk.now.has(p.pid) ? 1 : talk.last[p.pid] !== undefined ? 2 : 3);
  return candidates
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || (talk.last[b.p.pid] ?? -1) - (talk.last[a.p.pid] ?? -1) || a.i - b.i)
    .slice(0, n)
    .map((x) => x.p.pid);
}

export interface ViewInput {
  participants: RoomParticipant[];
  feeds: RoomFeed[];
  selfPid: string | null;
  presenter: string | null;
  talk: TalkHistory;
  /** Camera tiles drawn now (grid page or speaker + strip). */
  tiles: VisibleTile[];
  /** Width of the screen-share tile when one is shown (0 when the share is not on screen). */
  screenWidth: number;
  audioN?: number;
}

/** The streams to ask for, in a stable order (so two equal views compare equal). */
export function computeView(input: ViewInput): ViewStream[] {
  const byPid = new Map(input.participants.map((p) => [p.pid, p]));
  const out: ViewStream[] = [];
  const feedOf = (pid: string, source: RoomFeed['source']) => input.feeds.find((f) => f.pid === pid && f.source === source);

  for (const tile of input.tiles) {
    if (tile.pid === input.selfPid) continue;
    const p = byPid.get(tile.pid);
    if (!p || !p.video) continue;
    const feed = feedOf(tile.pid, 'camera');
    for (const s of feed?.streams ?? []) {
      if (s.type !== 'video') continue;
      out.push(s.simulcast ? { feedId: feed!.feedId, mid: s.mid, layer: layerForWidth(tile.width) } : { feedId: feed!.feedId, mid: s.mid });
    }
  }
  for (const pid of audioPids(input.participants, input.selfPid, input.presenter, input.talk, input.audioN)) {
    const feed = feedOf(pid, 'camera');
    for (const s of feed?.streams ?? []) if (s.type === 'audio') out.push({ feedId: feed!.feedId, mid: s.mid });
  }
  // The screen share is always received (someone presenting is the point of the meeting), at the top layer
  // when it is on screen and large, lower when it is only a thumbnail.
  if (input.presenter && input.presenter !== input.selfPid) {
    const feed = feedOf(input.presenter, 'screen');
    for (const s of feed?.streams ?? []) {
      out.push(s.type === 'video' && s.simulcast ? { feedId: feed!.feedId, mid: s.mid, layer: layerForWidth(Math.max(input.screenWidth, 1)) } : { feedId: feed!.feedId, mid: s.mid });
    }
  }
  const seen = new Set<string>();
  return out
    .filter((s) => {
      const k = `${s.feedId}/${s.mid}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.feedId - b.feedId || a.mid.localeCompare(b.mid));
}

export type ViewChange =
  | { kind: 'none' }
  /** Same streams, other layers: a `layer` request, no renegotiation. */
  | { kind: 'layer'; streams: { feedId: number; mid: string; layer: SimulcastLayer }[] }
  | { kind: 'view'; streams: ViewStream[] };

/** What to send to move from the view the server has to the one we want. */
export function diffView(prev: ViewStream[] | null, next: ViewStream[]): ViewChange {
  const key = (s: ViewStream) => `${s.feedId}/${s.mid}`;
  if (!prev) return { kind: 'view', streams: next };
  const prevKeys = prev.map(key).sort().join(',');
  const nextKeys = next.map(key).sort().join(',');
  if (prevKeys !== nextKeys) return { kind: 'view', streams: next };
  const before = new Map(prev.map((s) => [key(s), s.layer]));
  const changed = next
    .filter((s) => s.layer !== undefined && before.get(key(s)) !== s.layer)
    .map((s) => ({ feedId: s.feedId, mid: s.mid, layer: s.layer! }));
  return changed.length ? { kind: 'layer', streams: changed } : { kind: 'none' };
}

export type Quality = 'good' | 'ok' | 'poor';

/** Numbers read from getStats over the last few seconds. */
export interface QualitySample {
  /** Round-trip time to the SFU, seconds (null when unknown). */
  rtt: number | null;
  /** Packets lost / packets expected, 0…1, sending and receiving together (null when nothing flowed). */
  loss: number | null;
  /** What the browser estimates it may send, bits/s (null when unknown). */
  outgoingBitrate: number | null;
  /** Whether we publish video (then a low outgoing estimate matters). */
  sendingVideo: boolean;
}

/** good / ok / poor for the signal icon. Thresholds: a call feels fine under 150 ms and 2 % loss. */
export function classifyQuality(s: QualitySample): Quality {
  const rtt = s.rtt ?? 0;
  const loss = s.loss ?? 0;
  const low = s.sendingVideo && s.outgoingBitrate !== null && s.outgoingBitrate < 150_000;
  if (rtt > 0.4 || loss > 0.08) return 'poor';
  if (rtt > 0.15 || loss > 0.02 || low) return 'ok';
  return 'good';
}

function median(values: (number | null)[]): number | null {
  const v = values.filter((x): x is number => x !== null).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/**
 * The median of the last few samples: one stalled RTCP report (a busy CPU, a keyframe burst) must not flash
 * the icon red, while a lasting problem shows within two samples.
 */
export function smoothQuality(history: QualitySample[]): QualitySample {
  return {
    rtt: median(history.map((h) => h.rtt)),
    loss: median(history.map((h) => h.loss)),
    outgoingBitrate: median(history.map((h) => h.outgoingBitrate)),
    sendingVideo: history[history.length - 1]?.sendingVideo ?? false,
  };
}

// The live meeting rooms: who sits in each room, what they publish, what each one receives, host controls,
// chat, annotations and recording. State is in memory (a room exists while someone is in it); what must
// outlive it goes to the database (attendance, chat, recordings). Media never passes through here: this
// relays SDP between a participant's websocket and the SFU adapter, which is the only code that knows Janus.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import { newId, newToken } from '../../lib/ids.js';
import type { ClientChannel } from '../../core/realtime/realtime.hub.js';
import type { RoomRepo } from './meetings.room.repo.js';
import type {
  AnnotationEvent, AnnotationStroke, ChatMessage, ClientOp, HostAction, Jsep, MediaSource, MeetingErrorCode, MeetingRole, RoomFeed, RoomParticipant, RoomState, ServerMessage,
  SimulcastLayer, SubStream, ViewStream,
} from './meetings.signal.dto.js';
import { MEETING_MAX_PARTICIPANTS } from './meetings.signal.dto.js';
import type { SfuAdapter, SfuPublisher, SfuStreamInfo, SfuSubscriber } from './sfu/sfu.js';

export class RoomError extends Error {
  constructor(
    readonly status: number,
    readonly code: MeetingErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

interface Published {
  pub: SfuPublisher;
  source: MediaSource;
  streams: SfuStreamInfo[];
  /** Janus has the media (WebRTC up): only live feeds are announced, since Janus refuses to subscribe to others. */
  live: boolean;
}

interface Seat {
  pid: string;
  userId: string;
  name: string;
  role: MeetingRole;
  channel: ClientChannel;
  audio: boolean;
  video: boolean;
  hand: boolean;
  handAt: string | null;
  talking: boolean;
  device: 'phone' | 'desktop';
  joinedAt: string;
  attendanceId: number;
  admitted: boolean;
  joinReqId: string;
  published: Map<MediaSource, Published>;
  subscriber: SfuSubscriber | null;
  subStreams: SubStream[];
  /** The streams the client asked for and their layers, keyed "feedId/mid". */
  wanted: Map<string, SimulcastLayer | undefined>;
  /** Serialises SFU work per seat: two views never interleave their renegotiations. */
  queue: Promise<unknown>;
  graceTimer: NodeJS.Timeout | null;
  bucket: { tokens: number; at: number };
  /** Operations waiting in `queue`: more than a few means a client is flooding. */
  queued: number;
  /** Set when the seat leaves: SFU work that was in flight checks it after each await. */
  gone: boolean;
}

interface Recording {
  id: string;
  dir: string;
  startedAt: number;
}

interface Room {
  meetingId: string;
  roomNo: number;
  title: string;
  seats: Map<string, Seat>;
  state: RoomState;
  removed: Set<string>;
  annotations: AnnotationEvent[];
  annotationPoints: number;
  recording: Recording | null;
  /** null until the SFU room exists for the current SFU generation. */
  sfuReady: Promise<void> | null;
  emptyTimer: NodeJS.Timeout | null;
}

export interface MeetingRoomsDeps {
  repo: RoomRepo;
  sfu: SfuAdapter;
  clock: Clock;
  log: FastifyBaseLogger;
  dataDir: string;
  iceServers: (userId: string) => { urls: string[]; username?: string; credential?: string }[];
  /** A recording stopped: the converter takes it from here. */
  onRecordingStopped?: (recordingId: string) => void;
  /** Keep an empty room (and a disconnected seat) this long. */
  emptyRoomMs?: number;
  seatGraceMs?: number;
}

const LAYER_NO: Record<SimulcastLayer, 0 | 1 | 2> = { h: 2, m: 1, l: 0 };
const CAMERA_BITRATE = 900_000;
const SCREEN_BITRATE = 1_500_000;
const MAX_ANNOTATION_PARTS = 5000;
/** What a late joiner receives of the drawing is bounded (a few hundred kB), whatever a client sends. */
const MAX_ANNOTATION_POINTS = 20_000;
const HOST_ONLY: HostAction[] = ['cohost', 'uncohost', 'end'];

export function createMeetingRooms(d: MeetingRoomsDeps) {
  const rooms = new Map<string, Room>();
  const seatsByChannel = new Map<string, { room: Room; seat: Seat }>();
  const emptyRoomMs = d.emptyRoomMs ?? 60_000;
  const seatGraceMs = d.seatGraceMs ?? 20_000;
  const now = () => d.clock.now();
  const recRoot = path.join(d.dataDir, 'recordings');

  const send = (ch: ClientChannel, meetingId: string, body: Record<string, unknown>) => ch.send({ type: 'meeting', meetingId, ...body } as ServerMessage);
  const broadcast = (room: Room, body: Record<string, unknown>, except?: string) => {
    for (const seat of room.seats.values()) if (seat.admitted && seat.pid !== except) send(seat.channel, room.meetingId, body);
  };
  const hosts = (room: Room) => [...room.seats.values()].filter((s) => s.admitted && s.role !== 'attendee');

  const view = (s: Seat): RoomParticipant => ({
    pid: s.pid, userId: s.userId, name: s.name, role: s.role, audio: s.audio, video: s.video, hand: s.hand, handAt: s.handAt, talking: s.talking, device: s.device, joinedAt: s.joinedAt,
  });
  const feedsOf = (room: Room): RoomFeed[] => {
    const out: RoomFeed[] = [];
    for (const s of room.seats.values()) {
      for (const p of s.published.values()) if (p.live) out.push({ feedId: p.pub.feedId, pid: s.pid, source: p.source, streams: p.streams.filter((x) => x.type !== 'data').map((x) => ({ mid: x.mid, type: x.type as 'audio' | 'video', simulcast: x.simulcast })) });
    }
    return out;
  };
  const seatByFeed = (room: Room, feedId: number) => {
    for (const s of room.seats.values()) for (const p of s.published.values()) if (p.pub.feedId === feedId) return { seat: s, published: p };
    return null;
  };

  // ── recording timeline ────────────────────────────────────────────────────────────────
  const timeline = (room: Room, type: string, data: Record<string, unknown> = {}) => {
    if (!room.recording) return;
    try {
      appendFileSync(path.join(recRoot, room.recording.dir, 'timeline.jsonl'), `${JSON.stringify({ t: now().toISOString(), type, ...data })}\n`);
    } catch (err) {
      d.log.error({ err, event: 'meetings.timeline_failed' }, 'cannot write the recording timeline');
    }
  };
  // Absolute: Janus refuses a path inside a file name when the room has its own rec_dir, so rooms have none.
  const recordName = (room: Room, feedId: number, source: MediaSource) => (room.recording ? path.join(recRoot, room.recording.dir, `feed-${feedId}-${source}`) : null);

  async function startRecording(room: Room, by: Seat) {
    if (room.recording) return;
    const id = newId();
    mkdirSync(path.join(recRoot, id), { recursive: true });
    room.recording = { id, dir: id, startedAt: now().getTime() };
    room.state.recording = true;
    d.repo.addRecording(id, room.meetingId, path.join('recordings', id), by.userId, now().toISOString());
    timeline(room, 'start', { meetingId: room.meetingId, title: room.title });
    for (const a of room.annotations) timeline(room, 'annotation', { stroke: a, pid: a.pid });
    for (const s of room.seats.values()) {
      for (const p of s.published.values()) {
        // A stop while this loop awaits Janus: later feeds must not write into the stopped recording.
        if (room.recording?.id !== id) return;
        timeline(room, 'feed', { feedId: p.pub.feedId, pid: s.pid, name: s.name, source: p.source, file: `feed-${p.pub.feedId}-${p.source}` });
        await p.pub.setRecording(recordName(room, p.pub.feedId, p.source)).catch((err) => d.log.warn({ err: (err as Error).message }, 'cannot start recording a feed'));
      }
    }
  }

  async function stopRecording(room: Room) {
    const rec = room.recording;
    if (!rec) return;
    timeline(room, 'stop');
    room.recording = null;
    room.state.recording = false;
    for (const s of room.seats.values()) for (const p of s.published.values()) await p.pub.setRecording(null).catch(() => undefined);
    d.repo.stopRecording(rec.id, now().toISOString(), now().getTime() - rec.startedAt);
    d.onRecordingStopped?.(rec.id);
  }

  // ── SFU rooms ──────────────────────────────────────────────────────────────────────────
  function ensureSfu(room: Room): Promise<void> {
    if (d.sfu.status().state !== 'up') return Promise.reject(new RoomError(503, 'MEETING_UNAVAILABLE', d.sfu.status().detail ?? 'the meeting server is not running'));
    room.sfuReady ??= d.sfu
      .ensureRoom(room.roomNo, {
        maxPublishers: MEETING_MAX_PARTICIPANTS * 2,
        events: {
          talking: (feedId, talking, level) => {
            const hit = seatByFeed(room, feedId);
            if (!hit || hit.published.source !== 'camera' || hit.seat.talking === talking) return;
            hit.seat.talking = talking;
            broadcast(room, { op: 'talking', pid: hit.seat.pid, talking, ...(level !== null ? { level } : {}) });
            timeline(room, 'talking', { pid: hit.seat.pid, feedId, talking });
          },
          feedGone: (feedId) => {
            const hit = seatByFeed(room, feedId);
            if (hit) void dropPublisher(room, hit.seat, hit.published.source, false);
          },
        },
      })
      .catch((err) => {
        room.sfuReady = null;
        throw new RoomError(502, 'MEETING_SFU_ERROR', `the meeting server refused the room: ${(err as Error).message}`);
      });
    return room.sfuReady;
  }

  d.sfu.on('down', () => {
    for (const room of rooms.values()) {
      room.sfuReady = null;
      for (const s of room.seats.values()) {
        s.published.clear();
        s.subscriber = null;
        s.subStreams = [];
        s.wanted.clear();
      }
      if (room.recording) void stopRecording(room);
      room.state.presenter = null;
      room.annotations = [];
        room.annotationPoints = 0;
      broadcast(room, { op: 'sfu-restart' });
    }
  });
  d.sfu.on('up', () => {
    // Rooms are rebuilt on the next join; tell clients who are still waiting on the old generation.
    for (const room of rooms.values()) if (room.seats.size) broadcast(room, { op: 'sfu-restart' });
  });

  // ── seats ──────────────────────────────────────────────────────────────────────────────
  function roomFor(meetingId: string): Room {
    let room = rooms.get(meetingId);
    if (room) return room;
    const m = d.repo.meeting(meetingId)!;
    room = {
      meetingId, roomNo: m.roomNo, title: m.title, seats: new Map(), removed: new Set(), annotations: [], annotationPoints: 0, recording: null, sfuReady: null, emptyTimer: null,
      state: { locked: false, lobby: m.lobby === 1, recording: false, annotate: m.annotate, cameraOffAbove: m.cameraOffAbove, muteAllAt: null, presenter: null },
    };
    rooms.set(meetingId, room);
    return room;
  }

  function joinedMessage(room: Room, seat: Seat, reqId: string) {
    const admitted = [...room.seats.values()].filter((s) => s.admitted);
    const chat: ChatMessage[] = d.repo.recentChat(room.meetingId, 100).map((c) => ({ ...c, pid: null }));
    return {
      op: 'joined', reqId, title: room.title, self: view(seat), participants: admitted.map(view), feeds: feedsOf(room), room: room.state, chat, annotations: room.annotations,
      iceServers: d.iceServers(seat.userId), startCameraOff: admitted.length > room.state.cameraOffAbove,
    };
  }

  async function join(ch: ClientChannel, reqId: string, meetingId: string, device: 'phone' | 'desktop') {
    const meeting = d.repo.meeting(meetingId);
    const role = meeting ? d.repo.role(meetingId, ch.userId) : null;
    // Not invited looks exactly like not existing; nothing reaches the SFU.
    if (!meeting || !role) throw new RoomError(404, 'MEETING_NOT_FOUND', 'no such meeting');
    if (meeting.status === 'cancelled') throw new RoomError(410, 'MEETING_CANCELLED', 'this meeting was cancelled');
    const room = roomFor(meetingId);
    // Removed means removed, whatever the invitation said (a removed co-host too), until the meeting ends.
    if (room.removed.has(ch.userId) && role !== 'host') throw new RoomError(403, 'MEETING_REMOVED', 'the host removed you from this meeting');
    const existing = seatsByChannel.get(ch.id);
    if (existing && existing.room !== room) await leave(existing.room, existing.seat, 'left');
    let seat = existing?.room === room ? existing.seat : undefined;
    if (!seat) {
      // Someone already let in (another device, or this one before a network change) is not locked out or sent to the lobby.
      const alreadyIn = [...room.seats.values()].some((x) => x.userId === ch.userId && x.admitted);
      if (room.state.locked && role === 'attendee' && !alreadyIn) throw new RoomError(423, 'MEETING_LOCKED', 'the host locked this meeting');
      if (room.seats.size >= MEETING_MAX_PARTICIPANTS) throw new RoomError(409, 'MEETING_FULL', `at most ${MEETING_MAX_PARTICIPANTS} people can be in one meeting`);
      // The same person reconnecting (new socket after a network change) takes over their old seat's stay.
      const previous = [...room.seats.values()].find((s) => s.userId === ch.userId && s.graceTimer);
      const at = now().toISOString();
      const pid = newToken(9);
      let attendanceId: number;
      if (previous) {
        attendanceId = previous.attendanceId;
        previous.attendanceId = -1;
        await leave(room, previous, 'left');
        d.repo.rekeyAttendance(attendanceId, pid);
      } else attendanceId = -1;
      seat = {
        pid, userId: ch.userId, name: d.repo.nameOf(ch.userId), role: room.removed.has(ch.userId) ? 'attendee' : role, channel: ch, audio: false, video: false, hand: false, handAt: null, talking: false,
        device, joinedAt: at, attendanceId, admitted: false, joinReqId: reqId, published: new Map(), subscriber: null, subStreams: [], wanted: new Map(), queue: Promise.resolve(),
        graceTimer: null, bucket: { tokens: 60, at: Date.now() }, queued: 0, gone: false,
      };
      room.seats.set(pid, seat);
      seatsByChannel.set(ch.id, { room, seat });
      if (room.emptyTimer) clearTimeout(room.emptyTimer);
      room.emptyTimer = null;
      if (room.state.lobby && role === 'attendee' && !previous && !alreadyIn) {
        send(ch, meetingId, { op: 'waiting', reqId });
        sendWaitingList(room);
        return;
      }
    } else {
      // Still in the waiting room: a second join must not let anyone past the host.
      if (!seat.admitted) {
        seat.joinReqId = reqId;
        send(ch, meetingId, { op: 'waiting', reqId });
        return;
      }
      // A rejoin on the same socket (after an SFU restart): fresh media, same seat.
      await closeMedia(seat);
      seat.joinReqId = reqId;
    }
    await admit(room, seat, reqId);
  }

  async function admit(room: Room, seat: Seat, reqId: string) {
    await ensureSfu(room);
    if (seat.gone) return; // left (or the socket closed) while the room was being made
    const first = !seat.admitted;
    seat.admitted = true;
    if (seat.attendanceId < 0) seat.attendanceId = d.repo.joinAttendance(room.meetingId, seat.userId, seat.pid, now().toISOString(), seat.device);
    send(seat.channel, room.meetingId, joinedMessage(room, seat, reqId));
    if (first) broadcast(room, { op: 'participant', participant: view(seat) }, seat.pid);
  }

  function sendWaitingList(room: Room) {
    const waiting = [...room.seats.values()].filter((s) => !s.admitted).map((s) => ({ pid: s.pid, userId: s.userId, name: s.name, since: s.joinedAt }));
    for (const h of hosts(room)) send(h.channel, room.meetingId, { op: 'waiting-list', waiting });
  }

  async function closeMedia(seat: Seat) {
    const pubs = [...seat.published.values()];
    seat.published.clear();
    const sub = seat.subscriber;
    seat.subscriber = null;
    seat.subStreams = [];
    seat.wanted.clear();
    await Promise.all([...pubs.map((p) => p.pub.close()), sub?.close()]);
  }

  async function leave(room: Room, seat: Seat, reason: 'left' | 'removed' | 'timeout') {
    if (room.seats.get(seat.pid) !== seat) return;
    seat.gone = true;
    room.seats.delete(seat.pid);
    if (seatsByChannel.get(seat.channel.id)?.seat === seat) seatsByChannel.delete(seat.channel.id);
    if (seat.graceTimer) clearTimeout(seat.graceTimer);
    const hadScreen = seat.published.has('screen');
    const hadFeeds = seat.published.size > 0;
    await closeMedia(seat);
    if (seat.attendanceId >= 0) d.repo.leaveAttendance(seat.attendanceId, now().toISOString());
    if (!seat.admitted) {
      sendWaitingList(room);
    } else {
      broadcast(room, { op: 'left', pid: seat.pid, reason });
      if (hadScreen) screenEnded(room);
      if (hadFeeds) broadcast(room, { op: 'feeds', feeds: feedsOf(room) });
    }
    if (!room.seats.size) {
      room.emptyTimer = setTimeout(() => void closeRoom(room, false), emptyRoomMs);
      room.emptyTimer.unref();
    }
  }

  async function closeRoom(room: Room, ended: boolean) {
    if (room.emptyTimer) clearTimeout(room.emptyTimer);
    if (rooms.get(room.meetingId) !== room) return;
    if (room.seats.size && !ended) return;
    await stopRecording(room);
    rooms.delete(room.meetingId);
    for (const seat of [...room.seats.values()]) {
      send(seat.channel, room.meetingId, { op: 'ended' });
      await leave(room, seat, 'left');
    }
    if (room.emptyTimer) clearTimeout(room.emptyTimer);
    if (d.sfu.status().state === 'up') await d.sfu.destroyRoom(room.roomNo).catch(() => undefined);
  }

  function screenEnded(room: Room) {
    if (room.state.presenter === null) return;
    room.state.presenter = null;
    room.annotations = [];
        room.annotationPoints = 0;
    broadcast(room, { op: 'room', room: room.state });
  }

  // ── media ──────────────────────────────────────────────────────────────────────────────
  async function publish(room: Room, seat: Seat, source: MediaSource, offer: Jsep, audio: boolean, video: boolean) {
    if (offer.type !== 'offer') throw new RoomError(400, 'MEETING_BAD_REQUEST', 'publish needs an SDP offer');
    await ensureSfu(room);
    if (source === 'screen' && room.state.presenter && room.state.presenter !== seat.pid) {
      // One screen at a time: a new presenter takes over.
      const other = room.seats.get(room.state.presenter);
      if (other) await dropPublisher(room, other, 'screen', true);
    }
    const old = seat.published.get(source);
    if (old) {
      seat.published.delete(source);
      await old.pub.close();
    }
    const pub = await d.sfu.publisher(room.roomNo, `${seat.name}|${source}`);
    if (seat.gone) {
      await pub.close();
      throw new RoomError(409, 'MEETING_NOT_JOINED', 'left the meeting while publishing');
    }
    const entry: Published = { pub, source, streams: [], live: false };
    try {
      const res = await pub.publish(offer, { bitrate: source === 'screen' ? SCREEN_BITRATE : CAMERA_BITRATE, recordAs: recordName(room, pub.feedId, source) });
      if (seat.gone) throw new RoomError(409, 'MEETING_NOT_JOINED', 'left the meeting while publishing');
      entry.streams = res.streams;
      seat.published.set(source, entry);
      pub.onMediaDown(() => void dropPublisher(room, seat, source, false, pub));
      if (source === 'camera') {
        seat.audio = audio;
        seat.video = video;
        broadcast(room, { op: 'participant', participant: view(seat) });
      } else {
        room.state.presenter = seat.pid;
        room.annotations = [];
        room.annotationPoints = 0;
        broadcast(room, { op: 'room', room: room.state });
      }
      timeline(room, 'feed', { feedId: pub.feedId, pid: seat.pid, name: seat.name, source, file: `feed-${pub.feedId}-${source}` });
      pub.onMediaUp(() => {
        if (seat.published.get(source) !== entry) return;
        entry.live = true;
        broadcast(room, { op: 'feeds', feeds: feedsOf(room) });
      });
      return res.answer;
    } catch (err) {
      await pub.close();
      throw err instanceof RoomError ? err : new RoomError(502, 'MEETING_SFU_ERROR', `the meeting server refused the stream: ${(err as Error).message}`);
    }
  }

  async function dropPublisher(room: Room, seat: Seat, source: MediaSource, close: boolean, only?: SfuPublisher) {
    const p = seat.published.get(source);
    if (!p || (only && p.pub !== only)) return;
    seat.published.delete(source);
    timeline(room, 'unfeed', { feedId: p.pub.feedId });
    if (close) await p.pub.close();
    else void p.pub.close();
    if (source === 'screen') screenEnded(room);
    broadcast(room, { op: 'feeds', feeds: feedsOf(room) });
  }

  /** Bring the seat's subscription to what it asked for (feeds that left are dropped by Janus itself). */
  async function applyView(room: Room, seat: Seat) {
    await ensureSfu(room);
    const feeds = new Map(feedsOf(room).map((f) => [f.feedId, f]));
    const have = new Set(seat.subStreams.filter((s) => s.active && s.type !== 'data').map((s) => `${s.feedId}/${s.feedMid}`));
    const want = [...seat.wanted.keys()].filter((k) => {
      const [feedId, mid] = k.split('/') as [string, string];
      const f = feeds.get(Number(feedId));
      return !!f && f.pid !== seat.pid && f.streams.some((s) => s.mid === mid);
    });
    const add = want.filter((k) => !have.has(k)).map(splitKey);
    const remove = [...have].filter((k) => !want.includes(k)).map(splitKey);
    if (add.length || remove.length) {
      seat.subscriber ??= d.sfu.subscriber(room.roomNo, seat.published.get('camera')?.pub.privateId ?? null);
      const sub = seat.subscriber;
      sub.onMediaDown(() => undefined);
      const res = await sub.update(add, remove);
      if (seat.gone || seat.subscriber !== sub) return;
      if (res.streams.length) seat.subStreams = res.streams.map((s) => ({ ...s, pid: seatByFeed(room, s.feedId)?.seat.pid ?? null }));
      if (res.offer) send(seat.channel, room.meetingId, { op: 'sub-offer', jsep: res.offer, streams: seat.subStreams });
    }
    await applyLayers(seat);
  }
  const splitKey = (k: string) => {
    const [feedId, mid] = k.split('/') as [string, string];
    return { feedId: Number(feedId), mid };
  };

  async function applyLayers(seat: Seat) {
    if (!seat.subscriber) return;
    const layers: { mid: string; substream: 0 | 1 | 2 }[] = [];
    for (const s of seat.subStreams) {
      if (!s.active || s.type !== 'video') continue;
      const layer = seat.wanted.get(`${s.feedId}/${s.feedMid}`);
      if (layer) layers.push({ mid: s.mid, substream: LAYER_NO[layer] });
    }
    await seat.subscriber.setLayers(layers);
  }

  // ── host controls ──────────────────────────────────────────────────────────────────────
  async function hostAction(room: Room, seat: Seat, action: HostAction, targetId: string | undefined) {
    if (seat.role === 'attendee' || (HOST_ONLY.includes(action) && seat.role !== 'host')) throw new RoomError(403, 'MEETING_FORBIDDEN', 'only the host can do that');
    const target = targetId ? room.seats.get(targetId) : undefined;
    const needTarget = ['mute', 'remove', 'admit', 'deny', 'cohost', 'uncohost', 'lower-hand'].includes(action);
    if (needTarget && !target) throw new RoomError(404, 'MEETING_NOT_JOINED', 'that person is not in the meeting');
    if (target && ['remove', 'mute'].includes(action) && target.role === 'host') throw new RoomError(403, 'MEETING_FORBIDDEN', 'the host cannot be muted or removed');
    switch (action) {
      case 'mute':
        target!.audio = false;
        send(target!.channel, room.meetingId, { op: 'muted', by: seat.name });
        broadcast(room, { op: 'participant', participant: view(target!) });
        break;
      case 'mute-all':
        room.state.muteAllAt = now().toISOString();
        for (const s of room.seats.values()) {
          if (!s.admitted || s.role !== 'attendee' || !s.audio) continue;
          s.audio = false;
          send(s.channel, room.meetingId, { op: 'muted', by: seat.name });
          broadcast(room, { op: 'participant', participant: view(s) });
        }
        broadcast(room, { op: 'room', room: room.state });
        break;
      case 'remove':
        room.removed.add(target!.userId);
        // Every device of that person leaves, not just the one whose tile was clicked.
        for (const s of [...room.seats.values()].filter((x) => x.userId === target!.userId)) {
          send(s.channel, room.meetingId, { op: 'kicked' });
          await leave(room, s, 'removed');
        }
        break;
      case 'admit':
        if (target!.admitted) break;
        send(target!.channel, room.meetingId, { op: 'admitted' });
        await admit(room, target!, target!.joinReqId);
        sendWaitingList(room);
        break;
      case 'deny':
        if (target!.admitted) break;
        send(target!.channel, room.meetingId, { op: 'denied' });
        await leave(room, target!, 'removed');
        break;
      case 'cohost':
      case 'uncohost':
        if (target!.role === 'host') break;
        target!.role = action === 'cohost' ? 'cohost' : 'attendee';
        d.repo.setRole(room.meetingId, target!.userId, target!.role === 'cohost' ? 'cohost' : 'attendee');
        broadcast(room, { op: 'participant', participant: view(target!) });
        if (target!.role === 'cohost') sendWaitingList(room);
        break;
      case 'lower-hand':
        target!.hand = false;
        target!.handAt = null;
        broadcast(room, { op: 'participant', participant: view(target!) });
        break;
      case 'lock':
      case 'unlock':
        room.state.locked = action === 'lock';
        broadcast(room, { op: 'room', room: room.state });
        break;
      case 'lobby-on':
      case 'lobby-off':
        room.state.lobby = action === 'lobby-on';
        broadcast(room, { op: 'room', room: room.state });
        break;
      case 'annotate-presenter':
      case 'annotate-hosts':
      case 'annotate-all':
        room.state.annotate = action.slice('annotate-'.length) as RoomState['annotate'];
        broadcast(room, { op: 'room', room: room.state });
        break;
      case 'record-start':
        await startRecording(room, seat);
        broadcast(room, { op: 'room', room: room.state });
        break;
      case 'record-stop':
        await stopRecording(room);
        broadcast(room, { op: 'room', room: room.state });
        break;
      case 'end':
        await closeRoom(room, true);
        break;
    }
  }

  function mayAnnotate(room: Room, seat: Seat): boolean {
    if (!room.state.presenter) return false;
    if (room.state.presenter === seat.pid) return true;
    if (room.state.annotate === 'all') return true;
    return room.state.annotate === 'hosts' && seat.role !== 'attendee';
  }

  /** A token bucket per seat: chat and drawing cannot flood the room. */
  function allow(seat: Seat, cost: number): boolean {
    const t = Date.now();
    seat.bucket.tokens = Math.min(120, seat.bucket.tokens + ((t - seat.bucket.at) / 1000) * 60);
    seat.bucket.at = t;
    if (seat.bucket.tokens < cost) return false;
    seat.bucket.tokens -= cost;
    return true;
  }

  // ── the entry points ───────────────────────────────────────────────────────────────────
  async function handle(ch: ClientChannel, msg: ClientOp & { meetingId?: string }): Promise<Record<string, unknown> | null> {
    if (msg.op === 'join') {
      await join(ch, msg.reqId, msg.meetingId, msg.device);
      return null;
    }
    const at = seatsByChannel.get(ch.id);
    if (!at || (msg.meetingId && msg.meetingId !== at.room.meetingId)) throw new RoomError(409, 'MEETING_NOT_JOINED', 'join the meeting first');
    const { room, seat } = at;
    if (msg.op === 'leave') {
      await leave(room, seat, 'left');
      return { op: 'ok' };
    }
    if (msg.op === 'ping') return { op: 'ok' };
    if (!seat.admitted) throw new RoomError(409, 'MEETING_NOT_JOINED', 'waiting for the host to let you in');
    // Every operation costs from the seat's bucket; SFU work is serialised per seat and a deep queue is refused.
    if (!allow(seat, msg.op === 'annotate' ? 1 + Math.floor(msg.stroke.points.length / 20) : msg.op === 'chat' ? 10 : 2)) {
      throw new RoomError(429, 'MEETING_BAD_REQUEST', 'too many requests; wait a moment');
    }
    const serial = <T>(work: () => Promise<T>): Promise<T> => {
      if (seat.queued >= 4) return Promise.reject(new RoomError(429, 'MEETING_BAD_REQUEST', 'too many requests in flight'));
      seat.queued++;
      const run = () => (seat.gone ? Promise.reject(new RoomError(409, 'MEETING_NOT_JOINED', 'left the meeting')) : work());
      const next = seat.queue.then(run, run);
      seat.queue = next.catch(() => undefined).finally(() => seat.queued--);
      return next;
    };
    switch (msg.op) {
      case 'publish': {
        const answer = await serial(() => publish(room, seat, msg.source, msg.jsep, msg.audio, msg.video));
        return { op: 'answer', source: msg.source, jsep: answer };
      }
      case 'unpublish':
        await serial(() => dropPublisher(room, seat, msg.source, true));
        return { op: 'ok' };
      case 'view':
        seat.wanted = new Map(msg.streams.map((s: ViewStream) => [`${s.feedId}/${s.mid}`, s.layer]));
        await serial(() => applyView(room, seat));
        return { op: 'ok' };
      case 'sub-answer':
        if (msg.jsep.type !== 'answer' || !seat.subscriber) throw new RoomError(409, 'MEETING_BAD_REQUEST', 'no subscription offer to answer');
        await serial(() => seat.subscriber!.start(msg.jsep));
        return { op: 'ok' };
      case 'layer':
        for (const l of msg.streams) if (seat.wanted.has(`${l.feedId}/${l.mid}`)) seat.wanted.set(`${l.feedId}/${l.mid}`, l.layer);
        await serial(() => applyLayers(seat));
        return { op: 'ok' };
      case 'media':
        seat.audio = msg.audio;
        seat.video = msg.video;
        broadcast(room, { op: 'participant', participant: view(seat) });
        return { op: 'ok' };
      case 'hand':
        seat.hand = msg.raised;
        seat.handAt = msg.raised ? now().toISOString() : null;
        broadcast(room, { op: 'participant', participant: view(seat) });
        return { op: 'ok' };
      case 'chat': {
        const text = msg.text.trim();
        if (!text) throw new RoomError(400, 'MEETING_BAD_REQUEST', 'empty message');
        const atIso = now().toISOString();
        const id = d.repo.addChat(room.meetingId, seat.userId, text, atIso);
        broadcast(room, { op: 'chat', message: { id, pid: seat.pid, userId: seat.userId, name: seat.name, text, at: atIso } satisfies ChatMessage });
        return { op: 'ok' };
      }
      case 'annotate': {
        if (!mayAnnotate(room, seat)) throw new RoomError(403, 'MEETING_FORBIDDEN', 'drawing on the shared screen is not allowed for you now');
        const event: AnnotationEvent = { ...(msg.stroke as AnnotationStroke), pid: seat.pid, at: now().toISOString() };
        if (event.tool === 'clear') {
          room.annotations = [];
          room.annotationPoints = 0;
        } else if (event.tool !== 'laser' && room.annotations.length < MAX_ANNOTATION_PARTS && room.annotationPoints + event.points.length <= MAX_ANNOTATION_POINTS) {
          room.annotations.push(event);
          room.annotationPoints += event.points.length;
        }
        timeline(room, 'annotation', { stroke: msg.stroke, pid: seat.pid });
        broadcast(room, { op: 'annotation', event }, seat.pid);
        return { op: 'ok' };
      }
      case 'host':
        await hostAction(room, seat, msg.action, msg.targetId);
        return { op: 'ok' };
      default:
        throw new RoomError(400, 'MEETING_BAD_REQUEST', 'unknown operation');
    }
  }

  /** The socket closed: keep the seat for a short grace (a phone changing networks), then leave. */
  function channelClosed(ch: ClientChannel) {
    const at = seatsByChannel.get(ch.id);
    if (!at) return;
    seatsByChannel.delete(ch.id);
    const { room, seat } = at;
    if (!seat.admitted) return void leave(room, seat, 'left');
    seat.graceTimer = setTimeout(() => void leave(room, seat, 'timeout'), seatGraceMs);
    seat.graceTimer.unref();
  }

  return {
    handle,
    channelClosed,
    /** For health and tests. */
    stats() {
      let seats = 0;
      let feeds = 0;
      for (const r of rooms.values()) {
        seats += r.seats.size;
        feeds += feedsOf(r).length;
      }
      return { rooms: rooms.size, participants: seats, feeds };
    },
    participants(meetingId: string) {
      return [...(rooms.get(meetingId)?.seats.values() ?? [])].filter((s) => s.admitted).map(view);
    },
    /** The meeting this socket sits in (replies name it even when the frame did not). */
    meetingOf: (ch: ClientChannel) => seatsByChannel.get(ch.id)?.room.meetingId ?? null,
    isLive: (meetingId: string) => (rooms.get(meetingId)?.seats.size ?? 0) > 0,
    async closeAll() {
      for (const room of [...rooms.values()]) await closeRoom(room, true);
    },
  };
}
export type MeetingRooms = ReturnType<typeof createMeetingRooms>;

// The meeting room's signalling protocol over our one websocket (/api/ws). Browsers never talk to Janus:
// they send `{ type: 'meeting', op, … }` frames; the server checks the person may be in this meeting and
// relays to the SFU. Media itself flows browser ⇄ Janus (UDP on the LAN). Pure: the PWA and the load bots
// import these types.
//
// A participant has ONE publisher peer connection (camera + mic; a second one while sharing the screen) and
// ONE subscriber peer connection (multistream: the server adds and removes streams on it as the view changes,
// Janus re-offers, the client answers).
//
// Client → server (every request carries a client-chosen `reqId`; the reply echoes it):
//   join      { meetingId, device }                → joined | waiting | error
//   publish   { source, jsep: offer, audio, video } → answer { source, jsep }
//   unpublish { source }                           → ok
//   view      { streams: ViewStream[] }            → ok; then a `sub-offer` when the set changed
//   sub-answer{ jsep }                             → ok (the subscriber connection is running)
//   layer     { streams: { feedId, mid, layer }[] }→ ok (simulcast layer per received video)
//   media     { audio, video }                     → ok (my mic/camera state, shown to others)
//   hand      { raised }                           → ok
//   chat      { text }                             → ok (everyone gets a `chat` event)
//   annotate  { stroke }                           → ok (everyone gets an `annotation` event)
//   host      { action, targetId? }               → ok | error (hosts and co-hosts only)
//   leave     {}                                   → ok
//   ping      {}                                   → ok (keeps the room seat while the ws reconnects)
// Server → client events (no reqId): participant, left, feeds, talking, chat, annotation, room, admitted,
// kicked, muted, sub-offer, sfu-restart, ended.

export type MeetingRole = 'host' | 'cohost' | 'attendee';
export type MediaSource = 'camera' | 'screen';
export type SimulcastLayer = 'h' | 'm' | 'l';
export type JsepType = 'offer' | 'answer';
export interface Jsep {
  type: JsepType;
  sdp: string;
}

/** One person in the room as everyone sees them. `pid` is the room seat (stable across ws reconnects). */
export interface RoomParticipant {
  pid: string;
  userId: string;
  name: string;
  role: MeetingRole;
  audio: boolean;
  video: boolean;
  hand: boolean;
  /** When the hand went up (ISO): hands are listed in order. */
  handAt: string | null;
  talking: boolean;
  device: 'phone' | 'desktop';
  joinedAt: string;
}

/** A stream someone publishes that others can receive. */
export interface RoomFeed {
  feedId: number;
  pid: string;
  source: MediaSource;
  /** Janus's stream descriptions: one per m-line of the publisher. */
  streams: { mid: string; type: 'audio' | 'video'; simulcast: boolean }[];
}

export interface RoomState {
  locked: boolean;
  lobby: boolean;
  recording: boolean;
  /** Who may draw on a shared screen. */
  annotate: 'presenter' | 'hosts' | 'all';
  cameraOffAbove: number;
  muteAllAt: string | null;
  /** The pid sharing a screen, if anyone is. */
  presenter: string | null;
}

/** One stream the client wants on its subscriber connection. */
export interface ViewStream {
  feedId: number;
  mid: string;
  /** For video: the simulcast layer that fits the tile (h ≥ 640 px wide, m ≥ 320, l below). */
  layer?: SimulcastLayer;
}

/** One m-line of the subscriber connection after a (re)offer: which feed and stream it carries. */
export interface SubStream {
  mid: string;
  feedId: number;
  feedMid: string;
  type: 'audio' | 'video' | 'data';
  pid: string | null;
  active: boolean;
}

export interface Point {
  /** 0…1 of the shared video's width and height, so every screen size draws in the same place. */
  x: number;
  y: number;
}
export type AnnotationTool = 'pen' | 'highlighter' | 'arrow' | 'text' | 'laser' | 'clear';
export interface AnnotationStroke {
  id: string;
  tool: AnnotationTool;
  color: string;
  /** Line width as a fraction of the shared video's width (0.002 … 0.05). */
  width: number;
  points: Point[];
  text?: string;
  /** A stroke drawn in parts: the first part has `part: 0`; later parts append points. */
  part?: number;
  done?: boolean;
}
export interface AnnotationEvent extends AnnotationStroke {
  pid: string;
  at: string;
}

export type HostAction =
  | 'mute' // targetId: pid
  | 'mute-all'
  | 'remove' // targetId: pid
  | 'lock'
  | 'unlock'
  | 'lobby-on'
  | 'lobby-off'
  | 'admit' // targetId: waiting pid
  | 'deny' // targetId: waiting pid
  | 'cohost' // targetId: pid
  | 'uncohost' // targetId: pid
  | 'lower-hand' // targetId: pid
  | 'annotate-presenter'
  | 'annotate-hosts'
  | 'annotate-all'
  | 'record-start'
  | 'record-stop'
  | 'end';

export type ClientOp =
  | { op: 'join'; reqId: string; meetingId: string; device: 'phone' | 'desktop' }
  | { op: 'publish'; reqId: string; source: MediaSource; jsep: Jsep; audio: boolean; video: boolean }
  | { op: 'unpublish'; reqId: string; source: MediaSource }
  | { op: 'view'; reqId: string; streams: ViewStream[] }
  | { op: 'sub-answer'; reqId: string; jsep: Jsep }
  | { op: 'layer'; reqId: string; streams: { feedId: number; mid: string; layer: SimulcastLayer }[] }
  | { op: 'media'; reqId: string; audio: boolean; video: boolean }
  | { op: 'hand'; reqId: string; raised: boolean }
  | { op: 'chat'; reqId: string; text: string }
  | { op: 'annotate'; reqId: string; stroke: AnnotationStroke }
  | { op: 'host'; reqId: string; action: HostAction; targetId?: string }
  | { op: 'leave'; reqId: string }
  | { op: 'ping'; reqId: string };
export type ClientMessage = ClientOp & { type: 'meeting'; meetingId?: string };

export interface ChatMessage {
  id: number;
  pid: string | null;
  userId: string;
  name: string;
  text: string;
  at: string;
}

export type ServerMessage = { type: 'meeting'; meetingId: string } & (
  | {
      op: 'joined';
      reqId: string;
      /** The meeting's title, for the room's top bar. */
      title: string;
      self: RoomParticipant;
      participants: RoomParticipant[];
      feeds: RoomFeed[];
      room: RoomState;
      chat: ChatMessage[];
      /** Strokes on the current shared screen, so a late joiner sees the drawing. */
      annotations: AnnotationEvent[];
      iceServers: { urls: string[]; username?: string; credential?: string }[];
      /** Start with the camera off (the room is bigger than cameraOffAbove). */
      startCameraOff: boolean;
    }
  | { op: 'waiting'; reqId: string }
  | { op: 'answer'; reqId: string; source: MediaSource; jsep: Jsep }
  | { op: 'ok'; reqId: string }
  | { op: 'error'; reqId: string | null; status: number; code: string; detail: string }
  | { op: 'participant'; participant: RoomParticipant }
  | { op: 'left'; pid: string; reason: 'left' | 'removed' | 'timeout' }
  | { op: 'feeds'; feeds: RoomFeed[] }
  | { op: 'talking'; pid: string; talking: boolean; level?: number }
  | { op: 'chat'; message: ChatMessage }
  | { op: 'annotation'; event: AnnotationEvent }
  | { op: 'room'; room: RoomState }
  | { op: 'waiting-list'; waiting: { pid: string; userId: string; name: string; since: string }[] }
  | { op: 'admitted' }
  | { op: 'denied' }
  | { op: 'kicked' }
  | { op: 'muted'; by: string }
  | { op: 'sub-offer'; jsep: Jsep; streams: SubStream[] }
  | { op: 'sfu-restart' }
  | { op: 'ended' }
);

/** Close code-like reasons the PWA shows in Chinese. */
export const MEETING_ERROR_CODES = [
  'MEETING_NOT_FOUND',
  'MEETING_LOCKED',
  'MEETING_FULL',
  'MEETING_UNAVAILABLE', // Janus not installed or down
  'MEETING_CANCELLED',
  'MEETING_NOT_JOINED',
  'MEETING_FORBIDDEN', // a host action by someone who is not a host
  'MEETING_BAD_REQUEST',
  'MEETING_SFU_ERROR',
  'MEETING_REMOVED', // the host removed this person; they cannot rejoin this session
] as const;
export type MeetingErrorCode = (typeof MEETING_ERROR_CODES)[number];

export const MEETING_MAX_PARTICIPANTS = 150;
export const MEETING_CHAT_MAX = 1000;
/** The subscriber receives at most this many audio streams: the loudest few. */
export const MEETING_AUDIO_LAST_N = 4;

// The meeting room's WebRTC side, without UI. It speaks the protocol in meetings.signal.dto.ts over our one
// websocket: one publisher connection for camera + mic, a second one while sharing the screen, and one
// subscriber connection whose streams the server changes as our view changes. Janus does not trickle ICE,
// so every description is sent after gathering finished. State is kept in signals for the page to draw.
import { batch, signal } from '@preact/signals';
import type {
  AnnotationStroke,
  ChatMessage,
  ClientMessage,
  ClientOp,
  HostAction,
  Jsep,
  MediaSource,
  RoomFeed,
  RoomParticipant,
  RoomState,
  ServerMessage,
  SubStream,
  ViewStream,
} from '../../../../server/modules/meetings/meetings.signal.dto';
import { AnnotationBoard } from './room.annotate';
import { classifyQuality, computeView, diffView, smoothQuality, type Quality, type QualitySample, type TalkHistory, type VisibleTile } from './room.view';

/** How the client reaches the server: the app's websocket (see state/realtime.ts). */
export interface RoomTransport {
  /** false when the socket is not open. */
  send(frame: ClientMessage): boolean;
  onMessage(fn: (msg: ServerMessage) => void): () => void;
  /** Called every time the socket is (re)opened. */
  onOpen(fn: () => void): () => void;
}

export type RoomPhase = 'idle' | 'joining' | 'waiting' | 'in' | 'reconnecting' | 'left' | 'ended' | 'kicked' | 'denied' | 'error';
export type RoomNotice = 'kicked' | 'ended' | 'muted' | 'recording-on' | 'recording-off' | 'admitted' | 'reconnected' | 'screen-failed' | 'device-failed';

/** What we receive of one person. */
export interface RemoteMedia {
  camera?: MediaStreamTrack;
  screen?: MediaStreamTrack;
}

export class RoomError extends Error {
  constructor(
    readonly code: string,
    readonly status = 0,
    detail = code,
  ) {
    super(detail);
  }
}

type DistOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Request = DistOmit<ClientOp, 'reqId'>;
type Reply = Extract<ServerMessage, { reqId: string }>;

const REQUEST_TIMEOUT_MS = 15_000;
const GATHER_CAP_MS = 2_000;
const VIEW_DEBOUNCE_MS = 250;
const PING_MS = 15_000;
const STATS_MS = 3_000;
/** Errors after which trying again cannot help. */
const FATAL = new Set(['MEETING_NOT_FOUND', 'MEETING_CANCELLED', 'MEETING_FORBIDDEN', 'MEETING_LOCKED', 'MEETING_FULL', 'MEETING_REMOVED']);

const CAMERA_LAYERS: RTCRtpEncodingParameters[] = [
  { rid: 'h', maxBitrate: 900_000 },
  { rid: 'm', maxBitrate: 300_000, scaleResolutionDownBy: 2 },
  { rid: 'l', maxBitrate: 100_000, scaleResolutionDownBy: 4 },
];
const SCREEN_LAYERS: RTCRtpEncodingParameters[] = [
  { rid: 'h', maxBitrate: 1_500_000 },
  { rid: 'm', maxBitrate: 500_000, scaleResolutionDownBy: 2 },
  { rid: 'l', maxBitrate: 150_000, scaleResolutionDownBy: 4 },
];

/** Resolves when ICE gathering is complete, or after the cap (what was gathered by then is used). */
function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => pc.iceGatheringState === 'complete' && done();
    const timer = setTimeout(done, GATHER_CAP_MS);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

/** Janus rooms are VP8: put it first so the offer does not lead with a codec the room refuses. */
function preferVp8(t: RTCRtpTransceiver): void {
  const caps = typeof RTCRtpSender !== 'undefined' && RTCRtpSender.getCapabilities?.('video');
  if (!caps || !t.setCodecPreferences) return;
  const vp8 = caps.codecs.filter((c) => c.mimeType.toLowerCase() === 'video/vp8');
  const rest = caps.codecs.filter((c) => c.mimeType.toLowerCase() !== 'video/vp8');
  if (vp8.length) t.setCodecPreferences([...vp8, ...rest]);
}

function localJsep(pc: RTCPeerConnection): Jsep {
  const d = pc.localDescription!;
  return { type: d.type as Jsep['type'], sdp: d.sdp };
}

export interface DeviceChoice {
  audioinput?: string;
  videoinput?: string;
  audiooutput?: string;
}

export class RoomClient {
  // What the page draws.
  readonly phase = signal<RoomPhase>('idle');
  readonly error = signal<RoomError | null>(null);
  readonly self = signal<RoomParticipant | null>(null);
  readonly participants = signal<RoomParticipant[]>([]);
  readonly feeds = signal<RoomFeed[]>([]);
  readonly room = signal<RoomState | null>(null);
  readonly title = signal('');
  readonly chat = signal<ChatMessage[]>([]);
  readonly waiting = signal<{ pid: string; userId: string; name: string; since: string }[]>([]);
  readonly talk = signal<TalkHistory>({ last: {}, now: new Set() });
  readonly remote = signal<Map<string, RemoteMedia>>(new Map());
  /** Received audio, one element each (a MediaStream plays only its first audio track). */
  readonly audioTracks = signal<{ mid: string; track: MediaStreamTrack }[]>([]);
  readonly micOn = signal(true);
  readonly camOn = signal(true);
  readonly localCamera = signal<MediaStream | null>(null);
  readonly localScreen = signal<MediaStream | null>(null);
  readonly quality = signal<Quality>('good');
  readonly devices = signal<MediaDeviceInfo[]>([]);
  readonly chosen = signal<DeviceChoice>({});
  readonly board = new AnnotationBoard();
  /** Bumped when the board changes (the annotation layer redraws). */
  readonly boardVersion = signal(0);
  readonly unreadChat = signal(0);

  onNotice: (n: RoomNotice) => void = () => undefined;

  private seq = 0;
  private pending = new Map<string, { resolve: (m: Reply) => void; reject: (e: RoomError) => void; timer: ReturnType<typeof setTimeout> }>();
  private iceServers: RTCIceServer[] = [];
  private micTrack: MediaStreamTrack | null = null;
  private camTrack: MediaStreamTrack | null = null;
  private screenTrack: MediaStreamTrack | null = null;
  private pub: RTCPeerConnection | null = null;
  private screenPub: RTCPeerConnection | null = null;
  private sub: RTCPeerConnection | null = null;
  private subStreams: SubStream[] = [];
  private subChain: Promise<void> = Promise.resolve();
  private serverView: ViewStream[] | null = null;
  private tiles: VisibleTile[] = [];
  private screenWidth = 0;
  private viewTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private reconnectRun = 0;
  private lastLoss = { lost: 0, received: 0 };
  private qualityHistory: QualitySample[] = [];
  private chatOpen = false;
  private offs: (() => void)[] = [];

  constructor(
    readonly meetingId: string,
    private readonly transport: RoomTransport,
    private readonly device: 'phone' | 'desktop',
  ) {
    this.offs.push(transport.onMessage((m) => this.handle(m)));
    // A new socket means the server may have lost our seat's handles: join and publish again.
    this.offs.push(
      transport.onOpen(() => {
        if (this.inRoom()) this.reconnect();
        // The server dropped a waiting seat with the old socket: ask again (the host sees us waiting again).
        else if (this.phase.value === 'joining' || this.phase.value === 'waiting') void this.join();
      }),
    );
    const onNet = () => this.checkNetwork();
    window.addEventListener('online', onNet);
    const conn = (navigator as Navigator & { connection?: EventTarget }).connection;
    conn?.addEventListener('change', onNet);
    const onDevices = () => void this.refreshDevices();
    navigator.mediaDevices?.addEventListener('devicechange', onDevices);
    this.offs.push(() => {
      window.removeEventListener('online', onNet);
      conn?.removeEventListener('change', onNet);
      navigator.mediaDevices?.removeEventListener('devicechange', onDevices);
    });
  }

  private inRoom(): boolean {
    return this.phase.value === 'in' || this.phase.value === 'reconnecting';
  }

  // ── local media ──────────────────────────────────────────────────────────

  private async getTrack(kind: 'audio' | 'video', deviceId?: string): Promise<MediaStreamTrack | null> {
    const video: MediaTrackConstraints = this.device === 'phone' ? { width: { ideal: 960 }, height: { ideal: 540 }, frameRate: { ideal: 24 } } : { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 24 } };
    const audio: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
    const c = kind === 'audio' ? { audio: { ...audio, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) } } : { video: { ...video, ...(deviceId ? { deviceId: { exact: deviceId } } : {}) } };
    try {
      const s = await navigator.mediaDevices.getUserMedia(c);
      return (kind === 'audio' ? s.getAudioTracks() : s.getVideoTracks())[0] ?? null;
    } catch {
      this.onNotice('device-failed');
      return null;
    }
  }

  /** For the pre-join screen: open the mic and (if on) the camera so the person sees themselves. */
  async preview(): Promise<void> {
    if (!this.micTrack) this.micTrack = await this.getTrack('audio', this.chosen.value.audioinput);
    if (this.micTrack) this.micTrack.enabled = this.micOn.value;
    if (this.camOn.value && !this.camTrack) this.camTrack = await this.getTrack('video', this.chosen.value.videoinput);
    if (!this.camTrack) this.camOn.value = false;
    this.showCamera();
    await this.refreshDevices();
  }

  private showCamera(): void {
    this.localCamera.value = this.camTrack ? new MediaStream([this.camTrack]) : null;
  }

  async refreshDevices(): Promise<void> {
    try {
      this.devices.value = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.deviceId);
    } catch {
      this.devices.value = [];
    }
  }

  private sender(kind: 'audio' | 'video'): RTCRtpSender | undefined {
    return this.pub?.getTransceivers().find((t) => t.receiver.track.kind === kind)?.sender;
  }

  async setMic(on: boolean): Promise<void> {
    if (on && !this.micTrack) {
      this.micTrack = await this.getTrack('audio', this.chosen.value.audioinput);
      if (!this.micTrack) return;
      await this.sender('audio')?.replaceTrack(this.micTrack);
    }
    // Muting keeps the device open (unmuting must be instant); the track just sends silence.
    if (this.micTrack) this.micTrack.enabled = on;
    this.micOn.value = on;
    this.sendMedia();
  }

  async setCamera(on: boolean): Promise<void> {
    if (on) {
      if (!this.camTrack) this.camTrack = await this.getTrack('video', this.chosen.value.videoinput);
      if (!this.camTrack) return;
      await this.sender('video')?.replaceTrack(this.camTrack);
    } else if (this.camTrack) {
      // Off means the camera light goes off: stop the device, not just the track.
      await this.sender('video')?.replaceTrack(null);
      this.camTrack.stop();
      this.camTrack = null;
    }
    this.camOn.value = on;
    this.showCamera();
    this.sendMedia();
  }

  async chooseDevice(kind: keyof DeviceChoice, deviceId: string): Promise<void> {
    this.chosen.value = { ...this.chosen.value, [kind]: deviceId };
    if (kind === 'audiooutput') return; // the page applies it to the audio elements (setSinkId)
    if (kind === 'audioinput') {
      const next = await this.getTrack('audio', deviceId);
      if (!next) return;
      next.enabled = this.micOn.value;
      await this.sender('audio')?.replaceTrack(next);
      this.micTrack?.stop();
      this.micTrack = next;
    } else if (this.camOn.value) {
      const next = await this.getTrack('video', deviceId);
      if (!next) return;
      await this.sender('video')?.replaceTrack(next);
      this.camTrack?.stop();
      this.camTrack = next;
      this.showCamera();
    }
  }

  private sendMedia(): void {
    if (this.phase.value === 'in') void this.request({ op: 'media', audio: this.micOn.value, video: this.camOn.value }).catch(() => undefined);
  }

  // ── requests ─────────────────────────────────────────────────────────────

  private request(op: Request): Promise<Reply> {
    const reqId = `r${++this.seq}`;
    const frame = { ...op, reqId, type: 'meeting', meetingId: this.meetingId } as ClientMessage;
    return new Promise((resolve, reject) => {
      if (!this.transport.send(frame)) return reject(new RoomError('OFFLINE'));
      const timer = setTimeout(() => {
        this.pending.delete(reqId);
        reject(new RoomError('TIMEOUT'));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(reqId, { resolve, reject, timer });
    });
  }

  private handle(m: ServerMessage): void {
    if (m.meetingId !== this.meetingId) return;
    if ('reqId' in m && m.reqId) {
      const p = this.pending.get(m.reqId);
      // Admitted from the waiting room: `joined` answers the original join, which already got `waiting`.
      if (!p && m.op === 'joined' && this.phase.value === 'waiting') void this.enter(m).catch(() => this.finish('error'));
      if (!p) return;
      this.pending.delete(m.reqId);
      clearTimeout(p.timer);
      if (m.op === 'error') p.reject(new RoomError(m.code, m.status, m.detail));
      else p.resolve(m);
      return;
    }
    this.onEvent(m);
  }

  private onEvent(m: ServerMessage): void {
    switch (m.op) {
      case 'participant':
        this.upsert(m.participant);
        break;
      case 'left':
        if (m.pid === this.self.value?.pid) {
          if (m.reason === 'removed') this.finish('kicked');
          break;
        }
        this.participants.value = this.participants.value.filter((p) => p.pid !== m.pid);
        this.scheduleView();
        break;
      case 'feeds':
        this.feeds.value = m.feeds;
        this.mapTracks();
        this.scheduleView();
        break;
      case 'talking': {
        const t = this.talk.value;
        const now = new Set(t.now);
        if (m.talking) now.add(m.pid);
        else now.delete(m.pid);
        batch(() => {
          this.talk.value = { last: { ...t.last, [m.pid]: Date.now() }, now };
          this.participants.value = this.participants.value.map((p) => (p.pid === m.pid ? { ...p, talking: m.talking } : p));
        });
        this.scheduleView();
        break;
      }
      case 'chat':
        this.chat.value = [...this.chat.value, m.message];
        if (!this.chatOpen && m.message.pid !== this.self.value?.pid) this.unreadChat.value += 1;
        break;
      case 'annotation':
        if (m.event.pid === this.self.value?.pid) break; // our own strokes are drawn as we draw them
        this.board.apply(m.event, performance.now());
        this.boardVersion.value += 1;
        break;
      case 'room':
        this.setRoom(m.room);
        break;
      case 'waiting-list':
        this.waiting.value = m.waiting;
        break;
      case 'admitted':
        this.onNotice('admitted'); // the `joined` reply follows
        break;
      case 'denied':
        this.finish('denied');
        break;
      case 'kicked':
        this.finish('kicked');
        break;
      case 'ended':
        this.finish('ended');
        break;
      case 'muted':
        if (this.micOn.value) void this.setMic(false);
        this.onNotice('muted');
        break;
      case 'sub-offer':
        this.subChain = this.subChain.then(() => this.applySubOffer(m.jsep, m.streams)).catch(() => this.reconnect());
        break;
      case 'sfu-restart':
        this.reconnect();
        break;
      default:
        break;
    }
  }

  private upsert(p: RoomParticipant): void {
    const list = this.participants.value;
    const i = list.findIndex((x) => x.pid === p.pid);
    this.participants.value = i < 0 ? [...list, p] : list.map((x, j) => (j === i ? p : x));
    if (p.pid === this.self.value?.pid) this.self.value = p;
    this.scheduleView();
  }

  private setRoom(room: RoomState): void {
    const before = this.room.value;
    if (before && before.recording !== room.recording) this.onNotice(room.recording ? 'recording-on' : 'recording-off');
    if (before && before.presenter !== room.presenter) {
      this.board.clear();
      this.boardVersion.value += 1;
    }
    this.room.value = room;
    this.scheduleView();
  }

  // ── joining ──────────────────────────────────────────────────────────────

  /** Join (or re-join after a reconnect); resolves when in the room or waiting to be admitted. */
  async join(): Promise<void> {
    if (this.phase.value !== 'reconnecting') this.phase.value = 'joining';
    const reply = await this.request({ op: 'join', meetingId: this.meetingId, device: this.device }).catch((e: RoomError) => e);
    if (reply instanceof RoomError) {
      if (this.phase.value === 'reconnecting' && !FATAL.has(reply.code)) throw reply;
      if (reply.code === 'OFFLINE') return; // joins when the socket opens (see the constructor)
      this.error.value = reply;
      this.finish('error');
      return;
    }
    if (reply.op === 'waiting') {
      this.phase.value = 'waiting';
      return;
    }
    if (reply.op === 'joined') await this.enter(reply);
  }

  /** In the room: take the state, publish, ask for the view. After a lobby the server sends this unasked. */
  private async enter(reply: Extract<ServerMessage, { op: 'joined' }>): Promise<void> {
    const wasReconnecting = this.phase.value === 'reconnecting';
    this.iceServers = reply.iceServers.map((s) => ({ urls: s.urls, username: s.username, credential: s.credential }));
    batch(() => {
      this.self.value = reply.self;
      this.participants.value = reply.participants.some((p) => p.pid === reply.self.pid) ? reply.participants : [reply.self, ...reply.participants];
      this.feeds.value = reply.feeds;
      this.room.value = reply.room;
      this.title.value = reply.title;
      this.chat.value = reply.chat;
    });
    this.board.load(reply.annotations, performance.now());
    this.boardVersion.value += 1;
    if (reply.startCameraOff && !wasReconnecting && this.camOn.value) await this.setCamera(false);
    try {
      await this.publishCamera();
      if (this.screenTrack) await this.publishScreen();
    } catch (e) {
      if (wasReconnecting) throw e; // the reconnect loop tries again
      this.error.value = e instanceof RoomError ? e : new RoomError('MEETING_SFU_ERROR');
      void this.request({ op: 'leave' }).catch(() => undefined);
      this.finish('error');
      return;
    }
    this.phase.value = 'in';
    this.sendMedia();
    this.serverView = null;
    this.scheduleView(0);
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => void this.request({ op: 'ping' }).catch(() => undefined), PING_MS);
    clearInterval(this.statsTimer);
    this.statsTimer = setInterval(() => void this.sampleQuality(), STATS_MS);
    if (wasReconnecting) this.onNotice('reconnected');
  }

  private newPc(): RTCPeerConnection {
    // Never a public STUN default: only what the server says (empty on a LAN, the school's TURN off campus).
    const pc = new RTCPeerConnection({ iceServers: this.iceServers, bundlePolicy: 'max-bundle' });
    let lostTimer: ReturnType<typeof setTimeout> | undefined;
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed') this.reconnect();
      clearTimeout(lostTimer);
      // 'disconnected' often heals by itself (a Wi-Fi hiccup); give it a few seconds.
      if (pc.connectionState === 'disconnected') lostTimer = setTimeout(() => pc.connectionState !== 'connected' && this.reconnect(), 4000);
    });
    return pc;
  }

  private async publish(source: MediaSource, pc: RTCPeerConnection, audio: boolean, video: boolean): Promise<void> {
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc);
    const reply = await this.request({ op: 'publish', source, jsep: localJsep(pc), audio, video });
    if (reply.op !== 'answer') throw new RoomError('MEETING_SFU_ERROR');
    await pc.setRemoteDescription(reply.jsep);
  }

  private async publishCamera(): Promise<void> {
    // A quick "join" can beat the pre-join preview: open what should be on but is not open yet.
    if (!this.micTrack) this.micTrack = await this.getTrack('audio', this.chosen.value.audioinput);
    if (this.micTrack) this.micTrack.enabled = this.micOn.value;
    if (this.camOn.value && !this.camTrack) this.camTrack = await this.getTrack('video', this.chosen.value.videoinput);
    if (!this.camTrack) this.camOn.value = false;
    this.showCamera();
    this.pub?.close();
    const pc = this.newPc();
    this.pub = pc;
    pc.addTransceiver(this.micTrack ?? 'audio', { direction: 'sendonly' });
    // The video m-line exists even with the camera off, so turning it on is a replaceTrack, not a renegotiation.
    const vt = pc.addTransceiver(this.camTrack ?? 'video', { direction: 'sendonly', sendEncodings: CAMERA_LAYERS.map((e) => ({ ...e })) });
    preferVp8(vt);
    await this.publish('camera', pc, this.micOn.value, this.camOn.value);
  }

  private async publishScreen(): Promise<void> {
    const track = this.screenTrack;
    if (!track) return;
    this.screenPub?.close();
    const pc = this.newPc();
    this.screenPub = pc;
    const t = pc.addTransceiver(track, { direction: 'sendonly', sendEncodings: SCREEN_LAYERS.map((e) => ({ ...e })) });
    preferVp8(t);
    await this.publish('screen', pc, false, true);
  }

  async startScreen(): Promise<void> {
    if (this.screenTrack) return;
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: { ideal: 15 } }, audio: false });
    } catch {
      this.onNotice('screen-failed');
      return;
    }
    const track = stream.getVideoTracks()[0];
    if (!track) return;
    track.contentHint = 'detail'; // text on slides stays sharp rather than smooth
    track.addEventListener('ended', () => void this.stopScreen()); // the browser's own "stop sharing"
    this.screenTrack = track;
    this.localScreen.value = stream;
    try {
      await this.publishScreen();
    } catch (e) {
      await this.stopScreen();
      this.onNotice('screen-failed');
      throw e;
    }
  }

  async stopScreen(): Promise<void> {
    const track = this.screenTrack;
    if (!track) return;
    this.screenTrack = null;
    track.stop();
    this.localScreen.value = null;
    this.screenPub?.close();
    this.screenPub = null;
    if (this.phase.value === 'in') await this.request({ op: 'unpublish', source: 'screen' }).catch(() => undefined);
  }

  // ── receiving ────────────────────────────────────────────────────────────

  private async applySubOffer(offer: Jsep, streams: SubStream[]): Promise<void> {
    if (!this.sub) this.sub = this.newPc();
    const pc = this.sub;
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription(await pc.createAnswer());
    await gathered(pc);
    this.subStreams = streams;
    this.mapTracks();
    await this.request({ op: 'sub-answer', jsep: localJsep(pc) });
  }

  /** Which received track belongs to whom: the transceiver's mid → the sub-offer's stream list → feed. */
  private mapTracks(): void {
    const pc = this.sub;
    if (!pc) return;
    const feeds = new Map(this.feeds.value.map((f) => [f.feedId, f]));
    const remote = new Map<string, RemoteMedia>();
    const audio: { mid: string; track: MediaStreamTrack }[] = [];
    for (const t of pc.getTransceivers()) {
      const s = this.subStreams.find((x) => x.mid === t.mid);
      if (!s || !s.active || !s.pid || t.currentDirection === 'inactive') continue;
      if (s.type === 'audio') audio.push({ mid: s.mid, track: t.receiver.track });
      if (s.type !== 'video') continue;
      const m = remote.get(s.pid) ?? {};
      if (feeds.get(s.feedId)?.source === 'screen') m.screen = t.receiver.track;
      else m.camera = t.receiver.track;
      remote.set(s.pid, m);
    }
    batch(() => {
      this.remote.value = remote;
      this.audioTracks.value = audio;
    });
  }

  /** The page tells us what is on screen; the view follows (debounced, so resizing does not flood). */
  setViewport(tiles: VisibleTile[], screenWidth: number): void {
    this.tiles = tiles;
    this.screenWidth = screenWidth;
    this.scheduleView();
  }

  private scheduleView(delay = VIEW_DEBOUNCE_MS): void {
    clearTimeout(this.viewTimer);
    this.viewTimer = setTimeout(() => void this.pushView(), delay);
  }

  private async pushView(): Promise<void> {
    if (this.phase.value !== 'in') return;
    const want = computeView({
      participants: this.participants.value,
      feeds: this.feeds.value,
      selfPid: this.self.value?.pid ?? null,
      presenter: this.room.value?.presenter ?? null,
      talk: this.talk.value,
      tiles: this.tiles,
      screenWidth: this.screenWidth,
    });
    const change = diffView(this.serverView, want);
    if (change.kind === 'none') return;
    const before = this.serverView;
    this.serverView = want;
    try {
      if (change.kind === 'layer') await this.request({ op: 'layer', streams: change.streams });
      else await this.request({ op: 'view', streams: change.streams });
    } catch {
      this.serverView = before; // try again with the next change
    }
  }

  // ── in the room ──────────────────────────────────────────────────────────

  raiseHand(raised: boolean): Promise<unknown> {
    return this.request({ op: 'hand', raised });
  }

  sendChat(text: string): Promise<unknown> {
    return this.request({ op: 'chat', text });
  }

  setChatOpen(open: boolean): void {
    this.chatOpen = open;
    if (open) this.unreadChat.value = 0;
  }

  /** Send one part of a stroke; it is drawn locally at once (the server's echo of it is skipped). */
  annotate(stroke: AnnotationStroke): void {
    const pid = this.self.value?.pid;
    if (!pid) return;
    this.board.apply({ ...stroke, pid }, performance.now());
    this.boardVersion.value += 1;
    void this.request({ op: 'annotate', stroke }).catch(() => undefined);
  }

  host(action: HostAction, targetId?: string): Promise<unknown> {
    return this.request(targetId ? { op: 'host', action, targetId } : { op: 'host', action });
  }

  async leave(): Promise<void> {
    if (this.inRoom() || this.phase.value === 'waiting' || this.phase.value === 'joining') await this.request({ op: 'leave' }).catch(() => undefined);
    this.finish('left');
  }

  // ── connection health ────────────────────────────────────────────────────

  private checkNetwork(): void {
    if (!this.inRoom()) return;
    // A change of network may leave the media path dead while the socket survives; look again shortly.
    setTimeout(() => {
      const pcs = [this.pub, this.sub].filter((p): p is RTCPeerConnection => !!p);
      if (pcs.some((p) => p.connectionState !== 'connected' && p.connectionState !== 'connecting' && p.connectionState !== 'new')) this.reconnect();
    }, 2000);
  }

  /** Drop the peer connections and join again; retries with back-off until it works or cannot. */
  reconnect(): void {
    if (!this.inRoom()) return;
    const run = ++this.reconnectRun;
    this.phase.value = 'reconnecting';
    this.closePeers();
    const attempt = async (n: number): Promise<void> => {
      if (run !== this.reconnectRun || this.phase.value !== 'reconnecting') return;
      try {
        await this.join();
      } catch {
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => void attempt(n + 1), Math.min(10_000, 1000 * 2 ** n));
      }
    };
    void attempt(0);
  }

  private closePeers(): void {
    for (const p of this.pending.values()) clearTimeout(p.timer);
    this.pending.forEach((p) => p.reject(new RoomError('RESET')));
    this.pending.clear();
    this.pub?.close();
    this.screenPub?.close();
    this.sub?.close();
    this.pub = this.screenPub = this.sub = null;
    this.subStreams = [];
    this.serverView = null;
    this.subChain = Promise.resolve();
    batch(() => {
      this.remote.value = new Map();
      this.audioTracks.value = [];
    });
  }

  private async sampleQuality(): Promise<void> {
    if (this.phase.value !== 'in') return;
    let rtt: number | null = null;
    let outgoing: number | null = null;
    let fraction: number | null = null;
    let lost = 0;
    let received = 0;
    const read = async (pc: RTCPeerConnection | null, sending: boolean) => {
      if (!pc) return;
      const stats = await pc.getStats();
      stats.forEach((r: Record<string, unknown>) => {
        if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded') {
          if (typeof r.currentRoundTripTime === 'number') rtt = Math.max(rtt ?? 0, r.currentRoundTripTime);
          if (sending && typeof r.availableOutgoingBitrate === 'number') outgoing = r.availableOutgoingBitrate;
        }
        if (r.type === 'remote-inbound-rtp' && typeof r.fractionLost === 'number') fraction = Math.max(fraction ?? 0, r.fractionLost);
        if (r.type === 'inbound-rtp') {
          lost += Number(r.packetsLost ?? 0);
          received += Number(r.packetsReceived ?? 0);
        }
      });
    };
    try {
      await read(this.pub, true);
      await read(this.sub, false);
    } catch {
      return;
    }
    const dl = Math.max(0, lost - this.lastLoss.lost);
    const dr = Math.max(0, received - this.lastLoss.received);
    this.lastLoss = { lost, received };
    const recvLoss = dl + dr > 0 ? dl / (dl + dr) : null;
    const loss = fraction === null ? recvLoss : Math.max(fraction, recvLoss ?? 0);
    this.qualityHistory = [...this.qualityHistory.slice(-2), { rtt, loss, outgoingBitrate: outgoing, sendingVideo: this.camOn.value }];
    this.quality.value = classifyQuality(smoothQuality(this.qualityHistory));
  }

  // ── the end ──────────────────────────────────────────────────────────────

  private finish(phase: RoomPhase): void {
    clearInterval(this.pingTimer);
    clearInterval(this.statsTimer);
    clearTimeout(this.viewTimer);
    clearTimeout(this.retryTimer);
    this.reconnectRun++;
    this.closePeers();
    if (phase !== 'waiting') this.releaseMedia();
    this.phase.value = phase;
    if (phase === 'kicked' || phase === 'ended') this.onNotice(phase);
  }

  private releaseMedia(): void {
    this.micTrack?.stop();
    this.camTrack?.stop();
    this.screenTrack?.stop();
    this.micTrack = this.camTrack = this.screenTrack = null;
    batch(() => {
      this.localCamera.value = null;
      this.localScreen.value = null;
    });
  }

  /** The page is going away: leave politely and let go of everything. */
  destroy(): void {
    if (this.inRoom() || this.phase.value === 'waiting' || this.phase.value === 'joining') void this.request({ op: 'leave' }).catch(() => undefined);
    this.finish(this.phase.value === 'idle' ? 'idle' : 'left');
    this.offs.forEach((f) => f());
    this.offs = [];
  }
}

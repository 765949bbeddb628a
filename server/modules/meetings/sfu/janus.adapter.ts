// The SFU adapter for one local Janus, driven with janode over its loopback websocket (API secret).
// One janode session holds every handle. Per room a "monitor" handle joins as a publisher that never
// sends media: Janus tells it who is talking and whose media went away. Each participant gets a publisher
// handle per source (camera, screen) and one multistream subscriber handle.
import type { FastifyBaseLogger } from 'fastify';
import Janode, { type JanodeConnection, type JanodeSession } from 'janode';
import VideoRoomPlugin, { type VideoRoomHandle } from 'janode/plugins/videoroom';
import type { Jsep, SubStream } from '../meetings.signal.dto.js';
import { JanusProcess, type JanusProcessOptions } from './janus.process.js';
import type { SfuAdapter, SfuPublisher, SfuRoomEvents, SfuStatus, SfuStreamInfo, SfuSubscriber } from './sfu.js';

Janode.Logger.setLevel('none');
const VR = VideoRoomPlugin.EVENT;
const CORE = Janode.EVENT;

interface RoomEntry {
  monitor: VideoRoomHandle;
  events: SfuRoomEvents;
}

type Obj = Record<string, unknown>;
const toJsep = (j: { type: string; sdp: string } | undefined): Jsep | null => (j ? { type: j.type as Jsep['type'], sdp: j.sdp } : null);

function streamInfo(list: Obj[] | undefined): SfuStreamInfo[] {
  return (list ?? [])
    .filter((s) => !s.disabled)
    .map((s) => ({ mid: String(s.mid), type: s.type as SfuStreamInfo['type'], simulcast: Boolean(s.simulcast) }));
}

function subStreams(list: Obj[] | undefined): SubStream[] {
  return (list ?? []).map((s) => ({
    mid: String(s.mid),
    feedId: Number(s.feed_id ?? 0),
    feedMid: String(s.feed_mid ?? ''),
    type: s.type as SubStream['type'],
    pid: null,
    active: s.active !== false && s.feed_id !== undefined,
  }));
}

export class JanusAdapter implements SfuAdapter {
  readonly process: JanusProcess;
  private connection: JanodeConnection | null = null;
  private session: JanodeSession | null = null;
  private readonly rooms = new Map<number, RoomEntry>();
  private readonly listeners = { up: [] as (() => void)[], down: [] as (() => void)[] };
  private connectDetail: string | null = null;

  constructor(private readonly o: JanusProcessOptions & { log: FastifyBaseLogger }) {
    this.process = new JanusProcess(o);
    this.process.on('up', () => void this.connect());
    this.process.on('down', () => this.lost());
  }

  status(): SfuStatus {
    const s = this.process.status();
    if (s.state === 'up' && !this.session) return { ...s, state: 'starting', detail: this.connectDetail ?? 'connecting to Janus' };
    return s;
  }

  on(event: 'up' | 'down', cb: () => void): void {
    this.listeners[event].push(cb);
  }

  async start(): Promise<void> {
    await this.process.start();
    // The first connection is made by the 'up' listener; wait for it so the box is ready when start resolves.
    for (let i = 0; i < 100 && this.process.status().state === 'up' && !this.session; i++) await new Promise((r) => setTimeout(r, 50));
  }

  async stop(): Promise<void> {
    const conn = this.connection;
    this.connection = null;
    this.session = null;
    this.rooms.clear();
    await conn?.close().catch(() => undefined);
    await this.process.stop();
  }

  private async connect(): Promise<void> {
    try {
      const connection = await Janode.connect({ address: [{ url: `ws://127.0.0.1:${this.o.wsPort}`, apisecret: this.o.apiSecret }], retry_time_secs: 1, max_retries: 3 });
      const session = await connection.create(20);
      connection.once(CORE.CONNECTION_CLOSED!, () => this.connection === connection && this.lost());
      session.once(CORE.SESSION_DESTROYED!, () => this.session === session && this.lost());
      connection.on(CORE.CONNECTION_ERROR!, () => undefined);
      this.connection = connection;
      this.session = session;
      this.connectDetail = null;
      for (const cb of this.listeners.up) cb();
    } catch (err) {
      this.connectDetail = `cannot reach Janus: ${(err as Error).message}`;
      this.o.log.error({ event: 'sfu.connect_failed', err: (err as Error).message }, 'cannot connect to Janus');
      this.process.restart('could not connect to Janus');
    }
  }

  private lost(): void {
    if (!this.session && !this.connection) return;
    this.session = null;
    const conn = this.connection;
    this.connection = null;
    void conn?.close().catch(() => undefined);
    this.rooms.clear();
    for (const cb of this.listeners.down) cb();
    // Janus still runs but our control link is gone: restart it, so the supervisor brings both back.
    this.process.restart('lost the connection to Janus');
  }

  private async handle(): Promise<VideoRoomHandle> {
    if (!this.session) throw new Error('SFU is not available');
    return this.session.attach<VideoRoomHandle>(VideoRoomPlugin);
  }

  async ensureRoom(roomNo: number, o: { maxPublishers: number; events: SfuRoomEvents }): Promise<void> {
    if (this.rooms.has(roomNo)) return;
    const monitor = await this.handle();
    const { exists } = await monitor.exists({ room: roomNo });
    if (!exists) {
      await monitor.create({
        room: roomNo, permanent: false, is_private: true, max_publishers: o.maxPublishers, bitrate: 1_200_000, bitrate_cap: true, fir_freq: 10,
        audiocodec: 'opus', videocodec: 'vp8', talking_events: true, talking_level_threshold: 60, talking_packets_threshold: 50,
        notify_joining: false, require_pvtid: false, record: false,
      });
    }
    await monitor.joinPublisher({ room: roomNo, display: '__monitor__' });
    monitor.on(VR.VIDEOROOM_TALKING!, (e: Obj) => o.events.talking(Number(e.feed), Boolean(e.talking), typeof e.audio_level === 'number' ? e.audio_level : null));
    monitor.on(VR.VIDEOROOM_UNPUBLISHED!, (e: Obj) => o.events.feedGone(Number(e.feed)));
    monitor.on(VR.VIDEOROOM_LEAVING!, (e: Obj) => e.feed && o.events.feedGone(Number(e.feed)));
    this.rooms.set(roomNo, { monitor, events: o.events });
  }

  async destroyRoom(roomNo: number): Promise<void> {
    const entry = this.rooms.get(roomNo);
    this.rooms.delete(roomNo);
    if (!entry) return;
    await entry.monitor.destroy({ room: roomNo }).catch(() => undefined);
    await entry.monitor.detach().catch(() => undefined);
  }

  async publisher(roomNo: number, display: string): Promise<SfuPublisher> {
    const h = await this.handle();
    let joined: { feed: number; private_id: number };
    try {
      joined = await h.joinPublisher({ room: roomNo, display: display.slice(0, 64) });
    } catch (err) {
      await h.detach().catch(() => undefined);
      throw err;
    }
    const downs: ((reason: string) => void)[] = [];
    const ups: (() => void)[] = [];
    let up = false;
    h.on(CORE.HANDLE_WEBRTCUP!, () => {
      up = true;
      ups.splice(0).forEach((cb) => cb());
    });
    h.on(CORE.HANDLE_HANGUP!, (e: Obj) => downs.forEach((cb) => cb(`hangup: ${String(e?.reason ?? '')}`)));
    h.on(CORE.HANDLE_ICE_FAILED!, () => downs.forEach((cb) => cb('ice-failed')));
    h.on(CORE.HANDLE_DETACHED!, () => downs.forEach((cb) => cb('detached')));
    return {
      feedId: joined.feed,
      privateId: joined.private_id,
      async publish(offer, o) {
        const res = await h.publish({ jsep: offer, bitrate: o.bitrate, ...(o.recordAs ? { record: true, filename: o.recordAs } : {}) });
        const answer = toJsep(res.jsep);
        if (!answer) throw new Error('Janus gave no answer');
        return { answer, streams: streamInfo(res.streams) };
      },
      async setRecording(recordAs) {
        await h.configure(recordAs ? { record: true, filename: recordAs } : { record: false });
      },
      async close() {
        await h.leave().catch(() => undefined);
        await h.detach().catch(() => undefined);
      },
      onMediaUp(cb) {
        if (up) cb();
        else ups.push(cb);
      },
      onMediaDown(cb) {
        downs.push(cb);
      },
    };
  }

  subscriber(roomNo: number, privateId: number | null): SfuSubscriber {
    let handle: VideoRoomHandle | null = null;
    let creating: Promise<VideoRoomHandle> | null = null;
    const downs: ((reason: string) => void)[] = [];
    const attach = async () => {
      const h = await this.handle();
      h.on(CORE.HANDLE_HANGUP!, (e: Obj) => downs.forEach((cb) => cb(`hangup: ${String(e?.reason ?? '')}`)));
      h.on(CORE.HANDLE_ICE_FAILED!, () => downs.forEach((cb) => cb('ice-failed')));
      return h;
    };
    return {
      async update(add, remove) {
        const sub = add.map((s) => ({ feed: s.feedId, mid: s.mid }));
        const unsub = remove.map((s) => ({ feed: s.feedId, mid: s.mid }));
        if (!handle) {
          if (!sub.length) return { offer: null, streams: [] };
          // The first subscription joins the room; later ones update it (Janus re-offers).
          creating ??= attach();
          const h = await creating;
          const res = await h.joinSubscriber({ room: roomNo, streams: sub, autoupdate: true, use_msid: false, ...(privateId !== null ? { private_id: privateId } : {}) });
          handle = h;
          return { offer: toJsep(res.jsep), streams: subStreams(res.streams) };
        }
        if (!sub.length && !unsub.length) return { offer: null, streams: [] };
        const res = await handle.update({ ...(sub.length ? { subscribe: sub } : {}), ...(unsub.length ? { unsubscribe: unsub } : {}) });
        return { offer: toJsep(res.jsep), streams: subStreams(res.streams) };
      },
      async start(answer) {
        if (!handle) throw new Error('no subscription to start');
        await handle.start({ jsep: answer });
      },
      async setLayers(layers) {
        if (!handle || !layers.length) return;
        await handle.configure({ streams: layers.map((l) => ({ mid: l.mid, substream: l.substream })) });
      },
      async close() {
        const h = handle ?? (creating ? await creating.catch(() => null) : null);
        handle = null;
        if (!h) return;
        await h.leave().catch(() => undefined);
        await h.detach().catch(() => undefined);
      },
      onMediaDown(cb) {
        downs.push(cb);
      },
    };
  }
}

// A bot process of the meetings load bench (driven over IPC by meetings-load.bench.ts; never run by hand).
// Bots run in their own processes so their CPU (werift's SRTP and DTLS in JavaScript) is measured apart
// from Janus's and the server's. Role `publisher`: the speaker (camera + mic), the screen share and the
// extra camera tiles, fed by ffmpeg. Role `listeners`: many receive-only participants.
import dgram from 'node:dgram';
import { syncBuiltinESMExports } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { MediaSource, RoomFeed, ViewStream } from '../../../server/modules/meetings/meetings.signal.dto.js';
import { PublisherPeer, SeqCounter, SubscriberPeer, type BotSignal, type ReceiveTotals } from '../meetings-bot.js';
import { connectJanode, JanodeSignal, type JanodeLink } from './janode-signal.js';
import { startMediaSource, type MediaSource as Encoder } from './rtp-source.js';
import { ServerSignal, signIn } from './server-signal.js';

export type Target =
  | { mode: 'direct'; janusUrl: string; apiSecret: string; room: number }
  | { mode: 'server'; baseUrl: string; meetingId: string; password: string };

export interface Profile {
  /** Video streams a listener receives (the screen share counts as one). */
  tiles: number;
  /** Participants besides the speaker who have their camera on. */
  cameras: number;
}

export interface BotCmd {
  id: number;
  cmd: 'init' | 'publish' | 'add' | 'totals' | 'stop';
  args?: unknown;
}

interface Bot {
  signal: BotSignal;
  sub?: SubscriberPeer;
  pubs: PublisherPeer[];
}

// The bots share two busy cores with Janus, ffmpeg and the server: when a bot process is descheduled for a
// moment, the default 208 KiB socket buffer overflows and the loss would be the bot's, not Janus's. Give
// every UDP socket (werift's ICE sockets included) a 4 MiB receive buffer (the host's rmem_max; the
// namespace's sysctls are read-only). Drops that remain show up as the namespace's UDP RcvbufErrors.
//
// XB_BENCH_DECRYPT=first: once a listener's subscriber connection has received its first video packet
// (ICE, DTLS and SRTP are up and werift has decrypted media), its socket stops handing RTP to werift and the
// bot reads sequence numbers from the clear SRTP header instead of decrypting: a fraction of a full bot's CPU,
// for boxes where full bots cannot keep up with 100 participants. Janus's work is the same; the bots then send
// no NACKs (they notice nothing to repair). In that mode every RTP packet is counted here, on the wire.
const WIRE = process.env.XB_BENCH_DECRYPT === 'first';
interface Wire { counter: SeqCounter; countOnly: boolean }
const wires = new Map<dgram.Socket, Wire>();
const createSocket = dgram.createSocket;
(dgram as { createSocket: typeof createSocket }).createSocket = ((...args: Parameters<typeof createSocket>) => {
  const socket = createSocket(...args);
  socket.once('listening', () => {
    try {
      socket.setRecvBufferSize(4 * 2 ** 20);
    } catch {
      /* capped by rmem_max */
    }
  });
  if (WIRE) {
    const w: Wire = { counter: new SeqCounter(), countOnly: false };
    wires.set(socket, w);
    const emit = socket.emit.bind(socket) as (event: string, ...a: unknown[]) => boolean;
    socket.emit = ((event: string, ...a: unknown[]) => {
      const msg = a[0] as Buffer;
      // RTP (RFC 7983: first byte 128–191) that is not RTCP (RFC 5761: payload type 64–95).
      if (event === 'message' && msg.length >= 12 && msg[0]! >= 128 && msg[0]! <= 191 && !((msg[1]! & 0x7f) >= 64 && (msg[1]! & 0x7f) <= 95)) {
        w.counter.record('video', msg.readUInt32BE(8), msg.readUInt16BE(2), msg.length);
        if (w.countOnly) return true;
      }
      return emit(event, ...a);
    }) as typeof socket.emit;
  }
  return socket;
}) as typeof createSocket;
syncBuiltinESMExports();

let target: Target;
let link: JanodeLink | null = null;
const bots: Bot[] = [];
const encoders: Encoder[] = [];
const joinMs: number[] = [];
let failed = 0;
const errors: string[] = [];

/** Signs in (not part of the join time: argon2 is a login cost, not a meeting cost); `open` then connects. */
async function signalFor(username: string): Promise<{ signal: BotSignal; open(): Promise<void> }> {
  if (target.mode === 'direct') {
    link ??= await connectJanode(target.janusUrl, target.apiSecret);
    return { signal: new JanodeSignal(link, target.room, username), open: async () => {} };
  }
  const cookie = await signIn(target.baseUrl, username, target.password);
  const s = new ServerSignal(target.baseUrl, cookie, target.meetingId);
  return { signal: s, open: () => s.connect() };
}

/** The lecture view: the speaker's audio, the screen share, then camera tiles up to `tiles` videos. */
function viewOf(feeds: RoomFeed[], profile: Profile): ViewStream[] {
  const out: ViewStream[] = [];
  const order = [...feeds.filter((f) => f.source === 'screen'), ...feeds.filter((f) => f.source === 'camera')];
  let videos = 0;
  for (const f of order) {
    for (const s of f.streams) {
      if (s.type === 'audio') out.push({ feedId: f.feedId, mid: s.mid });
      else if (videos < profile.tiles) {
        videos++;
        out.push({ feedId: f.feedId, mid: s.mid, layer: 'h' });
      }
    }
  }
  return out;
}

async function publishAs(username: string, role: 'speaker' | 'camera', enc: { cam: Encoder; screen?: Encoder }): Promise<RoomFeed[]> {
  const { signal, open } = await signalFor(username);
  await open();
  if (signal instanceof ServerSignal) await signal.join('desktop');
  const bot: Bot = { signal, pubs: [] };
  bots.push(bot);
  const feeds: RoomFeed[] = [];
  const sources: [MediaSource, PublisherPeer][] = [['camera', new PublisherPeer({ audio: role === 'speaker' ? enc.cam.audio : null, video: enc.cam.video })]];
  if (enc.screen) sources.push(['screen', new PublisherPeer({ video: enc.screen.video })]);
  for (const [source, peer] of sources) {
    await peer.publish(signal, source);
    bot.pubs.push(peer);
    if (signal instanceof JanodeSignal) {
      feeds.push({
        feedId: signal.feeds.get(source)!,
        pid: username,
        source,
        streams: peer.pc.getTransceivers().map((t) => ({ mid: t.mid!, type: t.kind as 'audio' | 'video', simulcast: false })),
      });
    }
  }
  return feeds;
}

const handlers = {
  init(args: { target: Target }) {
    target = args.target;
    return null;
  },
  /** Starts the encoders and publishes the speaker, the screen share and the extra cameras. */
  async publish(args: { profile: Profile; users: string[] }) {
    const speakerCam = await startMediaSource({ size: '1280x720', fps: 15, videoKbps: 600, audio: true });
    const screen = await startMediaSource({ size: '1920x1080', fps: 5, videoKbps: 800, audio: false, pattern: 'smptehdbars' });
    encoders.push(speakerCam, screen);
    const feeds = await publishAs(args.users[0]!, 'speaker', { cam: speakerCam, screen });
    if (args.profile.cameras > 0) {
      // One small encoder feeds every extra camera (each bot still sends its own SRTP stream).
      const small = await startMediaSource({ size: '320x180', fps: 15, videoKbps: 150, audio: false });
      encoders.push(small);
      for (let i = 0; i < args.profile.cameras; i++) feeds.push(...(await publishAs(args.users[1 + i]!, 'camera', { cam: small })));
    }
    return { feeds, encoderPids: encoders.map((e) => e.pid) };
  },
  /** Joins `users` as listeners, `parallel` at a time; join time = opening the socket until the first video packet. */
  async add(args: { users: string[]; feeds: RoomFeed[]; profile: Profile; parallel: number }) {
    const queue = [...args.users];
    const before = joinMs.length;
    const one = async (username: string) => {
      try {
        const { signal, open } = await signalFor(username);
        const t0 = performance.now();
        await open();
        let feeds = args.feeds;
        if (signal instanceof ServerSignal) feeds = (await signal.join('desktop')).feeds;
        const sub = new SubscriberPeer();
        bots.push({ signal, sub, pubs: [] });
        await sub.view(signal, viewOf(feeds, args.profile));
        const first = await sub.firstVideo(20_000);
        joinMs.push(first - t0);
        // A second more of full SRTP (the audio starts too), then count on the wire only.
        if (WIRE) setTimeout(() => sub.sockets().forEach((sock) => wires.get(sock) && (wires.get(sock)!.countOnly = true)), 1000);
      } catch (err) {
        failed++;
        if (errors.length < 5) errors.push(err instanceof Error ? err.message : String(err));
      }
    };
    await Promise.all(Array.from({ length: args.parallel }, async () => {
      for (let u = queue.shift(); u; u = queue.shift()) await one(u);
    }));
    return { joinMs: joinMs.slice(before), failed, errors };
  },
  totals(): ReceiveTotals & { bots: number; cpuMs: number; at: number } {
    const t: ReceiveTotals = { packets: 0, unique: 0, bytes: 0, expected: 0, videoStreams: 0, audioStreams: 0 };
    for (const b of bots) {
      if (!b.sub) continue;
      const s = b.sub.totals();
      t.packets += s.packets;
      t.unique += s.unique;
      t.bytes += s.bytes;
      t.expected += s.expected;
      t.videoStreams += s.videoStreams;
      t.audioStreams += s.audioStreams;
    }
    if (WIRE) {
      // Counted on the wire (SRTP packet sizes, auth tag included); stream counts stay werift's.
      Object.assign(t, { packets: 0, unique: 0, bytes: 0, expected: 0 });
      for (const w of wires.values()) {
        const x = w.counter.totals();
        t.packets += x.packets;
        t.unique += x.unique;
        t.bytes += x.bytes;
        t.expected += x.expected;
      }
    }
    const cpu = process.cpuUsage();
    // `at`: when these counts were taken here (a starved bot process may answer the IPC late).
    return { ...t, bots: bots.filter((b) => b.sub).length, cpuMs: (cpu.user + cpu.system) / 1000, at: performance.timeOrigin + performance.now() };
  },
  async stop() {
    await Promise.all(bots.map(async (b) => {
      await b.sub?.close().catch(() => {});
      for (const p of b.pubs) await p.close().catch(() => {});
      await b.signal.close().catch(() => {});
    }));
    for (const e of encoders) await e.stop();
    await link?.session.destroy().catch(() => {});
    await link?.connection.close().catch(() => {});
    return null;
  },
};

process.on('message', (msg: BotCmd) => {
  const handler = handlers[msg.cmd] as (a: unknown) => unknown;
  Promise.resolve()
    .then(() => handler(msg.args))
    .then(
      (result) => process.send!({ id: msg.id, ok: true, result }, undefined, undefined, msg.cmd === 'stop' ? () => process.exit(0) : undefined),
      (err: unknown) => process.send!({ id: msg.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) }),
    );
});
process.on('disconnect', () => process.exit(1));

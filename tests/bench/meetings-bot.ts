// A lightweight meeting participant for the load bench: real ICE, DTLS and SRTP with Janus (werift, a
// WebRTC stack in TypeScript), but no decoding. A publishing bot forwards RTP that ffmpeg encodes
// (lib/rtp-source.ts); a listening bot receives audio and video and only counts packets, bytes and sequence
// gaps. How the bot reaches the SFU is behind `BotSignal`: our server's websocket protocol
// (meetings.signal.dto.ts, as the browser speaks it) or, for the bare-Janus mode, janode.
import {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCRtpCodecParameters,
  useNACK,
  usePLI,
  useREMB,
  type RtpPacket,
} from 'werift';
import type { Jsep, MediaSource, ViewStream } from '../../server/modules/meetings/meetings.signal.dto.js';
import type { RtpFeed } from './lib/rtp-source.js';

export interface BotSignal {
  /** Publishes one source: the offer goes to the SFU, the answer comes back. */
  publish(source: MediaSource, offer: Jsep, audio: boolean, video: boolean): Promise<Jsep>;
  /** Asks for a set of streams on the subscriber connection; resolves with the SFU's (re)offer. */
  view(streams: ViewStream[]): Promise<Jsep>;
  subAnswer(answer: Jsep): Promise<void>;
  close(): Promise<void>;
}

/** Only what the bots use: Opus and VP8, NACK/PLI/REMB as a browser offers them; never any host but loopback. */
export function botPeerConnection(): RTCPeerConnection {
  return new RTCPeerConnection({
    iceServers: [],
    iceUseIpv6: false,
    iceUseTcp: false,
    codecs: {
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
      video: [new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90000, rtcpFeedback: [useNACK(), usePLI(), useREMB()] })],
    },
  });
}

async function localJsep(pc: RTCPeerConnection): Promise<Jsep> {
  // Non-trickle: the description carries every candidate, like a browser that waited for gathering.
  if (pc.iceGatheringState !== 'complete') {
    await new Promise<void>((resolve) => {
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((s) => {
        if (s !== 'complete') return;
        unSubscribe();
        resolve();
      });
      if (pc.iceGatheringState === 'complete') {
        unSubscribe();
        resolve();
      }
    });
  }
  const d = pc.localDescription!;
  return { type: d.type as Jsep['type'], sdp: d.sdp };
}

function connected(pc: RTCPeerConnection, timeoutMs = 20_000): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      unSubscribe();
      reject(new Error(`peer connection not connected after ${timeoutMs} ms (${pc.connectionState})`));
    }, timeoutMs);
    const { unSubscribe } = pc.connectionStateChange.subscribe((s) => {
      if (s !== 'connected' && s !== 'failed') return;
      clearTimeout(t);
      unSubscribe();
      if (s === 'connected') resolve();
      else reject(new Error('peer connection failed'));
    });
  });
}

/** One publishing connection (camera + mic, or a screen): sendonly, fed from an ffmpeg encoder. */
export class PublisherPeer {
  readonly pc = botPeerConnection();
  private readonly unsubs: (() => void)[] = [];
  private readonly tracks: { track: MediaStreamTrack; feed: RtpFeed }[] = [];

  constructor(feeds: { audio?: RtpFeed | null; video?: RtpFeed | null }) {
    for (const feed of [feeds.audio, feeds.video]) {
      if (!feed) continue;
      const track = new MediaStreamTrack({ kind: feed.kind });
      this.pc.addTransceiver(track, { direction: 'sendonly' });
      this.tracks.push({ track, feed });
    }
  }

  async publish(signal: BotSignal, source: MediaSource): Promise<void> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    const answer = await signal.publish(source, await localJsep(this.pc), this.tracks.some((t) => t.feed.kind === 'audio'), this.tracks.some((t) => t.feed.kind === 'video'));
    await this.pc.setRemoteDescription(answer);
    await connected(this.pc);
    // Packets written before DTLS is up would be dropped anyway; start forwarding now.
    for (const { track, feed } of this.tracks) this.unsubs.push(feed.on((p) => track.writeRtp(p)));
  }

  async close() {
    for (const u of this.unsubs) u();
    await this.pc.close();
  }
}

/**
 * Per received SSRC: packets, bytes and the extended sequence range. A retransmitted packet (NACK) that
 * arrives twice is counted once: `seen` marks each sequence number of the last 65,536, so
 * loss = expected − unique.
 */
interface SsrcCount {
  kind: 'audio' | 'video';
  packets: number;
  unique: number;
  bytes: number;
  base: number;
  maxExt: number;
  seen: Uint8Array;
}

export interface ReceiveTotals {
  /** Every packet received, duplicates included. */
  packets: number;
  /** Distinct sequence numbers received. */
  unique: number;
  bytes: number;
  expected: number;
  videoStreams: number;
  audioStreams: number;
}

export class SeqCounter {
  private readonly counts = new Map<number, SsrcCount>();

  /** Returns true for the first packet of a new SSRC. */
  record(kind: 'audio' | 'video', ssrc: number, seq: number, bytes: number): boolean {
    let c = this.counts.get(ssrc);
    const first = !c;
    if (!c) {
      c = { kind, packets: 0, unique: 0, bytes: 0, base: seq, maxExt: seq, seen: new Uint8Array(0x10000) };
      this.counts.set(ssrc, c);
    }
    c.packets++;
    c.bytes += bytes;
    // Extended sequence number: the nearest one to the highest seen (reordering and wraps both work).
    const delta = ((seq - (c.maxExt & 0xffff) + 0x18000) & 0xffff) - 0x8000;
    const ext = c.maxExt + delta;
    if (ext < c.base) return first; // from before the first packet
    if (ext > c.maxExt) {
      for (let e = c.maxExt + 1; e < ext && e - c.maxExt < 0x10000; e++) c.seen[e & 0xffff] = 0;
      c.maxExt = ext;
    } else if (c.maxExt - ext >= 0x8000) return first; // too old to tell
    if (!c.seen[ext & 0xffff]) {
      c.seen[ext & 0xffff] = 1;
      c.unique++;
    }
    return first;
  }

  totals(): ReceiveTotals {
    const t: ReceiveTotals = { packets: 0, unique: 0, bytes: 0, expected: 0, videoStreams: 0, audioStreams: 0 };
    for (const c of this.counts.values()) {
      t.packets += c.packets;
      t.unique += c.unique;
      t.bytes += c.bytes;
      t.expected += c.maxExt - c.base + 1;
      if (c.kind === 'video') t.videoStreams++;
      else t.audioStreams++;
    }
    return t;
  }
}

/** The subscriber connection: receive-only, answered from the SFU's offers; counts, never decodes. */
export class SubscriberPeer {
  readonly pc = botPeerConnection();
  readonly counter = new SeqCounter();
  /** performance.now() of the first RTP packet of each kind. */
  firstPacketAt: { audio?: number; video?: number } = {};
  private onFirstVideo?: () => void;

  constructor() {
    this.pc.onTrack.subscribe((track) => {
      track.onReceiveRtp.subscribe((rtp) => this.count(track.kind as 'audio' | 'video', rtp));
    });
  }

  private count(kind: 'audio' | 'video', rtp: RtpPacket) {
    const first = this.counter.record(kind, rtp.header.ssrc, rtp.header.sequenceNumber, rtp.serializeSize);
    if (first && this.firstPacketAt[kind] === undefined) {
      this.firstPacketAt[kind] = performance.now();
      if (kind === 'video') this.onFirstVideo?.();
    }
  }

  totals(): ReceiveTotals {
    return this.counter.totals();
  }

  /** Resolves with performance.now() of the first video packet received. */
  firstVideo(timeoutMs: number): Promise<number> {
    if (this.firstPacketAt.video !== undefined) return Promise.resolve(this.firstPacketAt.video);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no video packet after ${timeoutMs} ms`)), timeoutMs);
      this.onFirstVideo = () => (clearTimeout(t), resolve(this.firstPacketAt.video!));
    });
  }

  /** Answers an offer (the first one or a re-offer after the view changed). */
  async answer(offer: Jsep): Promise<Jsep> {
    await this.pc.setRemoteDescription(offer);
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return localJsep(this.pc);
  }

  async view(signal: BotSignal, streams: ViewStream[]): Promise<void> {
    const offer = await signal.view(streams);
    await signal.subAnswer(await this.answer(offer));
    await connected(this.pc);
  }

  /** The UDP sockets under this connection's ICE transports (werift internals; the bench's wire counting). */
  sockets(): import('node:dgram').Socket[] {
    type Internals = { connection?: { protocols?: { transport?: { socket?: import('node:dgram').Socket } }[] } };
    return this.pc.iceTransports.flatMap((t) => ((t as unknown as Internals).connection?.protocols ?? []).map((p) => p.transport?.socket)).filter((s) => !!s) as import('node:dgram').Socket[];
  }

  async close() {
    await this.pc.close();
  }
}

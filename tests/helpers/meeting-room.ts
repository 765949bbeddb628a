// Test helpers for meetings: a meeting row, a signalling client over the app's websocket, and a real WebRTC
// peer (werift: ICE/DTLS/SRTP in Node) that publishes synthetic RTP or receives and counts it. Janus tests run
// inside the network namespace of scripts/netns-run.sh (npm run test:unit does that).
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpHeader, RtpPacket } from 'werift';
import { newId } from '../../server/lib/ids.js';
import type { Jsep, ServerMessage } from '../../server/modules/meetings/meetings.signal.dto.js';
import type { TestApp } from './app.js';

/** Janus only offers 127.0.0.2, which exists only inside the test namespace: fail loudly elsewhere. */
export function assertMediaNamespace(): void {
  const addrs = execFileSync('ip', ['-o', 'addr', 'show'], { encoding: 'utf8' });
  if (!/127\.0\.0\.2\/32/.test(addrs)) throw new Error('media tests must run inside scripts/netns-run.sh (npm run test:unit does); 127.0.0.2 is missing');
}

export function insertMeeting(t: TestApp, o: { hostId: string; memberIds: string[]; title?: string; lobby?: boolean; cohostIds?: string[] }): string {
  const id = newId();
  const at = new Date().toISOString();
  const sqlite = t.app.services.db.sqlite;
  sqlite
    .prepare(
      `INSERT INTO meetings (id, title, starts_at, duration_min, host_id, room_no, lobby, created_at, updated_at) VALUES (?, ?, ?, 60, ?, ?, ?, ?, ?)`,
    )
    .run(id, o.title ?? '教职工大会', at, o.hostId, randomInt(100_000, 9_999_999), o.lobby ? 1 : 0, at, at);
  const add = sqlite.prepare(`INSERT INTO meeting_members (meeting_id, user_id, role) VALUES (?, ?, ?)`);
  add.run(id, o.hostId, 'host');
  for (const m of o.memberIds) add.run(id, m, o.cohostIds?.includes(m) ? 'cohost' : 'attendee');
  return id;
}

type Frame = ServerMessage & Record<string, unknown>;

/** One signed-in socket speaking the meeting protocol. */
export class Signal {
  readonly events: Frame[] = [];
  private seq = 0;
  private waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];

  private constructor(readonly ws: import('ws').WebSocket) {
    ws.on('message', (raw) => {
      const f = JSON.parse(String(raw)) as Frame;
      if (f.type !== 'meeting') return;
      this.events.push(f);
      for (const w of [...this.waiters]) {
        if (w.match(f)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(f);
        }
      }
    });
  }

  static async open(t: TestApp, cookie: string): Promise<Signal> {
    const ws = await t.app.injectWS('/api/ws', { headers: { cookie } });
    return new Signal(ws);
  }

  send(op: string, body: Record<string, unknown> = {}): string {
    const reqId = `r${++this.seq}`;
    this.ws.send(JSON.stringify({ type: 'meeting', op, reqId, ...body }));
    return reqId;
  }

  /** Send and wait for the reply with the same reqId (joined, answer, ok, waiting or error). */
  async request(op: string, body: Record<string, unknown> = {}, timeoutMs = 20_000): Promise<Frame> {
    const reqId = this.send(op, body);
    return this.next((f) => (f as { reqId?: string }).reqId === reqId, timeoutMs);
  }

  next(match: (f: Frame) => boolean, timeoutMs = 20_000): Promise<Frame> {
    const seen = this.events.find(match);
    if (seen) {
      this.events.splice(this.events.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching meeting frame within ${timeoutMs} ms; saw ${this.events.map((e) => e.op).join(',')}`)), timeoutMs);
      this.waiters.push({
        match,
        resolve: (f) => {
          clearTimeout(timer);
          this.events.splice(this.events.indexOf(f), 1);
          resolve(f);
        },
      });
    });
  }

  close() {
    this.ws.terminate();
  }
}

const codecs = {
  audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
  video: [new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }] })],
};

async function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3000);
    pc.iceGatheringStateChange.subscribe((s) => {
      if (s === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

/** A publisher that sends synthetic Opus and VP8 RTP (Janus relays without decoding). */
export class WeriftPublisher {
  readonly pc = new RTCPeerConnection({ iceServers: [], codecs, iceAdditionalHostAddresses: ['127.0.0.1'] });
  private readonly audio = new MediaStreamTrack({ kind: 'audio' });
  private readonly video = new MediaStreamTrack({ kind: 'video' });
  private timer: NodeJS.Timeout | null = null;

  async offer(): Promise<Jsep> {
    this.pc.addTransceiver(this.audio, { direction: 'sendonly' });
    this.pc.addTransceiver(this.video, { direction: 'sendonly' });
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await gathered(this.pc);
    return { type: 'offer', sdp: this.pc.localDescription!.sdp };
  }

  async answer(jsep: Jsep): Promise<void> {
    await this.pc.setRemoteDescription({ type: 'answer', sdp: jsep.sdp });
    await this.connected();
    this.startSending();
  }

  connected(timeoutMs = 15_000): Promise<void> {
    return waitConnected(this.pc, timeoutMs);
  }

  private startSending() {
    let seqA = randomInt(0, 60000);
    let seqV = randomInt(0, 60000);
    let ts = 0;
    const ssrcA = randomInt(1, 2 ** 31);
    const ssrcV = randomInt(1, 2 ** 31);
    // A VP8 key frame header (S bit, then frame tag with the key-frame bit clear and the start code).
    const vp8 = Buffer.concat([Buffer.from([0x10, 0x50, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01]), Buffer.alloc(300, 7)]);
    const opus = Buffer.from([0xf8, 0xff, 0xfe]); // an Opus comfort-noise frame
    this.timer = setInterval(() => {
      ts += 960;
      this.audio.writeRtp(new RtpPacket(new RtpHeader({ payloadType: 111, sequenceNumber: seqA++ & 0xffff, timestamp: ts, ssrc: ssrcA, marker: true }), opus));
      this.video.writeRtp(new RtpPacket(new RtpHeader({ payloadType: 96, sequenceNumber: seqV++ & 0xffff, timestamp: ts * 2, ssrc: ssrcV, marker: true }), vp8));
    }, 20);
  }

  async close() {
    if (this.timer) clearInterval(this.timer);
    await this.pc.close();
  }
}

/** A subscriber connection: answers Janus's offers and counts the RTP packets it receives per mid. */
export class WeriftSubscriber {
  readonly pc = new RTCPeerConnection({ iceServers: [], codecs, iceAdditionalHostAddresses: ['127.0.0.1'] });
  readonly packets = new Map<string, number>();

  constructor() {
    this.pc.onTransceiverAdded.subscribe((tr) => {
      tr.onTrack.subscribe((track) => {
        track.onReceiveRtp.subscribe(() => this.packets.set(tr.mid ?? '?', (this.packets.get(tr.mid ?? '?') ?? 0) + 1));
      });
    });
  }

  async answerOffer(jsep: Jsep): Promise<Jsep> {
    await this.pc.setRemoteDescription({ type: 'offer', sdp: jsep.sdp });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await gathered(this.pc);
    return { type: 'answer', sdp: this.pc.localDescription!.sdp };
  }

  total(): number {
    return [...this.packets.values()].reduce((a, b) => a + b, 0);
  }

  async close() {
    await this.pc.close();
  }
}

function waitConnected(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.connectionState === 'connected') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`WebRTC not connected within ${timeoutMs} ms (state ${pc.connectionState})`)), timeoutMs);
    pc.connectionStateChange.subscribe((s) => {
      if (s === 'connected') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

export async function until(check: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

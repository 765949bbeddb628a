// A bot's BotSignal over our own websocket (/api/ws), exactly as the PWA speaks it
// (server/modules/meetings/meetings.signal.dto.ts): sign in over HTTP, open the socket with the session
// cookie, hello → welcome, then `{ type: 'meeting', op, reqId, … }` frames.
import WebSocket from 'ws';
import type { ClientOp, Jsep, MediaSource, RoomFeed, ServerMessage, ViewStream } from '../../../server/modules/meetings/meetings.signal.dto.js';
import type { BotSignal } from '../meetings-bot.js';

type Joined = Extract<ServerMessage, { op: 'joined' }>;
type SubOffer = Extract<ServerMessage, { op: 'sub-offer' }>;
// Distributive Omit, so each op keeps its own fields.
type OpInput = ClientOp extends infer T ? (T extends ClientOp ? Omit<T, 'reqId'> : never) : never;

/** POST /api/auth/login → the session cookie. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return cookie;
}

export class ServerSignal implements BotSignal {
  private ws!: WebSocket;
  private nextReq = 1;
  private readonly pending = new Map<string, { resolve(m: ServerMessage): void; reject(e: Error): void }>();
  private subOffers: SubOffer[] = [];
  private subOfferWaiter: ((m: SubOffer) => void) | null = null;
  feeds: RoomFeed[] = [];
  readonly feedListeners = new Set<(feeds: RoomFeed[]) => void>();
  joined: Joined | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
    readonly meetingId: string,
  ) {}

  async connect(): Promise<void> {
    const wsUrl = this.baseUrl.replace(/^http/, 'ws') + '/api/ws';
    this.ws = new WebSocket(wsUrl, { headers: { cookie: this.cookie, origin: this.baseUrl }, perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      this.ws.once('error', reject);
      this.ws.once('close', (code) => reject(new Error(`ws closed before welcome (${code})`)));
      this.ws.on('open', () => this.ws.send(JSON.stringify({ type: 'hello', lastSeq: null })));
      this.ws.on('message', (raw) => {
        const msg = JSON.parse(String(raw)) as { type: string };
        if (msg.type === 'welcome') resolve();
        if (msg.type === 'meeting') this.onMeeting(msg as ServerMessage);
      });
    });
    this.ws.on('close', () => {
      for (const p of this.pending.values()) p.reject(new Error('ws closed'));
      this.pending.clear();
    });
  }

  private onMeeting(m: ServerMessage) {
    if ('reqId' in m && m.reqId && this.pending.has(m.reqId)) {
      const p = this.pending.get(m.reqId)!;
      this.pending.delete(m.reqId);
      if (m.op === 'error') p.reject(new Error(`${m.code}: ${m.detail}`));
      else p.resolve(m);
      return;
    }
    if (m.op === 'sub-offer') {
      if (this.subOfferWaiter) this.subOfferWaiter(m);
      else this.subOffers.push(m);
    } else if (m.op === 'feeds') {
      this.feeds = m.feeds;
      for (const l of this.feedListeners) l(m.feeds);
    }
  }

  request(op: OpInput): Promise<ServerMessage> {
    const reqId = `b${this.nextReq++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(reqId, { resolve, reject });
      this.ws.send(JSON.stringify({ type: 'meeting', meetingId: this.meetingId, reqId, ...op }));
    });
  }

  async join(device: 'phone' | 'desktop' = 'desktop'): Promise<Joined> {
    const m = await this.request({ op: 'join', meetingId: this.meetingId, device });
    if (m.op !== 'joined') throw new Error(`join: got ${m.op}`);
    this.joined = m;
    this.feeds = m.feeds;
    return m;
  }

  async publish(source: MediaSource, offer: Jsep, audio: boolean, video: boolean): Promise<Jsep> {
    const m = await this.request({ op: 'publish', source, jsep: offer, audio, video });
    if (m.op !== 'answer') throw new Error(`publish: got ${m.op}`);
    return m.jsep;
  }

  private nextSubOffer(timeoutMs = 20_000): Promise<SubOffer> {
    const queued = this.subOffers.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => ((this.subOfferWaiter = null), reject(new Error('no sub-offer'))), timeoutMs);
      this.subOfferWaiter = (m) => (clearTimeout(t), (this.subOfferWaiter = null), resolve(m));
    });
  }

  async view(streams: ViewStream[]): Promise<Jsep> {
    const offer = this.nextSubOffer();
    await this.request({ op: 'view', streams });
    return (await offer).jsep;
  }

  async subAnswer(answer: Jsep): Promise<void> {
    await this.request({ op: 'sub-answer', jsep: answer });
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.OPEN) await this.request({ op: 'leave' }).catch(() => {});
    this.ws.close();
  }
}

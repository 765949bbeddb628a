// One websocket per client at /api/ws. Resumes without gaps: the last handled sequence number is sent in
// `hello`; the server replays what we missed or answers `reset`. Each page keeps its own position in memory
// (two tabs each handle every event); localStorage (per user) remembers it across page loads.

export interface RealtimeEvent<T = unknown> {
  seq: number;
  topic: string;
  name: string;
  data: T;
  at: string;
}

type ServerMessage =
  | { type: 'welcome'; lastSeq: number }
  | ({ type: 'event' } & RealtimeEvent)
  | { type: 'reset' }
  | { type: 'pong' }
  | { type: 'error'; code?: string };

/** A frame outside the event stream (for example the meeting room's `type: 'meeting'` signalling). */
export interface Frame {
  type: string;
  [key: string]: unknown;
}

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'closed';

export interface RealtimeOptions {
  /** Key under which lastSeq is stored; include the user id so two accounts on one device do not mix. */
  storageKey: string;
  onEvent: (event: RealtimeEvent) => void;
  /** The server could not replay what we missed: refetch state. */
  onReset: () => void;
  onStateChange?: (state: ConnectionState) => void;
  /** The session may be gone: the socket was closed as revoked, or keeps failing to connect. */
  onSessionInDoubt?: () => void;
  /** Frames of other types (not stored events): request/reply traffic such as meeting signalling. */
  onFrame?: (frame: Frame) => void;
  url?: string;
}

const PING_MS = 25_000;
/** The server closed this session's socket because the session was revoked. */
const CLOSE_REVOKED = 4001;
/** The client fell behind; reconnect at once and resume. */
const CLOSE_SLOW = 4008;
const MAX_BACKOFF_MS = 30_000;

export class RealtimeClient {
  private ws: WebSocket | null = null;
  private stopped = true;
  private attempt = 0;
  private resyncOnWelcome = false;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private topics = new Set<string>();
  /** This page's position in the user's event sequence (null until known). */
  private seq: number | null = null;

  constructor(private readonly opts: RealtimeOptions) {}

  /** The position remembered on this device (the furthest any page of this user got). */
  get storedSeq(): number | null {
    try {
      const v = localStorage.getItem(this.opts.storageKey);
      return v !== null && /^\d+$/.test(v) ? Number(v) : null;
    } catch {
      return null;
    }
  }

  /** Move this page to `seq`; the stored position only moves forward, except that `welcome` is authoritative. */
  private advance(seq: number, authoritative = false): void {
    this.seq = seq;
    try {
      const stored = this.storedSeq;
      if (authoritative || stored === null || seq > stored) localStorage.setItem(this.opts.storageKey, String(seq));
    } catch {
      /* storage full or disabled: the next page load resumes with a reset */
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    window.addEventListener('online', this.reconnectNow);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener('online', this.reconnectNow);
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const ws = this.ws;
    this.ws = null;
    if (ws && ws.readyState <= WebSocket.OPEN) ws.close(1000, 'bye');
    this.opts.onStateChange?.('idle');
  }

  subscribe(topics: string[]): void {
    topics.forEach((tp) => this.topics.add(tp));
    this.send({ type: 'subscribe', topics });
  }

  unsubscribe(topics: string[]): void {
    topics.forEach((tp) => this.topics.delete(tp));
    this.send({ type: 'unsubscribe', topics });
  }

  private reconnectNow = (): void => {
    if (this.stopped || (this.ws && this.ws.readyState <= WebSocket.OPEN)) return;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.connect();
  };

  private send(msg: unknown): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false;
    this.ws.send(JSON.stringify(msg));
    return true;
  }

  /** Send a frame outside the event stream; false when the socket is not open (nothing is queued). */
  sendFrame(frame: Frame): boolean {
    return this.send(frame);
  }

  private connect(): void {
    const url = this.opts.url ?? `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
    this.opts.onStateChange?.('connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      const lastSeq = this.seq ?? this.storedSeq;
      // Without a position nothing can be replayed: what happened between the page's first fetch and this
      // hello would be lost, so the welcome is treated as a reset (refetch) instead.
      this.resyncOnWelcome = lastSeq === null;
      this.send({ type: 'hello', lastSeq });
      if (this.topics.size) this.send({ type: 'subscribe', topics: [...this.topics] });
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_MS);
    };
    ws.onmessage = (e) => this.handle(e.data);
    ws.onclose = (e) => {
      clearInterval(this.pingTimer);
      if (this.ws !== ws) return;
      this.ws = null;
      this.opts.onStateChange?.('closed');
      if (e.code === CLOSE_REVOKED) this.opts.onSessionInDoubt?.();
      if (this.stopped) return;
      if (e.code === CLOSE_SLOW) this.connect();
      else this.scheduleRetry();
    };
  }

  private handle(raw: unknown): void {
    let msg: ServerMessage;
    try {
      msg = JSON.parse(String(raw)) as ServerMessage;
    } catch {
      return;
    }
    switch (msg.type) {
      case 'welcome':
        this.attempt = 0;
        this.advance(msg.lastSeq, true);
        this.opts.onStateChange?.('open');
        if (this.resyncOnWelcome) this.opts.onReset();
        this.resyncOnWelcome = false;
        break;
      case 'event': {
        // seq 0 (or none): a connection-level notice such as 'session.revoked', outside the per-user sequence.
        if (!msg.seq) {
          this.opts.onEvent(msg);
          break;
        }
        if (this.seq !== null && msg.seq <= this.seq) return; // already handled (replay overlap)
        this.opts.onEvent(msg);
        this.advance(msg.seq);
        break;
      }
      case 'reset':
        this.resyncOnWelcome = false; // refetching once is enough
        this.opts.onReset();
        break;
      default: {
        const frame = msg as unknown as Frame;
        if (typeof frame.type === 'string' && frame.type !== 'pong' && frame.type !== 'error') this.opts.onFrame?.(frame);
        break;
      }
    }
  }

  private scheduleRetry(): void {
    this.attempt += 1;
    if (this.attempt === 3) this.opts.onSessionInDoubt?.();
    const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (this.attempt - 1));
    const delay = base / 2 + Math.random() * (base / 2);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }
}

// The realtime hub: one websocket per client. Every event is first stored with a per-user sequence
// number (realtime.repo.ts), then pushed to the user's live sockets. A client says hello with the last
// sequence it handled and receives exactly what it missed, from the database. A socket that cannot keep up
// is closed (it reconnects and resumes), so one slow phone never stalls everyone else.
// Kept behind this interface so an external broker (NATS, Redis) can replace the in-process fan-out.
import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../lib/clock.js';
import type { RealtimeRepo } from './realtime.repo.js';

export interface PublishInput {
  topic: string;
  name: string;
  data: unknown;
}

/** Resolves a topic prefix ("dept", "all"…) to the user ids that receive it. */
export type TopicResolver = (id: string) => string[];
/** May this user follow this resource (e.g. "doc" + document id)? Asked on subscribe and again on publish. */
export type TopicAuthorizer = (userId: string, id: string) => boolean;

/** One socket as a module's request/reply partner (meeting signalling): frames sent here are not stored. */
export interface ClientChannel {
  readonly id: string;
  readonly userId: string;
  readonly sessionId: string;
  send(data: unknown): void;
}
/** A module that takes client frames of its own `type` (e.g. 'meeting'), and hears when that socket closes. */
export interface MessageHandler {
  message(channel: ClientChannel, msg: Record<string, unknown>): void;
  closed(channel: ClientChannel): void;
}

const MAX_SUBSCRIPTIONS_PER_MESSAGE = 50;

export interface HubOptions {
  repo: RealtimeRepo;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Close a socket whose unsent buffer exceeds this many bytes. */
  maxBufferedBytes?: number;
  heartbeatMs?: number;
  maxReplay?: number;
  /** Asked at every heartbeat: a socket whose session expired or was revoked is closed (4001). */
  sessionActive?: (sessionId: string) => boolean;
}

interface Connection {
  socket: WebSocket;
  userId: string;
  sessionId: string;
  ready: boolean;
  alive: boolean;
  helloTimer?: NodeJS.Timeout;
  channel?: ClientChannel;
  /** Message types this socket used, so their handlers hear when it closes. */
  handled?: Set<string>;
}

const CLOSE_SLOW = 4008;
/** Socket writes per turn of the event loop: a school-wide event never blocks requests for long. */
const SEND_BATCH = 250;
const CLOSE_REVOKED = 4001;

export class RealtimeHub {
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly resolvers = new Map<string, TopicResolver>();
  private readonly authorizers = new Map<string, TopicAuthorizer>();
  private readonly handlers = new Map<string, MessageHandler>();
  private nextChannel = 1;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxBuffered: number;
  private readonly maxReplay: number;
  private droppedSlow = 0;
  /** One FIFO for all live frames, so every socket sees its events in sequence order. */
  private outbox: { conn: Connection; frame: string }[] = [];
  private outboxHead = 0;
  private draining = false;

  constructor(private readonly opts: HubOptions) {
    this.maxBuffered = opts.maxBufferedBytes ?? 1 << 20;
    this.maxReplay = opts.maxReplay ?? 2000;
    this.heartbeat = setInterval(() => this.beat(), opts.heartbeatMs ?? 30_000);
    this.heartbeat.unref();
    this.resolvers.set('user', (id) => [id]);
  }

  /** Modules register how their topics fan out, e.g. hub.resolveTopics('dept', membersOf). */
  resolveTopics(prefix: string, resolver: TopicResolver): void {
    this.resolvers.set(prefix, resolver);
  }

  /** Modules whose resources can be followed say who may follow them, e.g. hub.authorizeTopics('doc', canReadDoc). */
  authorizeTopics(prefix: string, authorizer: TopicAuthorizer): void {
    this.authorizers.set(prefix, authorizer);
  }

  /** A module takes the client frames of one type (not hello/ping/subscribe, which the hub keeps). */
  handleMessages(type: string, handler: MessageHandler): void {
    this.handlers.set(type, handler);
  }

  private channelOf(conn: Connection): ClientChannel {
    conn.channel ??= {
      id: `c${this.nextChannel++}`,
      userId: conn.userId,
      sessionId: conn.sessionId,
      send: (data: unknown) => this.send(conn, JSON.stringify(data)),
    };
    return conn.channel;
  }

  private recipientsOf(topic: string): string[] {
    const [prefix = '', ...rest] = topic.split(':');
    const id = rest.join(':');
    const resolver = this.resolvers.get(prefix);
    if (resolver) return resolver(id);
    const authorize = this.authorizers.get(prefix);
    // Access may have changed since subscribing: ask again.
    return authorize ? this.opts.repo.subscribers(topic).filter((userId) => authorize(userId, id)) : [];
  }

  /** Store and fan out. Synchronous: when it returns, the event is durable. */
  publish(input: PublishInput, recipients?: string[]): number {
    const users = [...new Set(recipients ?? this.recipientsOf(input.topic))];
    if (!users.length) return 0;
    const at = this.opts.clock.now().toISOString();
    const dataJson = JSON.stringify(input.data ?? null);
    const seqs = this.opts.repo.append(input.topic, input.name, dataJson, at, users);
    // Serialise once; only the sequence number differs per user.
    const tail = `,"topic":${JSON.stringify(input.topic)},"name":${JSON.stringify(input.name)},"data":${dataJson},"at":"${at}"}`;
    for (const [userId, seq] of seqs) {
      const conns = this.byUser.get(userId);
      if (!conns) continue;
      const frame = `{"type":"event","seq":${seq}${tail}`;
      for (const conn of conns) if (conn.ready) this.outbox.push({ conn, frame });
    }
    if (!this.draining) this.drainOutbox();
    return users.length;
  }

  /** Sends up to SEND_BATCH frames now and the rest on later turns (setImmediate lets requests in between). */
  private drainOutbox(): void {
    this.draining = true;
    const end = Math.min(this.outbox.length, this.outboxHead + SEND_BATCH);
    for (; this.outboxHead < end; this.outboxHead++) {
      const { conn, frame } = this.outbox[this.outboxHead]!;
      if (conn.ready) this.send(conn, frame);
    }
    if (this.outboxHead < this.outbox.length) {
      setImmediate(() => this.drainOutbox());
      return;
    }
    this.outbox = [];
    this.outboxHead = 0;
    this.draining = false;
  }

  attach(socket: WebSocket, user: { id: string; sessionId: string }): void {
    const conn: Connection = { socket, userId: user.id, sessionId: user.sessionId, ready: false, alive: true };
    let set = this.byUser.get(user.id);
    if (!set) this.byUser.set(user.id, (set = new Set()));
    set.add(conn);
    // A client that never says hello still gets a live connection (without replay).
    conn.helloTimer = setTimeout(() => this.hello(conn, null), 10_000);
    socket.on('pong', () => (conn.alive = true));
    socket.on('message', (raw) => {
      conn.alive = true;
      let msg: { type?: string; lastSeq?: unknown; topics?: unknown };
      try {
        msg = JSON.parse(String(raw));
      } catch {
        msg = null as never;
      }
      if (!msg || typeof msg !== 'object' || Array.isArray(msg)) return this.send(conn, '{"type":"error","code":"BAD_MESSAGE"}');
      try {
        this.handleMessage(conn, msg);
      } catch (err) {
        this.opts.log.error({ err, event: 'realtime.message_failed' }, 'websocket message failed');
        this.send(conn, '{"type":"error","code":"SERVER_ERROR"}');
      }
    });
    socket.on('close', () => {
      clearTimeout(conn.helloTimer);
      for (const type of conn.handled ?? []) {
        try {
          this.handlers.get(type)?.closed(conn.channel!);
        } catch (err) {
          this.opts.log.error({ err, event: 'realtime.close_handler_failed' }, 'websocket close handler failed');
        }
      }
      set.delete(conn);
      if (!set.size) this.byUser.delete(user.id);
    });
  }

  private handleMessage(conn: Connection, msg: { type?: string; lastSeq?: unknown; topics?: unknown }): void {
    const handler = typeof msg.type === 'string' ? this.handlers.get(msg.type) : undefined;
    if (handler) {
      (conn.handled ??= new Set()).add(msg.type!);
      handler.message(this.channelOf(conn), msg as Record<string, unknown>);
      return;
    }
    if (msg.type === 'hello' && !conn.ready) {
      clearTimeout(conn.helloTimer);
      this.hello(conn, typeof msg.lastSeq === 'number' && Number.isInteger(msg.lastSeq) && msg.lastSeq >= 0 ? msg.lastSeq : null);
    } else if (msg.type === 'ping') {
      this.send(conn, '{"type":"pong"}');
    } else if ((msg.type === 'subscribe' || msg.type === 'unsubscribe') && Array.isArray(msg.topics)) {
      this.changeSubscriptions(conn, msg.type, msg.topics);
    }
  }

  /** Replay from the database, then go live. Runs synchronously so no live event interleaves. */
  private hello(conn: Connection, lastSeq: number | null): void {
    if (conn.ready) return;
    const { repo } = this.opts;
    const current = repo.lastSeq(conn.userId);
    if (lastSeq !== null && lastSeq !== current) {
      const oldest = repo.oldestSeq(conn.userId);
      const replayable = lastSeq < current && oldest !== null && oldest <= lastSeq + 1 && current - lastSeq <= this.maxReplay;
      if (!replayable) this.send(conn, '{"type":"reset"}');
      else {
        for (const d of repo.since(conn.userId, lastSeq, this.maxReplay)) {
          this.send(conn, `{"type":"event","seq":${d.seq},"topic":${JSON.stringify(d.topic)},"name":${JSON.stringify(d.name)},"data":${d.payload},"at":"${d.createdAt}"}`);
        }
      }
    }
    conn.ready = true;
    this.send(conn, JSON.stringify({ type: 'welcome', lastSeq: current }));
  }

  private changeSubscriptions(conn: Connection, type: 'subscribe' | 'unsubscribe', topics: unknown[]): void {
    const valid = topics.slice(0, MAX_SUBSCRIPTIONS_PER_MESSAGE).filter((t): t is string => {
      if (typeof t !== 'string' || !/^[a-z]+:[\w-]{1,64}$/.test(t)) return false;
      const [prefix, id] = t.split(':') as [string, string];
      const authorize = this.authorizers.get(prefix);
      return type === 'unsubscribe' || (!!authorize && authorize(conn.userId, id));
    });
    const at = this.opts.clock.now().toISOString();
    for (const topic of valid) {
      if (type === 'subscribe') this.opts.repo.subscribe(conn.userId, topic, at);
      else this.opts.repo.unsubscribe(conn.userId, topic);
    }
    this.send(conn, JSON.stringify({ type: type === 'subscribe' ? 'subscribed' : 'unsubscribed', topics: valid }));
  }

  private send(conn: Connection, frame: string): void {
    const { socket } = conn;
    if (socket.readyState !== 1) return;
    if (socket.bufferedAmount > this.maxBuffered) {
      this.droppedSlow++;
      this.opts.log.warn({ event: 'realtime.slow_client_closed', userId: conn.userId }, 'closing slow websocket');
      socket.close(CLOSE_SLOW, 'too slow; reconnect and resume');
      conn.ready = false;
      return;
    }
    socket.send(frame);
  }

  private beat(): void {
    for (const set of this.byUser.values()) {
      for (const conn of set) {
        if (this.opts.sessionActive && !this.opts.sessionActive(conn.sessionId)) {
          this.disconnectSession(conn.sessionId);
          continue;
        }
        if (!conn.alive) {
          conn.socket.terminate();
          continue;
        }
        conn.alive = false;
        try {
          conn.socket.ping();
        } catch {
          /* socket already closing */
        }
      }
    }
  }

  /** Close every socket of a revoked session (after telling it why). */
  disconnectSession(sessionId: string): void {
    for (const set of this.byUser.values()) {
      for (const conn of set) {
        if (conn.sessionId !== sessionId) continue;
        this.send(conn, JSON.stringify({ type: 'event', seq: 0, topic: 'session', name: 'session.revoked', data: { sessionId } }));
        conn.socket.close(CLOSE_REVOKED, 'session revoked');
      }
    }
  }

  /** Has this person an open socket right now (the app is open on some device)? */
  isOnline(userId: string): boolean {
    return (this.byUser.get(userId)?.size ?? 0) > 0;
  }

  stats() {
    let connections = 0;
    for (const set of this.byUser.values()) connections += set.size;
    return { users: this.byUser.size, connections, droppedSlow: this.droppedSlow };
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const set of this.byUser.values()) {
      for (const conn of set) {
        clearTimeout(conn.helloTimer);
        conn.socket.close(1001, 'server shutting down');
      }
    }
    this.byUser.clear();
  }
}

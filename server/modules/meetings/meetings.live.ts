// The live half of meetings, built from its parts: the SFU adapter (one local Janus, our child process),
// the rooms, and the websocket signalling. app.ts builds it once; `start`/`stop` follow the server's life.
import { createHmac } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../../config/config.js';
import type { DbHandle } from '../../db/client.js';
import type { CheckResult } from '../../core/health.js';
import type { RealtimeHub } from '../../core/realtime/realtime.hub.js';
import type { Clock } from '../../lib/clock.js';
import { newToken } from '../../lib/ids.js';
import { createMeetingRooms } from './meetings.room.js';
import { createRoomRepo } from './meetings.room.repo.js';
import { meetingSignalling } from './meetings.signal.js';
import { JanusAdapter } from './sfu/janus.adapter.js';
import type { SfuAdapter } from './sfu/sfu.js';

export interface MeetingsLiveDeps {
  db: DbHandle;
  hub: RealtimeHub;
  clock: Clock;
  log: FastifyBaseLogger;
  dataDir: string;
  config: Config['meetings'];
  toolEnv: Record<string, string>;
  /** Tests may pass another adapter (behind the same interface). */
  sfu?: SfuAdapter;
  onRecordingStopped?: (recordingId: string) => void;
  emptyRoomMs?: number;
  seatGraceMs?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** coturn's REST-API credentials (use-auth-secret): valid for 12 hours, bound to the person. */
export function turnCredentials(turn: { urls: string[]; secret: string }, userId: string, nowMs: number) {
  const username = `${Math.floor(nowMs / 1000) + 12 * 3600}:${userId}`;
  return { urls: turn.urls, username, credential: createHmac('sha1', turn.secret).update(username).digest('base64') };
}

export function createMeetingsLive(d: MeetingsLiveDeps) {
  const repo = createRoomRepo(d.db.sqlite);
  const c = d.config;
  const apiSecret = newToken(24);
  let janusPort = c.janusPort;
  let adapter: JanusAdapter | null = null;
  const sfu: SfuAdapter =
    d.sfu ??
    (adapter = new JanusAdapter({
      bin: c.janusBin, env: d.toolEnv, log: d.log, dir: path.join(d.dataDir, 'run', 'janus'), apiSecret,
      get wsPort() {
        return janusPort;
      },
      rtpPorts: c.mediaPorts, mediaInterfaces: c.mediaInterfaces, natMapping: c.natIp,
    }));
  const rooms = createMeetingRooms({
    repo, sfu, clock: d.clock, log: d.log, dataDir: d.dataDir, onRecordingStopped: d.onRecordingStopped, emptyRoomMs: d.emptyRoomMs, seatGraceMs: d.seatGraceMs,
    iceServers: (userId) => (c.turn ? [turnCredentials(c.turn, userId, d.clock.now().getTime())] : []),
  });
  const signalling = meetingSignalling(rooms, d.log);
  d.hub.handleMessages('meeting', signalling);

  const availability = () => {
    const s = sfu.status();
    if (c.janus === 'off') return { available: false, state: 'disabled', detail: 'meetings are switched off on this box (XB_JANUS=off)' };
    return { available: s.state === 'up', state: s.state, detail: s.detail };
  };

  const routes: FastifyPluginAsync = async (app) => {
    app.get('/api/meetings/availability', {
      schema: {
        tags: ['meetings'],
        summary: 'Can meetings run on this box now (is the SFU up)?',
        response: { 200: Type.Object({ available: Type.Boolean(), state: Type.String(), detail: Type.Union([Type.String(), Type.Null()]) }) },
      },
      handler: async () => availability(),
    });
  };

  return {
    rooms,
    sfu,
    repo,
    routes,
    health(): CheckResult {
      const a = availability();
      const s = sfu.status();
      const stats = rooms.stats();
      if (a.state === 'disabled') return { status: 'ok', detail: a.detail, ...stats };
      if (s.state === 'up') return { status: 'ok', pid: s.pid, restarts: s.restarts, upSince: s.upSince, ...stats };
      // Not started on purpose (a tool process, API tests, shutting down): nothing is wrong.
      if (s.state === 'stopped') return { status: 'ok', detail: 'meetings server not started in this process', ...stats };
      return { status: 'degraded', detail: `meetings unavailable: ${s.detail ?? s.state}`, restarts: s.restarts, ...stats };
    },
    async start() {
      // A crash left stays open and recordings unfinished: close them before anyone joins.
      const cut = repo.recoverAfterCrash(d.clock.now().toISOString());
      for (const id of cut) d.onRecordingStopped?.(id);
      if (c.janus === 'off') return;
      if (janusPort === 0) janusPort = await freePort();
      await sfu.start();
    },
    async stop() {
      await rooms.closeAll().catch((err) => d.log.warn({ err }, 'closing meeting rooms failed'));
      await sfu.stop();
    },
    /** The Janus child process (tests kill it to check the restart). */
    janusProcess: () => adapter?.process ?? null,
  };
}
export type MeetingsLive = ReturnType<typeof createMeetingsLive>;

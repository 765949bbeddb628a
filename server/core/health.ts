// GET /api/health: the box's vital signs for IT and monitoring. Later issues add helper programs
// (Janus, LibreOffice, Gammu, restic) through registerCheck.
import { statfs } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { Sqlite } from '../db/client.js';

export type CheckStatus = 'ok' | 'degraded' | 'down';
export interface CheckResult {
  status: CheckStatus;
  detail?: string;
  [k: string]: unknown;
}
export type HealthCheck = () => Promise<CheckResult> | CheckResult;

const MIN_FREE_BYTES = 1024 ** 3; // below 1 GiB uploads and backups start failing

export function createHealth(sqlite: Sqlite, dataDir: string) {
  const checks = new Map<string, HealthCheck>();
  checks.set('db', () => {
    try {
      const row = sqlite.prepare('SELECT 1 AS ok').get() as { ok: number };
      return { status: row.ok === 1 ? 'ok' : 'down' };
    } catch (err) {
      return { status: 'down', detail: (err as Error).message };
    }
  });
  checks.set('disk', async () => {
    const s = await statfs(dataDir);
    const freeBytes = s.bavail * s.bsize;
    return freeBytes < MIN_FREE_BYTES ? { status: 'degraded', freeBytes, detail: 'less than 1 GiB free in the data directory' } : { status: 'ok', freeBytes };
  });
  return {
    registerCheck: (name: string, check: HealthCheck) => checks.set(name, check),
    async run() {
      const results: Record<string, CheckResult> = {};
      for (const [name, check] of checks) {
        try {
          results[name] = await check();
        } catch (err) {
          results[name] = { status: 'down', detail: (err as Error).message };
        }
      }
      const statuses = Object.values(results).map((r) => r.status);
      const status: CheckStatus = statuses.includes('down') ? 'down' : statuses.includes('degraded') ? 'degraded' : 'ok';
      return { status, checks: results };
    },
  };
}
export type Health = ReturnType<typeof createHealth>;

const Check = Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('down')]), detail: Type.Optional(Type.String()) }, { additionalProperties: true });

export const healthRoutes: FastifyPluginAsync<{ health: Health; version: string }> = async (app, { health, version }) => {
  app.get('/api/health', {
    config: { public: true },
    schema: {
      tags: ['ops'],
      summary: 'Health of the box: database, disk and helper programs',
      response: { 200: Type.Object({ status: Type.String(), version: Type.String(), checks: Type.Record(Type.String(), Check) }), 503: Type.Object({ status: Type.String(), version: Type.String(), checks: Type.Record(Type.String(), Check) }) },
    },
    handler: async (_req, reply) => {
      const result = await health.run();
      return reply.code(result.status === 'down' ? 503 : 200).send({ status: result.status, version, checks: result.checks });
    },
  });
};

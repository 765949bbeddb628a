// Idempotency-Key: a phone that retries a mutation (flaky Wi-Fi, offline outbox replay) gets the first
// answer again instead of doing the work twice. Keys are per user; only successful answers are stored.
import fp from 'fastify-plugin';
import type { Sqlite } from '../db/client.js';
import { createError } from '../lib/errors.js';

const keyMismatch = createError('IDEMPOTENCY_KEY_REUSED', 422, 'This Idempotency-Key was used for a different request');
const KEY_PATTERN = /^[\w-]{8,128}$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
}

export const idempotencyPlugin = fp<{ sqlite: Sqlite }>(async (app, { sqlite }) => {
  const find = sqlite.prepare('SELECT method, path, status, body FROM idempotency_keys WHERE user_id = ? AND key = ?');
  const save = sqlite.prepare(
    'INSERT OR IGNORE INTO idempotency_keys (user_id, key, method, path, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || request.method === 'GET' || !request.user) return;
    if (!KEY_PATTERN.test(key)) return;
    const path = request.url.split('?')[0]!;
    const stored = find.get(request.user.id, key) as { method: string; path: string; status: number; body: string } | undefined;
    if (stored) {
      if (stored.method !== request.method || stored.path !== path) throw keyMismatch();
      reply.header('idempotent-replayed', 'true');
      return reply.code(stored.status).type('application/json; charset=utf-8').send(stored.body);
    }
    request.idempotencyKey = key;
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.idempotencyKey || !request.user || reply.statusCode >= 300) return payload;
    if (typeof payload === 'string' || payload === null || payload === undefined) {
      save.run(request.user.id, request.idempotencyKey, request.method, request.url.split('?')[0], reply.statusCode, payload ?? '', new Date().toISOString());
    }
    return payload;
  });
});

export function pruneIdempotencyKeys(sqlite: Sqlite, before: Date): number {
  return sqlite.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(before.toISOString()).changes;
}

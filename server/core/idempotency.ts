// Idempotency-Key: a phone that retries a mutation (flaky Wi-Fi, offline outbox replay) gets the first
// answer again instead of doing the work twice. Keys are per user. A key is claimed before the work starts
// (status 0), so a parallel retry is told to wait instead of running it again; failures release the key.
// Routes whose answers hold secrets (initial passwords) set `config.idempotency = 'no-replay'`: a retry is
// refused rather than the secret kept in the database.
import fp from 'fastify-plugin';
import type { Sqlite } from '../db/client.js';
import { createError } from '../lib/errors.js';

const keyMismatch = createError('IDEMPOTENCY_KEY_REUSED', 422, 'This Idempotency-Key was used for a different request');
const inProgress = createError('IDEMPOTENCY_IN_PROGRESS', 409, 'The first request with this Idempotency-Key is still running');
const noReplay = createError('IDEMPOTENCY_ALREADY_DONE', 409, 'This request was already carried out; its answer held secrets and was not kept');
const KEY_PATTERN = /^[\w-]{8,128}$/;
const IN_PROGRESS = 0;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: string;
  }
  interface FastifyContextConfig {
    idempotency?: 'replay' | 'no-replay';
  }
}

export const idempotencyPlugin = fp<{ sqlite: Sqlite }>(async (app, { sqlite }) => {
  const find = sqlite.prepare('SELECT method, path, status, body FROM idempotency_keys WHERE user_id = ? AND key = ?');
  const claim = sqlite.prepare(
    'INSERT OR IGNORE INTO idempotency_keys (user_id, key, method, path, status, body, created_at) VALUES (?, ?, ?, ?, 0, \'\', ?)',
  );
  const finish = sqlite.prepare('UPDATE idempotency_keys SET status = ?, body = ? WHERE user_id = ? AND key = ?');
  const release = sqlite.prepare('DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND status = 0');

  app.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string' || request.method === 'GET' || !request.user || !KEY_PATTERN.test(key)) return;
    const path = request.url.split('?')[0]!;
    if (claim.run(request.user.id, key, request.method, path, new Date().toISOString()).changes === 1) {
      request.idempotencyKey = key;
      return;
    }
    const stored = find.get(request.user.id, key) as { method: string; path: string; status: number; body: string };
    if (stored.method !== request.method || stored.path !== path) throw keyMismatch();
    if (stored.status === IN_PROGRESS) throw inProgress(undefined, {}, { 'retry-after': '1' });
    if (request.routeOptions.config?.idempotency === 'no-replay') throw noReplay();
    reply.header('idempotent-replayed', 'true');
    return reply.code(stored.status).type('application/json; charset=utf-8').send(stored.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.idempotencyKey || !request.user) return payload;
    if (reply.statusCode >= 300) {
      release.run(request.user.id, request.idempotencyKey);
    } else {
      const keep = request.routeOptions.config?.idempotency !== 'no-replay' && (typeof payload === 'string' || payload == null);
      finish.run(reply.statusCode, keep ? (payload ?? '') : '', request.user.id, request.idempotencyKey);
    }
    return payload;
  });
});

export function pruneIdempotencyKeys(sqlite: Sqlite, before: Date): number {
  return sqlite.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').run(before.toISOString()).changes;
}

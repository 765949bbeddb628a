// The first test of every endpoint: without a session it answers 401 problem+json. Driven by the
// OpenAPI document, so a new route cannot forget it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from '../../helpers/app.js';

// The unsubscribe link in mail works without a session (its signature is the authority).
const PUBLIC = new Set(['GET /api/health', 'GET /api/setup/status', 'POST /api/setup', 'POST /api/auth/login', 'GET /api/gateway/unsubscribe', 'POST /api/gateway/unsubscribe', 'GET /api/meetings/feed/{file}']);

describe('every API route requires authentication unless it is public', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
  });
  afterAll(() => t.close());

  it('serves an OpenAPI 3 document listing the routes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, object> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/org/people', '/api/inbox', '/api/admin/audit']));
  });

  it('answers 401 UNAUTHENTICATED on every non-public route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    let checked = 0;
    for (const [route, methods] of Object.entries(doc.paths)) {
      for (const method of Object.keys(methods)) {
        const key = `${method.toUpperCase()} ${route}`;
        if (PUBLIC.has(key)) continue;
        const url = route.replace(/\{[^}]+\}/g, '01h0000000000000000000000a');
        const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url, payload: method === 'get' || method === 'delete' ? undefined : {} });
        expect(res.statusCode, key).toBe(401);
        expect(res.headers['content-type'], key).toMatch(/^application\/problem\+json/);
        expect(res.json().code, key).toBe('UNAUTHENTICATED');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(25);
  });

  it('refuses the websocket upgrade without a session', async () => {
    await expect(t.app.injectWS('/api/ws')).rejects.toThrow(/401/);
  });

  it('reports health without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { status: string; version: string; checks: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(body.checks.db!.status).toBe('ok');
    expect(body.checks.disk!.status).toMatch(/ok|degraded/);
  });

  it('answers unknown API paths with a 404 problem', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
  });
});

describe('the authentication checkpoint cannot be side-stepped', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp();
  });
  afterAll(() => t.close());

  it('treats percent-encoded API paths like the API (401, origin check)', async () => {
    for (const url of ['/%61pi/org/people', '/%61pi/admin/audit/export.csv', '/api/org/%70eople', '/%61pi/org/chart']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
    }
    const cross = await t.app.inject({ method: 'POST', url: '/%61pi/org/departments', headers: { origin: 'https://evil.example', host: 'box.local' }, payload: { name: 'x' } });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().code).toBe('ORIGIN_MISMATCH');
  });
});

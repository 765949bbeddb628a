import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, buildUrl, request, setUnauthorizedHandler } from './client';

function problem(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json', ...headers } });
}

afterEach(() => vi.unstubAllGlobals());

describe('api client', () => {
  it('turns problem+json into an ApiError with code, status, detail and extras', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => problem(423, { type: 'x', title: 'Locked', status: 423, code: 'ACCOUNT_LOCKED', requestId: 'r1', lockedUntil: '2030-01-01T00:00:00Z', retryAfterSeconds: 840 })));
    const err = (await request('POST', '/api/auth/login', { body: { a: 1 }, skipAuthRedirect: true }).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('ACCOUNT_LOCKED');
    expect(err.status).toBe(423);
    expect(err.requestId).toBe('r1');
    expect(err.extras).toEqual({ lockedUntil: '2030-01-01T00:00:00Z', retryAfterSeconds: 840 });
  });

  it('reports a network failure as code NETWORK, status 0', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const err = (await request('GET', '/api/auth/me').catch((e) => e)) as ApiError;
    expect(err.code).toBe('NETWORK');
    expect(err.isNetwork).toBe(true);
  });

  it('sends JSON with an Idempotency-Key when asked, and returns undefined for 204', async () => {
    const fetch = vi.fn(async (_url: string, _init: RequestInit) => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetch);
    await expect(request('POST', '/api/inbox/read-all', { body: {}, idempotencyKey: true })).resolves.toBeUndefined();
    const init = fetch.mock.calls[0]![1];
    const headers = init.headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers['Idempotency-Key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(init.credentials).toBe('same-origin');
  });

  it('calls the 401 handler unless told not to', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    vi.stubGlobal('fetch', vi.fn(async () => problem(401, { code: 'UNAUTHENTICATED', title: 'Sign-in required', status: 401 })));
    await request('GET', '/api/inbox').catch(() => undefined);
    await request('GET', '/api/auth/me', { skipAuthRedirect: true }).catch(() => undefined);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('builds query strings without empty values', () => {
    expect(buildUrl('/api/org/people', { q: '张', departmentId: '', cursor: null, limit: 50 })).toBe('/api/org/people?q=%E5%BC%A0&limit=50');
  });
});

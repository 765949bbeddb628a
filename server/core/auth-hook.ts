// One checkpoint for "who is this": every /api route needs a session unless its config says public.
// Also the CSRF defence: unsafe methods must come from our own origin.
import fp from 'fastify-plugin';
import type { FastifyRequest } from 'fastify';
import { createError } from '../lib/errors.js';
import { canAnywhere, type SessionResolver } from './request-context.js';

export const SESSION_COOKIE = 'xb_session';

const Errors = {
  unauthenticated: createError('UNAUTHENTICATED', 401, 'Sign-in required'),
  passwordChange: createError('PASSWORD_CHANGE_REQUIRED', 403, 'Change your password first'),
  totpEnrolment: createError('TOTP_ENROLMENT_REQUIRED', 403, 'Set up two-factor authentication first'),
  originMismatch: createError('ORIGIN_MISMATCH', 403, 'Cross-site request refused'),
  forbidden: createError('FORBIDDEN', 403, 'You do not have permission for this'),
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AuthHookOptions {
  resolver: SessionResolver;
  publicOrigins: string[];
}

function sameOrigin(request: FastifyRequest, origin: string, publicOrigins: string[]): boolean {
  if (publicOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function readSession(request: FastifyRequest, resolver: SessionResolver) {
  const token = request.cookies?.[SESSION_COOKIE];
  if (!token) return null;
  return resolver.resolve(token, { ip: request.ip, userAgent: request.headers['user-agent'] });
}

export const authHook = fp<AuthHookOptions>(async (app, opts) => {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    // Decide by the matched route, not the raw URL: the router decodes '/%61pi/…' to '/api/…'.
    const route = request.routeOptions.url;
    if (!(route ?? request.url).startsWith('/api/')) return;
    const origin = request.headers.origin;
    // Websocket handshakes are GETs but carry the session too: same rule (no cross-site socket hijacking).
    const guarded = UNSAFE.has(request.method) || request.headers.upgrade?.toLowerCase() === 'websocket';
    if (guarded && origin && !sameOrigin(request, origin, opts.publicOrigins)) {
      throw Errors.originMismatch(`Origin ${origin} is not this server`);
    }
    if (UNSAFE.has(request.method) && !origin && request.headers['sec-fetch-site'] === 'cross-site') {
      throw Errors.originMismatch('Cross-site request');
    }
    request.user = readSession(request, opts.resolver);
    // Authentication is decided before body validation: without a session every route answers 401.
    const config = request.routeOptions.config;
    if (config?.public || request.is404) return;
    const user = request.user;
    if (!user) throw Errors.unauthenticated();
    if (!config?.onboarding) {
      if (user.mustChangePassword) throw Errors.passwordChange();
      if (user.mustEnrollTotp) throw Errors.totpEnrolment();
    }
    if (config?.permission && !canAnywhere(user, config.permission)) throw Errors.forbidden();
  });
});

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { perUser } from '../../core/rate-limits.js';
import { SESSION_COOKIE } from '../../core/auth-hook.js';
import type { OrgService } from '../org/index.js';
import type { AuthService } from './auth.service.js';
import { LoginBody, Me, MePatch, PasswordChange, PasswordOnly, SessionView, TotpCode, TotpSetup } from './auth.dto.js';

export interface AuthRouteOptions {
  auth: AuthService;
  org: OrgService;
  secureCookies: boolean;
  loginRatePerMinute: number;
}

export function setSessionCookie(reply: FastifyReply, token: string, maxAgeSeconds: number, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: maxAgeSeconds });
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRouteOptions> = async (app, { auth, org, secureCookies, loginRatePerMinute }) => {
  const tags = ['auth'];
  const meta = (req: { ip: string; headers: { 'user-agent'?: string } }) => ({ ip: req.ip, userAgent: req.headers['user-agent'] });

  app.post('/api/auth/login', {
    config: { public: true, rateLimit: { max: loginRatePerMinute, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Sign in with username and password (+ TOTP code when enabled)', body: LoginBody, response: { 200: Me } },
    handler: async (req, reply) => {
      const session = await auth.login(req.body, meta(req));
      setSessionCookie(reply, session.token, session.maxAgeSeconds, secureCookies);
      const user = auth.resolver().resolve(session.token, meta(req))!;
      return auth.me(user);
    },
  });

  app.post('/api/auth/logout', {
    config: { onboarding: true },
    schema: { tags, response: { 204: Type.Null() } },
    handler: async (req, reply) => {
      auth.logout(req.user!, meta(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  });

  app.get('/api/auth/me', {
    config: { onboarding: true },
    schema: { tags, summary: 'The signed-in user, permissions and what they must do first', response: { 200: Me } },
    handler: async (req) => auth.me(req.user!),
  });

  app.patch('/api/auth/me', {
    config: { onboarding: true },
    schema: { tags, body: MePatch, response: { 200: Me } },
    handler: async (req) => {
      const user = req.user!;
      org.updateOwnProfile(user.id, req.body);
      return auth.me(auth.resolver().resolve(req.cookies[SESSION_COOKIE]!, meta(req))!);
    },
  });

  app.post('/api/auth/password', {
    config: { onboarding: true, rateLimit: perUser(10) },
    schema: { tags, body: PasswordChange, response: { 204: Type.Null() } },
    handler: async (req, reply) => {
      await auth.changePassword(req.user!, req.body, meta(req));
      return reply.code(204).send(null);
    },
  });

  app.post('/api/auth/totp/setup', {
    config: { onboarding: true },
    schema: { tags, summary: 'Start 2FA enrolment: a new secret and its QR code', response: { 200: TotpSetup } },
    handler: async (req) => auth.totpSetup(req.user!),
  });
  app.post('/api/auth/totp/enable', {
    config: { onboarding: true, rateLimit: perUser(10) },
    schema: { tags, body: TotpCode, response: { 200: Me } },
    handler: async (req) => {
      auth.totpEnable(req.user!, req.body.code, meta(req));
      return auth.me(auth.resolver().resolve(req.cookies[SESSION_COOKIE]!, meta(req))!);
    },
  });
  app.post('/api/auth/totp/disable', {
    schema: { tags, body: PasswordOnly, response: { 200: Me } },
    handler: async (req) => {
      await auth.totpDisable(req.user!, req.body.password, meta(req));
      return auth.me(auth.resolver().resolve(req.cookies[SESSION_COOKIE]!, meta(req))!);
    },
  });

  app.get('/api/auth/sessions', {
    config: { onboarding: true },
    schema: { tags, response: { 200: Type.Object({ items: Type.Array(SessionView) }) } },
    handler: async (req) => ({ items: auth.listSessions(req.user!) }),
  });
  app.delete('/api/auth/sessions/:id', {
    config: { onboarding: true },
    schema: { tags, params: Type.Object({ id: Type.String({ maxLength: 40 }) }), response: { 204: Type.Null() } },
    handler: async (req, reply) => {
      auth.revokeOwnSession(req.user!, req.params.id, meta(req));
      return reply.code(204).send(null);
    },
  });
  app.post('/api/auth/sessions/revoke-others', {
    config: { onboarding: true },
    schema: { tags, response: { 200: Type.Object({ revoked: Type.Integer() }) } },
    handler: async (req) => ({ revoked: auth.revokeOtherSessions(req.user!, meta(req)) }),
  });
};

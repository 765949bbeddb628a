import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AuditService } from '../audit/index.js';
import { Me, setSessionCookie, type AuthService } from '../auth/index.js';
import { PERMISSIONS } from '../org/index.js';
import { SchoolSettings, SchoolSettingsPatch, type SettingsService } from '../settings/index.js';
import { SetupBody, SetupStatus } from './admin.dto.js';
import type { SetupService } from './admin.setup.js';

export interface AdminRouteOptions {
  setup: SetupService;
  settings: SettingsService;
  auth: AuthService;
  audit: AuditService;
  secureCookies: boolean;
}

export const adminRoutes: FastifyPluginAsyncTypebox<AdminRouteOptions> = async (app, { setup, settings, auth, audit, secureCookies }) => {
  app.get('/api/setup/status', {
    config: { public: true },
    schema: { tags: ['setup'], summary: 'Does this box still need its first administrator?', response: { 200: SetupStatus } },
    handler: async () => setup.status(),
  });

  app.post('/api/setup', {
    config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags: ['setup'], summary: 'First-run: school name, time zone and the first administrator', body: SetupBody, response: { 201: Me } },
    handler: async (req, reply) => {
      const meta = { ip: req.ip, userAgent: req.headers['user-agent'] };
      const { session } = await setup.run(req.body, meta);
      setSessionCookie(reply, session.token, session.maxAgeSeconds, secureCookies);
      return reply.code(201).send(auth.me(auth.resolver().resolve(session.token, meta)!));
    },
  });

  app.get('/api/admin/settings', {
    config: { permission: PERMISSIONS.adminAccess },
    schema: { tags: ['admin'], response: { 200: SchoolSettings } },
    handler: async () => settings.get(),
  });

  app.patch('/api/admin/settings', {
    config: { permission: PERMISSIONS.settingsManage },
    schema: { tags: ['admin'], body: SchoolSettingsPatch, response: { 200: SchoolSettings } },
    handler: async (req) => {
      const { settings: next, changed } = settings.update(req.body, req.user!.id);
      if (changed.length) {
        audit.record({ event: 'admin.settings.changed', actor: req.user, ip: req.ip, target: { type: 'settings', id: 'school' }, details: Object.fromEntries(changed.map((k) => [k, next[k as keyof typeof next]])) });
      }
      return next;
    },
  });
};

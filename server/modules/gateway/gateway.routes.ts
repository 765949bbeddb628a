// Routes of the delivery ladder: a person's channel preferences and quiet hours, the one-click unsubscribe
// link of non-urgent mail, and the admin's configuration, dashboard and "send test".
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AuditService } from '../audit/index.js';
import { PERMISSIONS, type OrgService } from '../org/index.js';
import { ChannelError } from './gateway.channels.js';
import type { GatewayConfigStore } from './gateway.config.js';
import { CATEGORY_LABELS, CHANNELS, Category, DeliveryPrefs, GatewayConfig, GatewayConfigView, GatewayDashboard, MyDeliveryPrefs, SendTestInput, SendTestResult } from './gateway.dto.js';
import { GatewayErrors } from './gateway.errors.js';
import type { Gateway } from './gateway.service.js';

export const gatewayRoutes: FastifyPluginAsyncTypebox<{ gateway: Gateway; config: GatewayConfigStore }> = async (app, { gateway }) => {
  const tags = ['delivery'];

  function mine(userId: string): MyDeliveryPrefs {
    const enabled = gateway.enabledChannels();
    const reach = gateway.reachable(userId);
    const push = gateway.channel('webpush');
    return {
      prefs: gateway.prefs(userId),
      channels: CHANNELS.map((channel) => ({ channel, enabled: enabled.has(channel), reachable: reach.has(channel) })),
      pushDevices: push?.devices?.(userId) ?? 0,
    };
  }

  app.get('/api/me/delivery', {
    schema: { tags, summary: 'My channels, preferences per category and quiet hours', response: { 200: MyDeliveryPrefs } },
    handler: async (req) => mine(req.user!.id),
  });

  app.put('/api/me/delivery/prefs', {
    schema: { tags, summary: 'Save my preferences (urgent messages ignore opt-outs and quiet hours)', body: DeliveryPrefs, response: { 200: MyDeliveryPrefs } },
    handler: async (req) => {
      gateway.savePrefs(req.user!.id, req.body);
      return mine(req.user!.id);
    },
  });

  // RFC 8058: mail clients POST "List-Unsubscribe=One-Click"; a person clicking the link gets a GET.
  const UnsubscribeQuery = Type.Object({ u: Type.String({ pattern: '^[0-9a-z]{26}$' }), c: Category, s: Type.String({ maxLength: 64 }) });
  const unsubscribe = (q: { u: string; c: Category; s: string }) => {
    if (!gateway.unsubscribe(q.u, q.c, q.s)) throw GatewayErrors.badUnsubscribe();
  };
  await app.register(async (plugin) => {
    const oneClick = plugin.withTypeProvider<TypeBoxTypeProvider>();
    // Mail providers POST the form "List-Unsubscribe=One-Click" (urlencoded or multipart, RFC 8058 §3.1); the
    // link itself says who and what, so the body is read and dropped.
    oneClick.addContentTypeParser(['application/x-www-form-urlencoded', 'multipart/form-data'], { parseAs: 'string', bodyLimit: 4096 }, (_req, _body, done) => done(null, undefined));
    oneClick.post('/api/gateway/unsubscribe', {
      config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: { tags, summary: 'One-click unsubscribe (RFC 8058)', querystring: UnsubscribeQuery, response: { 204: Type.Null() } },
      handler: async (req, reply) => {
        unsubscribe(req.query);
        return reply.code(204).send(null);
      },
    });
  });
  app.get('/api/gateway/unsubscribe', {
    config: { public: true, rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Unsubscribe link in mail: turns email off for that category', querystring: UnsubscribeQuery },
    handler: async (req, reply) => {
      unsubscribe(req.query);
      const label = CATEGORY_LABELS[req.query.c]['zh-CN'];
      return reply
        .type('text/html; charset=utf-8')
        .send(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>已退订</title><body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.6"><h1 style="font-size:1.3rem">已退订“${label}”邮件</h1><p>此类消息不再发送邮件，应用内消息和紧急通知不受影响。可在“我的 › 消息通知”中重新开启。</p><p lang="en" style="color:#666">You will no longer get email about this. Urgent notices still reach you. Change it under Profile › Notifications.</p></body></html>`);
    },
  });
};


export const gatewayAdminRoutes: FastifyPluginAsyncTypebox<{ gateway: Gateway; config: GatewayConfigStore; audit: AuditService; org: OrgService }> = async (
  app,
  { gateway, config, audit, org },
) => {
  const tags = ['admin'];
  const permission = PERMISSIONS.gatewayManage;

  app.get('/api/admin/gateway', {
    config: { permission },
    schema: { tags, summary: 'Channel configuration (secrets are never returned)', response: { 200: GatewayConfigView } },
    handler: async () => config.view(),
  });

  app.put('/api/admin/gateway', {
    config: { permission },
    schema: { tags, summary: 'Save the channel configuration; omitted secrets keep their value', body: GatewayConfig, response: { 200: GatewayConfigView } },
    handler: async (req) => {
      const c = req.body;
      if (c.smtp.enabled && (!c.smtp.host || !c.smtp.fromAddress)) throw GatewayErrors.badConfig('SMTP needs a host and a sender address', { field: 'smtp' });
      if (c.sms.mode === 'http' && !/^https?:\/\//.test(c.sms.http.url)) throw GatewayErrors.badConfig('The SMS provider needs an http(s) URL', { field: 'sms.http.url' });
      if (c.sms.mode === 'gammu' && !c.sms.gammu.device) throw GatewayErrors.badConfig('The modem needs a device', { field: 'sms.gammu.device' });
      const changed = config.update(c, req.user!.id);
      if (changed.length) audit.record({ event: 'admin.gateway.changed', actor: req.user, ip: req.ip, target: { type: 'settings', id: 'gateway' }, details: { changed } });
      await gateway.configChanged();
      return config.view();
    },
  });

  app.get('/api/admin/gateway/dashboard', {
    config: { permission },
    schema: { tags, summary: 'Sent/failed per channel per day, queues with ETA, the modem', querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90, default: 14 })) }), response: { 200: GatewayDashboard } },
    handler: async (req) => gateway.dashboard(req.query.days ?? 14),
  });

  app.post('/api/admin/gateway/test', {
    config: { permission, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Send a test message on one channel (to me, or to the given address)', body: SendTestInput, response: { 200: SendTestResult } },
    handler: async (req) => {
      const { channel: name, to } = req.body;
      const channel = gateway.channel(name);
      if (!channel || !channel.enabled()) throw GatewayErrors.channelOff(`${name} is not configured`, { channel: name });
      const me = req.user!.id;
      if (!to && !channel.reachable([me]).has(me)) throw GatewayErrors.noAddress(name === 'webpush' ? 'Turn on notifications on this device first' : `Your profile has no ${name === 'sms' ? 'mobile number' : 'email address'}`, { channel: name });
      let result: { ok: boolean; status: string; detail: string | null };
      try {
        const outcome = await channel.send(gateway.testMessage(me, name, to));
        result = { ok: true, status: outcome.status, detail: outcome.detail ?? outcome.ref ?? null };
      } catch (err) {
        result = { ok: false, status: err instanceof ChannelError ? err.kind : 'error', detail: err instanceof Error ? err.message : String(err) };
      }
      audit.record({ event: 'admin.gateway.test', actor: req.user, ip: req.ip, target: { type: 'channel', id: name, name: to ?? org.person(me)?.displayName ?? me }, details: { ok: result.ok, status: result.status } });
      return result;
    },
  });
};

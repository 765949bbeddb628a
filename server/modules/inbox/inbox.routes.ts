import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { InboxItem, InboxPage, InboxQuery, UnreadCount } from './inbox.dto.js';
import type { InboxService } from './inbox.service.js';

export const inboxRoutes: FastifyPluginAsyncTypebox<{ inbox: InboxService }> = async (app, { inbox }) => {
  const tags = ['inbox'];
  app.get('/api/inbox', {
    schema: { tags, summary: 'My notifications, newest first', querystring: InboxQuery, response: { 200: InboxPage } },
    handler: async (req) => inbox.list(req.user!.id, req.query),
  });
  app.get('/api/inbox/unread-count', {
    schema: { tags, response: { 200: UnreadCount } },
    handler: async (req) => ({ unread: inbox.unreadCount(req.user!.id) }),
  });
  app.post('/api/inbox/:id/read', {
    schema: { tags, params: Type.Object({ id: Type.String({ pattern: '^[0-9a-z]{26}$' }) }), response: { 200: InboxItem } },
    handler: async (req) => inbox.markRead(req.user!.id, req.params.id),
  });
  app.post('/api/inbox/read-all', {
    schema: { tags, response: { 200: UnreadCount } },
    handler: async (req) => {
      inbox.markAllRead(req.user!.id);
      return { unread: 0 };
    },
  });
  app.post('/api/inbox/seen', {
    schema: { tags, body: Type.Optional(Type.Object({ ids: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-z]{26}$' }), { maxItems: 200 })) }, { additionalProperties: false })), response: { 204: Type.Null() } },
    handler: async (req, reply) => {
      inbox.markSeen(req.user!.id, req.body?.ids);
      return reply.code(204).send(null);
    },
  });
};

// GET /api/ws: the one websocket per client. The auth hook has already resolved the session from the
// cookie before the upgrade; an unauthenticated upgrade is answered 401 like any other API request.
import type { FastifyPluginAsync } from 'fastify';
import type { RealtimeHub } from './realtime.hub.js';

export const realtimeRoutes: FastifyPluginAsync<{ hub: RealtimeHub }> = async (app, { hub }) => {
  app.get('/api/ws', { websocket: true, config: { onboarding: true }, schema: { hide: true } }, (socket, request) => {
    hub.attach(socket, { id: request.user!.id, sessionId: request.user!.sessionId });
  });
};

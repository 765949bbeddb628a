// Rate limits. Sign-in is limited per address (there is no user yet); everything behind a session is
// limited per user, because a whole staff room may share one address behind the school's Wi-Fi NAT.
import type { FastifyRequest } from 'fastify';

export function perUser(max: number, timeWindow = '1 minute') {
  return {
    max,
    timeWindow,
    hook: 'preHandler' as const, // after the auth checkpoint has set request.user
    keyGenerator: (request: FastifyRequest) => (request.user ? `user:${request.user.id}` : `ip:${request.ip}`),
  };
}

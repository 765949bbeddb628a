import fp from 'fastify-plugin';

/** Conservative headers for every answer; the PWA needs nothing from other origins. */
export const securityHeaders = fp<{ hsts: boolean }>(async (app, { hsts }) => {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    reply.header('permissions-policy', 'camera=(self), microphone=(self), display-capture=(self), geolocation=()');
    reply.header(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    );
    if (hsts) reply.header('strict-transport-security', 'max-age=15552000');
    return payload;
  });
});

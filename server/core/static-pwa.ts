// Serves the built PWA: hashed assets cached forever, the service worker and the shell never cached,
// and every non-API path falls back to the shell so deep links work.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export const staticPwa: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  if (!existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ event: 'pwa.missing', root }, 'PWA build not found; run npm run build:pwa');
    return;
  }
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    setHeaders(res, filePath) {
      const name = path.basename(filePath);
      if (/\/assets\//.test(filePath) && /-[\w-]{8,}\.\w+$/.test(name)) res.header('cache-control', 'public, max-age=31536000, immutable');
      else res.header('cache-control', 'no-cache');
      if (name === 'sw.js') res.header('service-worker-allowed', '/');
    },
  });
  app.get('/*', { schema: { hide: true }, config: { public: true } }, async (request, reply) => {
    const url = request.url.split('?')[0]!;
    if (url.startsWith('/api/')) return reply.callNotFound();
    const file = path.join(root, path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (file.startsWith(root) && path.extname(url) && existsSync(file)) return reply.sendFile(path.relative(root, file));
    if (path.extname(url) && !url.endsWith('.html')) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
};

// The plain-HTTP listener (XB_HTTP_PORT): a separate tiny Fastify instance that sends everyone to HTTPS,
// except the certificate download page (/ca, /ca.crt, /ca.pem, /ca.mobileconfig) that a phone must reach
// *before* it trusts the box.
import os from 'node:os';
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { Config } from '../../config/config.js';
import type { PreparedTls } from './tls.js';
import { sha256Fingerprint } from './tls.pem.js';
import { detectPlatform, renderCaPage, renderMobileconfig, type Lang } from './tls.ca-page.js';

export interface HttpServerHandle {
  close(): Promise<void>;
  port: number;
}

export interface HttpServerOptions {
  /** The HTTPS port actually bound (when XB_HTTPS_PORT=0 picks a random one). Default: config.httpsPort. */
  httpsPort?: number;
  /** Interfaces for the QR code when the page is opened on the box itself (tests pin them). */
  interfaces?: ReturnType<typeof os.networkInterfaces>;
}

const CA_PATHS = new Set(['/ca', '/ca/', '/ca.crt', '/ca.pem', '/ca.mobileconfig']);

const PAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'cache-control': 'no-store',
};

interface HostPort {
  hostname: string; // IPv6 without brackets
  port?: number;
}

/** Parse a Host header strictly: a DNS name, IPv4, or [IPv6], optional port. Anything else → null. */
export function parseHostHeader(value: string | undefined): HostPort | null {
  if (!value) return null;
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9._-]+))(?::(\d{1,5}))?$/.exec(value.trim());
  if (!m) return null;
  const hostname = (m[1] ?? m[2]!).toLowerCase();
  if (m[1] && net.isIPv6(hostname) === false) return null;
  const port = m[3] ? Number(m[3]) : undefined;
  if (port !== undefined && (port < 1 || port > 65535)) return null;
  return { hostname, port };
}

function hostForUrl(hostname: string): string {
  return net.isIPv6(hostname) ? `[${hostname}]` : hostname;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '::1' || hostname.startsWith('127.');
}

function firstLanIPv4(interfaces: ReturnType<typeof os.networkInterfaces>): string | undefined {
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  }
  return undefined;
}

export async function startHttpServer(
  config: Config,
  tls: PreparedTls,
  log?: FastifyBaseLogger,
  opts: HttpServerOptions = {},
): Promise<HttpServerHandle> {
  const httpsPort = opts.httpsPort ?? config.httpsPort;
  const publicHttps = config.publicUrl?.startsWith('https://') ? config.publicUrl.replace(/\/$/, '') : undefined;
  const local = tls.source === 'local-ca' && tls.caCertDer && tls.caCertPem
    ? (() => {
        const cert = new X509Certificate(tls.caCertDer);
        return {
          der: tls.caCertDer,
          pem: tls.caCertPem,
          fingerprint: sha256Fingerprint(tls.caCertDer),
          name: /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)?.[1] ?? 'xiaoban Local CA',
          notAfter: new Date(cert.validTo),
        };
      })()
    : null;
  const mobileconfig = local ? renderMobileconfig(local.der, local.name, local.fingerprint) : null;

  const app = Fastify({
    ...(log ? { loggerInstance: log.child({ component: 'http' }) } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: true,
    bodyLimit: 1024,
  });
  let boundPort = 0;

  /** https://<same host>:<httpsPort><path>, or XB_PUBLIC_URL when it is an https URL. */
  const httpsUrlFor = (req: FastifyRequest, path: string): string | null => {
    if (publicHttps) return publicHttps + path;
    const host = parseHostHeader(req.headers.host);
    if (!host) return null;
    return `https://${hostForUrl(host.hostname)}${httpsPort === 443 ? '' : `:${httpsPort}`}${path}`;
  };

  /** Absolute http URL of /ca.crt for the QR code: a name another device can reach, never "localhost". */
  const crtUrlFor = (req: FastifyRequest): string => {
    let hostname: string | undefined;
    if (config.publicUrl) hostname = new URL(config.publicUrl).hostname.replace(/^\[|\]$/g, '');
    const header = parseHostHeader(req.headers.host);
    if (!hostname && header && !isLoopback(header.hostname)) hostname = header.hostname;
    hostname ??= firstLanIPv4(opts.interfaces ?? os.networkInterfaces()) ?? header?.hostname ?? '127.0.0.1';
    return `http://${hostForUrl(hostname)}${boundPort === 80 ? '' : `:${boundPort}`}/ca.crt`;
  };

  const qrCache = new Map<string, string>();
  const qrSvg = async (text: string): Promise<string> => {
    let svg = qrCache.get(text);
    if (!svg) {
      svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      svg = svg.replace('<svg ', '<svg aria-hidden="true" focusable="false" ');
      if (qrCache.size > 32) qrCache.clear();
      qrCache.set(text, svg);
    }
    return svg;
  };

  // Everything that is not the certificate page goes to HTTPS — decided before any body is read.
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (CA_PATHS.has(path) && (req.method === 'GET' || req.method === 'HEAD')) return;
    return redirect(req, reply);
  });
  const redirect = (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.startsWith('/') ? req.url : '/';
    const target = httpsUrlFor(req, path);
    if (!target) return reply.code(400).type('text/plain; charset=utf-8').send('Bad Host header / 请求的主机名无效\n');
    return reply
      .code(req.method === 'GET' || req.method === 'HEAD' ? 301 : 308)
      .header('location', target)
      .header('cache-control', 'no-store')
      .send();
  };
  app.setNotFoundHandler(redirect);

  const page = async (req: FastifyRequest<{ Querystring: { lang?: string } }>, reply: FastifyReply) => {
    const lang: Lang = req.query.lang === 'en' ? 'en' : 'zh';
    const httpsUrl = httpsUrlFor(req, '/') ?? (publicHttps ? `${publicHttps}/` : `https://localhost:${httpsPort}/`);
    const html = renderCaPage({
      lang,
      platform: detectPlatform(req.headers['user-agent']),
      httpsUrl,
      local: local
        ? { fingerprint: local.fingerprint, caName: local.name, notAfter: local.notAfter, crtUrl: crtUrlFor(req), qrSvg: await qrSvg(crtUrlFor(req)) }
        : null,
    });
    return reply.headers(PAGE_HEADERS).header('vary', 'user-agent').type('text/html; charset=utf-8').send(html);
  };
  app.get('/ca', page);
  app.get('/ca/', page);

  const noLocalCa = (reply: FastifyReply) =>
    reply.code(404).headers(PAGE_HEADERS).type('text/plain; charset=utf-8')
      .send('本校使用正式证书，无需安装。This school uses its own certificate: nothing to install.\n');

  app.get('/ca.crt', async (_req, reply) => {
    if (!local) return noLocalCa(reply);
    return reply.headers(PAGE_HEADERS)
      .header('content-type', 'application/x-x509-ca-cert')
      .header('content-disposition', 'attachment; filename="xiaoban-ca.crt"')
      .send(local.der);
  });
  app.get('/ca.pem', async (_req, reply) => {
    if (!local) return noLocalCa(reply);
    return reply.headers(PAGE_HEADERS)
      .header('content-type', 'application/x-pem-file')
      .header('content-disposition', 'attachment; filename="xiaoban-ca.pem"')
      .send(local.pem);
  });
  app.get('/ca.mobileconfig', async (_req, reply) => {
    if (!mobileconfig) return noLocalCa(reply);
    return reply.headers(PAGE_HEADERS)
      .header('content-type', 'application/x-apple-aspen-config')
      .header('content-disposition', 'attachment; filename="xiaoban-ca.mobileconfig"')
      .send(mobileconfig);
  });

  await app.listen({ host: config.host, port: config.httpPort });
  boundPort = (app.server.address() as AddressInfo).port;
  return { port: boundPort, close: () => app.close() };
}

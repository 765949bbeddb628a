// Starting and stopping the box: TLS material, the HTTPS app, the HTTP side (redirect + CA page),
// a banner that tells the person at the console where to go, and a graceful shutdown.
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type https from 'node:https';
import type { Config } from './config/config.js';
import type { buildApp as BuildApp } from './app.js';
import { caFingerprint, prepareTls, startHttpServer, startTlsRenewal } from './core/tls/index.js';
import { DEMO_PASSWORD } from './modules/admin/index.js';

function lanAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && !a.internal && a.family === 'IPv4')
    .map((a) => a.address);
}

export async function startServer(config: Config, buildApp: typeof BuildApp) {
  const bootLog = (await import('pino')).default({ level: config.logLevel });
  const tls = config.tls.enabled ? await prepareTls(config, bootLog) : null;
  // Links in mail and SMS need an address other devices reach (XB_PUBLIC_URL wins when set).
  const loopbackOnly = /^(127\.|::1$|localhost$)/.test(config.host);
  const baseHost = loopbackOnly ? 'localhost' : lanAddresses()[0] ?? 'localhost';
  const app = await buildApp(config, { baseHost, ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}) });
  const port = config.tls.enabled ? config.httpsPort : config.httpPort;
  await app.listen({ host: config.host, port });
  const actualPort = (app.server.address() as AddressInfo).port;
  const httpSide = tls ? await startHttpServer(config, tls, app.log, { httpsPort: actualPort }) : null;
  const stopRenewal = tls ? startTlsRenewal(config, app.server as https.Server, tls, app.log) : () => {};

  const scheme = tls ? 'https' : 'http';
  const hosts = config.publicUrl ? [config.publicUrl] : [...lanAddresses(), 'localhost'].map((h) => `${scheme}://${h}:${actualPort}`);
  const lines = ['', '  校办 xiaoban is running', ...hosts.map((h) => `    ${h}`)];
  if (tls && httpSide && tls.caCertPem) {
    lines.push('', `  Install the school certificate (安装证书): http://${lanAddresses()[0] ?? 'localhost'}:${httpSide.port}/ca`, `    SHA-256 ${caFingerprint(tls.caCertPem)}`);
  }
  const { org } = app.services;
  if (config.demo && org.userByUsername('admin')) {
    lines.push('', '  Demo school (演示学校) — first administrator:', `    username 用户名: admin`, `    password 密码:   ${DEMO_PASSWORD}`, `    every demo account uses the same password, e.g. t2012001 (校长 周振华)`);
  } else if (!org.hasAdmin()) {
    lines.push('', '  First start: open the address above to run the setup wizard (首次使用请打开上面的地址完成设置).');
  }
  console.log(lines.join('\n') + '\n');

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ event: 'server.stopping', signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    stopRenewal();
    await httpSide?.close();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return { app, httpSide };
}

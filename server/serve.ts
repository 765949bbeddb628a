// Starting and stopping the box: TLS material, the HTTPS app, the HTTP side (redirect + CA page),
// a banner that tells the person at the console where to go, and a graceful shutdown.
import os from 'node:os';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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
  let running = await boot(config, buildApp, () => void restart());
  let closing = false;
  let restarting: Promise<void> | null = null;

  // A verified whole-box restore asks for this: close everything, then boot again (buildApp swaps the
  // restored data in before it opens the database). Same process, same ports; no supervisor needed.
  const restart = () => {
    restarting ??= (async () => {
      running.app.log.warn({ event: 'server.restarting' }, 'restarting to apply a whole-box restore');
      await running.stop();
      running = await boot(config, buildApp, () => void restart());
      restarting = null;
    })().catch((err: unknown) => {
      console.error('xiaoban: restart failed', err);
      process.exit(1);
    });
    return restarting;
  };

  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    running.app.log.info({ event: 'server.stopping', signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    if (restarting) await restarting;
    await running.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  return {
    get app() {
      return running.app;
    },
    get httpSide() {
      return running.httpSide;
    },
  };
}

async function boot(config: Config, buildApp: typeof BuildApp, onRestartRequested: () => void) {
  const bootLog = (await import('pino')).default({ level: config.logLevel });
  const tls = config.tls.enabled ? await prepareTls(config, bootLog) : null;
  // Links in mail and SMS need an address other devices reach (XB_PUBLIC_URL wins when set).
  const loopbackOnly = /^(127\.|::1$|localhost$)/.test(config.host);
  const baseHost = loopbackOnly ? 'localhost' : lanAddresses()[0] ?? 'localhost';
  const app = await buildApp(config, { baseHost, onRestartRequested, ...(tls ? { https: { key: tls.key, cert: tls.cert } } : {}) });
  const port = config.tls.enabled ? config.httpsPort : config.httpPort;
  await app.listen({ host: config.host, port });
  const actualPort = (app.server.address() as AddressInfo).port;
  const httpSide = tls ? await startHttpServer(config, tls, app.log, { httpsPort: actualPort }) : null;
  const stopRenewal = tls ? startTlsRenewal(config, app.server as https.Server, tls, app.log) : () => {};
  // `xb backup restore` refuses to swap data under a running server: it looks for this file's pid.
  const pidFile = path.join(config.dataDir, 'run', 'server.pid');
  mkdirSync(path.dirname(pidFile), { recursive: true });
  writeFileSync(pidFile, String(process.pid));

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

  return {
    app,
    httpSide,
    async stop() {
      stopRenewal();
      await httpSide?.close();
      await app.close();
      rmSync(pidFile, { force: true });
    },
  };
}

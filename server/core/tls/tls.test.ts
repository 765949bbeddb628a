import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import tls from 'node:tls';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { testConfig, type Config } from '../../config/config.js';
import { prepareTls, caFingerprint, type PreparedTls } from './tls.js';
import { collectSans, SERVER_CERT_FILE, SERVER_SAN_FILE } from './tls.server-cert.js';
import { startHttpServer, parseHostHeader, type HttpServerHandle } from './tls.http-server.js';
import { escapeHtml, renderCaPage } from './tls.ca-page.js';

const DAY = 86_400_000;
const pinned = {
  hostname: 'xb-box',
  interfaces: {
    lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
    eth0: [
      { address: '192.168.50.10', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '192.168.50.10/24' },
      { address: 'fd00::10', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: 'fd00::10/64', scopeid: 0 },
    ],
  } as ReturnType<typeof os.networkInterfaces>,
};

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'xb-tls-'));
  dirs.push(d);
  return d;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function cfg(dataDir: string, extra: Partial<Config> = {}): Config {
  const base = testConfig({ dataDir });
  return { ...base, host: '127.0.0.1', httpPort: 0, httpsPort: 8443, publicUrl: undefined, ...extra, tls: { ...base.tls, enabled: true, extraHostnames: [], ...extra.tls } };
}

describe('local CA and server certificate', () => {
  it('creates the CA once (key 0600) and reuses it on the next start', async () => {
    const dataDir = await tempDir();
    const first = await prepareTls(cfg(dataDir), undefined, { sanSources: pinned });
    expect(first.source).toBe('local-ca');
    const keyStat = await stat(path.join(dataDir, 'tls', 'ca.key.pem'));
    expect(keyStat.mode & 0o777).toBe(0o600);
    const ca = new X509Certificate(first.caCertPem!);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toContain('xiaoban 校办 Local CA — ');
    const years = (new Date(ca.validTo).getTime() - new Date(ca.validFrom).getTime()) / (365.25 * DAY);
    expect(years).toBeGreaterThan(9.9);
    expect(new X509Certificate(first.caCertDer!).fingerprint256).toBe(ca.fingerprint256);

    const second = await prepareTls(cfg(dataDir), undefined, { sanSources: pinned });
    expect(second.caCertPem).toBe(first.caCertPem);
    expect(second.cert).toBe(first.cert); // nothing changed: no re-issue
    expect(second.key).toBe(first.key);
    expect(caFingerprint(second.caCertPem!)).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('issues a server certificate that chains to the CA, with the right SANs, EKU and validity', async () => {
    const dataDir = await tempDir();
    const t = await prepareTls(cfg(dataDir, { publicUrl: 'https://xb.school.example', tls: { enabled: true, extraHostnames: ['oa.school.lan', '10.1.2.3'] } }), undefined, { sanSources: pinned });
    const leaf = new X509Certificate(t.cert);
    const ca = new X509Certificate(t.caCertPem!);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    const san = leaf.subjectAltName ?? '';
    for (const want of ['DNS:localhost', 'DNS:xb-box', 'DNS:xb-box.local', 'DNS:xb.school.example', 'DNS:oa.school.lan', 'IP Address:127.0.0.1', 'IP Address:192.168.50.10', 'IP Address:10.1.2.3']) {
      expect(san).toContain(want);
    }
    expect(san).toMatch(/IP Address:(::1|0:0:0:0:0:0:0:1)\b/);
    expect(san).toMatch(/IP Address:(fd00::10|FD00:0:0:0:0:0:0:10)/i);
    const days = (new Date(leaf.validTo).getTime() - new Date(leaf.validFrom).getTime()) / DAY;
    expect(days).toBeLessThanOrEqual(397);
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
  });

  it('the real machine SAN set includes loopback names and addresses', () => {
    const s = collectSans(cfg('/nonexistent'));
    expect(s.dns).toContain('localhost');
    expect(s.ip).toEqual(expect.arrayContaining(['127.0.0.1', '::1']));
  });

  it('re-issues when the SAN set changes or expiry is near, keeps the CA', async () => {
    const dataDir = await tempDir();
    const a = await prepareTls(cfg(dataDir), undefined, { sanSources: pinned });
    const b = await prepareTls(cfg(dataDir, { tls: { enabled: true, extraHostnames: ['new.school.lan'] } }), undefined, { sanSources: pinned });
    expect(b.cert).not.toBe(a.cert);
    expect(b.caCertPem).toBe(a.caCertPem);
    expect(new X509Certificate(b.cert).subjectAltName).toContain('DNS:new.school.lan');
    const stored = JSON.parse(await readFile(path.join(dataDir, 'tls', SERVER_SAN_FILE), 'utf8')) as { dns: string[] };
    expect(stored.dns).toContain('new.school.lan');

    // a new LAN address (DHCP) also re-issues
    const moved = { ...pinned, interfaces: { eth0: [{ ...pinned.interfaces.eth0![0]!, address: '192.168.50.99', cidr: '192.168.50.99/24' }] } } as typeof pinned;
    const c = await prepareTls(cfg(dataDir, { tls: { enabled: true, extraHostnames: ['new.school.lan'] } }), undefined, { sanSources: moved });
    expect(c.cert).not.toBe(b.cert);
    expect(new X509Certificate(c.cert).checkIP('192.168.50.99')).toBe('192.168.50.99');

    // 370 days later the certificate has < 30 days left: re-issued by the same CA
    const later = new Date(Date.now() + 370 * DAY);
    const d = await prepareTls(cfg(dataDir, { tls: { enabled: true, extraHostnames: ['new.school.lan'] } }), undefined, { sanSources: moved, now: later });
    expect(d.cert).not.toBe(c.cert);
    expect(d.caCertPem).toBe(a.caCertPem);
    expect(new Date(new X509Certificate(d.cert).validTo).getTime()).toBeGreaterThan(later.getTime() + 300 * DAY);
  });

  it('re-issues a damaged server certificate and refuses a half-present CA', async () => {
    const dataDir = await tempDir();
    const a = await prepareTls(cfg(dataDir), undefined, { sanSources: pinned });
    await writeFile(path.join(dataDir, 'tls', SERVER_CERT_FILE), 'garbage');
    const b = await prepareTls(cfg(dataDir), undefined, { sanSources: pinned });
    expect(b.cert).not.toBe(a.cert);
    expect(new X509Certificate(b.cert).checkIssued(new X509Certificate(b.caCertPem!))).toBe(true);

    await rm(path.join(dataDir, 'tls', 'ca.crt.pem'));
    await expect(prepareTls(cfg(dataDir), undefined, { sanSources: pinned })).rejects.toThrow(/ca\.crt\.pem is missing/);
  });

  it('completes a real TLS handshake that trusts only the local CA', async () => {
    const dataDir = await tempDir();
    const t = await prepareTls(cfg(dataDir), undefined, { sanSources: pinned });
    const server = https.createServer({ key: t.key, cert: t.cert }, (_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const handshake = (servername: string | undefined, host = '127.0.0.1') =>
        new Promise<{ authorized: boolean; error?: string }>((resolve, reject) => {
          const socket = tls.connect({ host, port, ca: t.caCertPem!, ...(servername ? { servername } : {}), rejectUnauthorized: false }, () => {
            const result = { authorized: socket.authorized, error: socket.authorizationError ? String(socket.authorizationError) : undefined };
            socket.end();
            resolve(result);
          });
          socket.on('error', reject);
        });
      expect(await handshake('localhost')).toEqual({ authorized: true, error: undefined });
      // By IP address: Node checks the IP SAN through checkServerIdentity
      const byIp = await new Promise<string>((resolve, reject) => {
        https.get({ host: '127.0.0.1', port, path: '/', ca: t.caCertPem! }, (res) => {
          res.setEncoding('utf8');
          let body = '';
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve(body));
        }).on('error', reject);
      });
      expect(byIp).toBe('ok');
      // Without the CA, the same certificate is not trusted
      const untrusted = await new Promise<{ authorized: boolean }>((resolve, reject) => {
        const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', rejectUnauthorized: false }, () => {
          resolve({ authorized: s.authorized });
          s.end();
        });
        s.on('error', reject);
      });
      expect(untrusted.authorized).toBe(false);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe("the school's own certificate", () => {
  let school: { certFile: string; keyFile: string; otherKeyFile: string; dir: string };
  beforeAll(async () => {
    // A "school" CA + leaf made by our own issuer in another data dir stands in for a commercial certificate.
    const dir = await tempDir();
    const issued = await prepareTls(cfg(dir), undefined, { sanSources: pinned });
    const certFile = path.join(dir, 'school.crt');
    const keyFile = path.join(dir, 'school.key');
    const otherKeyFile = path.join(dir, 'other.key');
    await writeFile(certFile, issued.cert + issued.caCertPem); // leaf + chain
    await writeFile(keyFile, issued.key);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(otherKeyFile, other.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    school = { certFile, keyFile, otherKeyFile, dir };
  });

  it('loads the files, keeps the chain, offers no CA download', async () => {
    const dataDir = await tempDir();
    const t = await prepareTls(cfg(dataDir, { tls: { enabled: true, certFile: school.certFile, keyFile: school.keyFile, extraHostnames: [] } }));
    expect(t.source).toBe('school');
    expect(t.caCertPem).toBeNull();
    expect(t.caCertDer).toBeNull();
    expect(t.cert.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(new X509Certificate(t.cert).checkPrivateKey((await import('node:crypto')).createPrivateKey(t.key))).toBe(true);
    await expect(stat(path.join(dataDir, 'tls', 'ca.key.pem'))).rejects.toThrow(); // no local CA made
  });

  it('rejects a key that does not belong to the certificate, and unreadable files, clearly', async () => {
    const dataDir = await tempDir();
    await expect(
      prepareTls(cfg(dataDir, { tls: { enabled: true, certFile: school.certFile, keyFile: school.otherKeyFile, extraHostnames: [] } })),
    ).rejects.toThrow(/does not belong to the certificate/);
    await expect(
      prepareTls(cfg(dataDir, { tls: { enabled: true, certFile: path.join(school.dir, 'nope.crt'), keyFile: school.keyFile, extraHostnames: [] } })),
    ).rejects.toThrow(/cannot read XB_TLS_CERT_FILE/);
    await expect(
      prepareTls(cfg(dataDir, { tls: { enabled: true, certFile: school.keyFile, keyFile: school.keyFile, extraHostnames: [] } })),
    ).rejects.toThrow(/not a PEM or DER certificate/);
  });
});

describe('HTTP listener: redirect + /ca page', () => {
  let localTls: PreparedTls;
  let handle: HttpServerHandle | undefined;
  let base: string;
  beforeAll(async () => {
    localTls = await prepareTls(cfg(await tempDir()), undefined, { sanSources: pinned });
  });
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });
  async function start(t: PreparedTls, extra: Partial<Config> = {}) {
    handle = await startHttpServer(cfg(await tempDir(), extra), t, undefined, { interfaces: pinned.interfaces });
    base = `http://127.0.0.1:${handle.port}`;
    return handle;
  }

  it('listens on loopback only (port 0 = random) and redirects GET with 301, others with 308', async () => {
    await start(localTls);
    expect(handle!.port).toBeGreaterThan(0);
    const get = await fetch(`${base}/notices/42?x=1`, { redirect: 'manual' });
    expect(get.status).toBe(301);
    expect(get.headers.get('location')).toBe('https://127.0.0.1:8443/notices/42?x=1');
    const post = await fetch(`${base}/api/auth/login`, { method: 'POST', redirect: 'manual', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(post.status).toBe(308);
    expect(post.headers.get('location')).toBe('https://127.0.0.1:8443/api/auth/login');
    const postCa = await fetch(`${base}/ca`, { method: 'POST', redirect: 'manual', body: 'x' });
    expect(postCa.status).toBe(308);
  });

  it('keeps the host name the client used, and prefers XB_PUBLIC_URL', async () => {
    await start(localTls);
    const viaName = await rawGet(handle!.port, '/x', 'xb-box.local:8080');
    expect(viaName.status).toBe(301);
    expect(viaName.location).toBe('https://xb-box.local:8443/x');
    const bad = await rawGet(handle!.port, '/x', 'evil.com/"><script>');
    expect(bad.status).toBe(400);
    await handle!.close();
    handle = undefined;
    await start(localTls, { publicUrl: 'https://oa.school.example' });
    const viaPublic = await fetch(`${base}/a/b`, { redirect: 'manual' });
    expect(viaPublic.headers.get('location')).toBe('https://oa.school.example/a/b');
  });

  it('serves /ca with the fingerprint, an inline SVG QR code and install steps, without external assets', async () => {
    await start(localTls);
    const res = await fetch(`${base}/ca`, { headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html; charset=utf-8/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain(caFingerprint(localTls.caCertPem!));
    expect(html).toMatch(/<svg [^>]*viewBox/);
    expect(html).toContain('证书信任设置');
    expect(html).toContain('<details id="ios" open>');
    expect(html).toContain('href="/ca.mobileconfig"');
    // the QR points at a LAN address, not at the loopback the page was opened on
    expect(html).toContain(`http://192.168.50.10:${handle!.port}/ca.crt`);
    expect(html).not.toMatch(/(src|href)="https?:\/\/(?!127\.0\.0\.1)/); // nothing loaded from elsewhere
    const en = await (await fetch(`${base}/ca?lang=en`)).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Certificate Trust Settings');
  });

  it('serves the CA as DER, PEM and an Apple profile', async () => {
    await start(localTls);
    const crt = await fetch(`${base}/ca.crt`);
    expect(crt.status).toBe(200);
    expect(crt.headers.get('content-type')).toBe('application/x-x509-ca-cert');
    expect(crt.headers.get('content-disposition')).toBe('attachment; filename="xiaoban-ca.crt"');
    const der = Buffer.from(await crt.arrayBuffer());
    expect(der[0]).toBe(0x30); // DER SEQUENCE, not PEM text
    expect(new X509Certificate(der).fingerprint256).toBe(caFingerprint(localTls.caCertPem!));
    const pem = await (await fetch(`${base}/ca.pem`)).text();
    expect(pem).toBe(localTls.caCertPem);
    const profile = await fetch(`${base}/ca.mobileconfig`);
    expect(profile.headers.get('content-type')).toBe('application/x-apple-aspen-config');
    const xml = await profile.text();
    expect(xml).toContain('<string>com.apple.security.root</string>');
    expect(xml).toContain(der.toString('base64').slice(0, 60));
    const head = await fetch(`${base}/ca.crt`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it("with the school's own certificate, /ca says nothing is needed and there is nothing to download", async () => {
    await start({ ...localTls, source: 'school', caCertDer: null, caCertPem: null });
    const html = await (await fetch(`${base}/ca`)).text();
    expect(html).toContain('无需安装');
    expect(html).not.toContain('<svg');
    expect((await fetch(`${base}/ca.crt`)).status).toBe(404);
    expect((await fetch(`${base}/ca.mobileconfig`)).status).toBe(404);
  });
});

describe('page helpers', () => {
  it('escapes HTML and parses Host headers strictly', () => {
    expect(escapeHtml(`<a href="x">'&`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;');
    expect(parseHostHeader('[fd00::10]:8080')).toEqual({ hostname: 'fd00::10', port: 8080 });
    expect(parseHostHeader('Box.Local')).toEqual({ hostname: 'box.local', port: undefined });
    expect(parseHostHeader('a b')).toBeNull();
    expect(parseHostHeader('x:99999')).toBeNull();
    const html = renderCaPage({ lang: 'zh', platform: 'other', httpsUrl: 'https://x/"><script>', local: null });
    expect(html).not.toContain('"><script>');
  });
});

/** fetch() cannot set Host; send a raw request. */
async function rawGet(port: number, p: string, host: string): Promise<{ status: number; location: string | undefined }> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(`GET ${p} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    let data = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (data += c));
    s.on('end', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1]);
      const location = /\r\nlocation: ([^\r]*)/i.exec(data)?.[1];
      resolve({ status, location });
    });
    s.on('error', reject);
  });
}

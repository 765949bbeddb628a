// The box's HTTPS certificate, issued by the local CA for every name and address staff may type.
// Re-issued on start when missing, damaged, close to expiry, issued by another CA, or when the set of
// names/addresses changed (new IP from DHCP, new XB_PUBLIC_URL, new XB_TLS_HOSTNAMES).
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Config } from '../../config/config.js';
import { x509, subtle, EC_P256, ECDSA_SHA256, exportPrivateKeyPem, randomSerial, writeFileAtomic, type CryptoKeyPair } from './tls.pem.js';
import type { LocalCa, TlsLog } from './tls.ca.js';

export const SERVER_KEY_FILE = 'server.key.pem';
export const SERVER_CERT_FILE = 'server.crt.pem';
export const SERVER_SAN_FILE = 'server.san.json';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Apple platforms reject TLS server certificates valid for more than 398 days. */
export const SERVER_CERT_DAYS = 397;
export const RENEW_BEFORE_DAYS = 30;

export interface SanSet {
  dns: string[];
  ip: string[];
}

export interface ServerCert {
  keyPem: string;
  certPem: string;
  san: SanSet;
  notAfter: Date;
  issued: boolean;
  /** Why it was (re-)issued, when it was. */
  reason?: string;
}

type Interfaces = ReturnType<typeof os.networkInterfaces>;

export interface SanSources {
  hostname?: string;
  interfaces?: Interfaces;
}

/** Every name and address the box answers to: sorted and de-duplicated, so two runs compare equal. */
export function collectSans(config: Pick<Config, 'publicUrl' | 'tls'>, sources: SanSources = {}): SanSet {
  const hostname = (sources.hostname ?? os.hostname()).trim().toLowerCase();
  const interfaces = sources.interfaces ?? os.networkInterfaces();
  const dns = new Set<string>(['localhost']);
  const ip = new Set<string>(['127.0.0.1', '::1']);

  const add = (value: string | undefined) => {
    if (!value) return;
    let v = value.trim().toLowerCase();
    if (v.startsWith('[') && v.endsWith(']')) v = v.slice(1, -1);
    v = v.replace(/%.*$/, ''); // IPv6 zone id
    if (!v) return;
    if (net.isIP(v)) ip.add(normaliseIp(v));
    else if (isDnsName(v)) dns.add(v.replace(/\.$/, ''));
  };

  if (hostname) {
    add(hostname);
    const short = hostname.split('.')[0];
    if (short && short !== 'localhost') add(`${short}.local`); // mDNS (avahi / Bonjour) name
  }
  if (config.publicUrl) {
    try {
      add(new URL(config.publicUrl).hostname);
    } catch {
      /* config validation already rejects such values */
    }
  }
  for (const name of config.tls.extraHostnames) add(name);
  for (const list of Object.values(interfaces)) {
    for (const addr of list ?? []) if (!addr.internal) add(addr.address);
  }
  return { dns: [...dns].sort(), ip: [...ip].sort() };
}

function isDnsName(v: string): boolean {
  return v.length <= 253 && /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.?$/.test(v);
}

/** One spelling per address, so "::1" and "0:0:0:0:0:0:0:1" are the same SAN. */
function normaliseIp(v: string): string {
  if (net.isIPv4(v)) return v;
  try {
    return new URL(`http://[${v}]/`).hostname.slice(1, -1);
  } catch {
    return v;
  }
}

function sameSans(a: SanSet, b: SanSet): boolean {
  return JSON.stringify([a.dns, a.ip]) === JSON.stringify([b.dns, b.ip]);
}

export interface EnsureServerCertOptions {
  now?: Date;
  log?: TlsLog;
}

export async function ensureServerCert(dir: string, ca: LocalCa, san: SanSet, opts: EnsureServerCertOptions = {}): Promise<ServerCert> {
  const now = opts.now ?? new Date();
  const keyFile = path.join(dir, SERVER_KEY_FILE);
  const certFile = path.join(dir, SERVER_CERT_FILE);
  const sanFile = path.join(dir, SERVER_SAN_FILE);

  const reason = await whyReissue(keyFile, certFile, sanFile, ca, san, now);
  if (!reason.reissue) return { ...reason.current, san, issued: false };

  const issued = await issueServerCert(ca, san, now);
  await writeFileAtomic(keyFile, issued.keyPem, 0o600);
  await writeFileAtomic(certFile, issued.certPem, 0o644);
  await writeFileAtomic(
    sanFile,
    JSON.stringify({ ...san, notAfter: issued.notAfter.toISOString(), issuedAt: now.toISOString(), caFingerprint: ca.fingerprint }, null, 2) + '\n',
    0o644,
  );
  opts.log?.info(
    { event: 'tls.server_cert.issued', reason: reason.why, dns: san.dns, ip: san.ip, notAfter: issued.notAfter.toISOString() },
    'HTTPS certificate issued by the local CA',
  );
  return { ...issued, san, issued: true, reason: reason.why };
}

type Verdict =
  | { reissue: true; why: string }
  | { reissue: false; current: { keyPem: string; certPem: string; notAfter: Date } };

async function whyReissue(keyFile: string, certFile: string, sanFile: string, ca: LocalCa, san: SanSet, now: Date): Promise<Verdict> {
  let keyPem: string, certPem: string, stored: unknown;
  try {
    [keyPem, certPem, stored] = await Promise.all([
      readFile(keyFile, 'utf8'),
      readFile(certFile, 'utf8'),
      readFile(sanFile, 'utf8').then((t) => JSON.parse(t) as unknown),
    ]);
  } catch {
    return { reissue: true, why: 'missing' };
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return { reissue: true, why: 'key-mismatch' };
  } catch {
    return { reissue: true, why: 'unreadable' };
  }
  const caCert = new X509Certificate(ca.certPem);
  if (!cert.checkIssued(caCert) || !cert.verify(caCert.publicKey)) return { reissue: true, why: 'other-ca' };
  const notAfter = new Date(cert.validTo);
  if (notAfter.getTime() - now.getTime() < RENEW_BEFORE_DAYS * DAY_MS) return { reissue: true, why: 'expiring' };
  if (new Date(cert.validFrom).getTime() > now.getTime()) return { reissue: true, why: 'not-yet-valid' };
  const s = stored as Partial<SanSet> | null;
  if (!s || !Array.isArray(s.dns) || !Array.isArray(s.ip) || !sameSans({ dns: s.dns, ip: s.ip }, san)) {
    return { reissue: true, why: 'names-changed' };
  }
  return { reissue: false, current: { keyPem, certPem, notAfter } };
}

async function issueServerCert(ca: LocalCa, san: SanSet, now: Date): Promise<{ keyPem: string; certPem: string; notAfter: Date }> {
  const keys = (await subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  let notAfter = new Date(notBefore.getTime() + SERVER_CERT_DAYS * DAY_MS);
  if (notAfter > ca.notAfter) notAfter = new Date(ca.notAfter); // never outlive the issuer
  const cn = san.dns.find((d) => d !== 'localhost' && !d.startsWith('*.')) ?? 'localhost';
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: [{ CN: [cn] }, { O: ['xiaoban'] }],
    issuer: ca.cert.subjectName,
    notBefore,
    notAfter,
    publicKey: keys.publicKey,
    signingKey: ca.signingKey,
    signingAlgorithm: ECDSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension(
        [...san.dns.map((value) => ({ type: 'dns' as const, value })), ...san.ip.map((value) => ({ type: 'ip' as const, value }))],
        false,
      ),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey),
    ],
  });
  return { keyPem: await exportPrivateKeyPem(keys.privateKey), certPem: cert.toString('pem') + '\n', notAfter };
}

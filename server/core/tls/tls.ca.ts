// The box's own certificate authority: made once on first start, kept in <dataDir>/tls/, reused after.
// Staff install its certificate once (see the /ca page); every server certificate the box issues for itself
// then chains to it. The key never leaves the box (mode 0600).
import os from 'node:os';
import path from 'node:path';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import {
  x509, subtle, EC_P256, ECDSA_SHA256, exportPrivateKeyPem, importEcSigningKey, randomSerial,
  sha256Fingerprint, writeFileAtomic, exists, type CryptoKey, type CryptoKeyPair,
} from './tls.pem.js';

export const CA_KEY_FILE = 'ca.key.pem';
export const CA_CERT_FILE = 'ca.crt.pem';
const CA_YEARS = 10;

export type TlsLog = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

export interface LocalCa {
  keyPem: string;
  certPem: string;
  certDer: Buffer;
  /** Parsed with @peculiar/x509, for issuing. */
  cert: x509.X509Certificate;
  signingKey: CryptoKey;
  fingerprint: string;
  notAfter: Date;
  created: boolean;
}

export function tlsDir(dataDir: string): string {
  return path.join(dataDir, 'tls');
}

export function caCommonName(hostname = os.hostname()): string {
  return `xiaoban 校办 Local CA — ${hostname}`;
}

/** Load the CA from `dir`, or create it when neither file exists. A damaged CA is an error, never replaced silently:
 *  phones trust it, and a new one would make every installed copy useless. */
export async function ensureCa(dir: string, log?: TlsLog, now = new Date()): Promise<LocalCa> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keyFile = path.join(dir, CA_KEY_FILE);
  const certFile = path.join(dir, CA_CERT_FILE);
  const [hasKey, hasCert] = await Promise.all([exists(keyFile), exists(certFile)]);

  if (hasKey && hasCert) {
    const ca = await loadCa(keyFile, certFile);
    if (ca.notAfter.getTime() > now.getTime()) {
      await tightenKeyMode(keyFile, log);
      return ca;
    }
    log?.warn({ event: 'tls.ca.expired', notAfter: ca.notAfter.toISOString() }, 'local CA expired: creating a new one (staff must install it again)');
  } else if (hasKey !== hasCert) {
    throw new Error(
      `TLS: ${hasKey ? certFile : keyFile} is missing but ${hasKey ? keyFile : certFile} exists. ` +
        `Restore the missing file from a backup, or delete both to create a new local CA (devices must then install it again).`,
    );
  }
  return createCa(keyFile, certFile, now, log);
}

async function loadCa(keyFile: string, certFile: string): Promise<LocalCa> {
  const [keyPem, certPem] = await Promise.all([readFile(keyFile, 'utf8'), readFile(certFile, 'utf8')]);
  let nodeCert: X509Certificate;
  try {
    nodeCert = new X509Certificate(certPem);
  } catch (err) {
    throw new Error(`TLS: cannot parse ${certFile}: ${(err as Error).message}`);
  }
  let signingKey: CryptoKey;
  try {
    if (!nodeCert.checkPrivateKey(createPrivateKey(keyPem))) throw new Error('the key does not belong to the certificate');
    signingKey = await importEcSigningKey(keyPem);
  } catch (err) {
    throw new Error(`TLS: local CA key ${keyFile} is unusable: ${(err as Error).message}`);
  }
  if (!nodeCert.ca) throw new Error(`TLS: ${certFile} is not a CA certificate`);
  const cert = new x509.X509Certificate(certPem);
  return {
    keyPem, certPem, certDer: Buffer.from(cert.rawData), cert, signingKey,
    fingerprint: nodeCert.fingerprint256, notAfter: cert.notAfter, created: false,
  };
}

async function createCa(keyFile: string, certFile: string, now: Date, log?: TlsLog): Promise<LocalCa> {
  const keys = (await subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000); // tolerate devices whose clock is a little behind
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + CA_YEARS);
  const name: Record<string, string[]>[] = [{ CN: [caCommonName()] }, { O: ['xiaoban'] }];
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name,
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: ECDSA_SHA256,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true), // may sign server certificates only, no sub-CAs
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const keyPem = await exportPrivateKeyPem(keys.privateKey);
  const certPem = cert.toString('pem') + '\n';
  // Key first: a crash between the two writes leaves "key without cert", which ensureCa reports clearly.
  await writeFileAtomic(keyFile, keyPem, 0o600);
  await writeFileAtomic(certFile, certPem, 0o644);
  const fingerprint = sha256Fingerprint(certPem);
  log?.info({ event: 'tls.ca.created', fingerprint, notAfter: notAfter.toISOString() }, 'local certificate authority created');
  return {
    keyPem, certPem, certDer: Buffer.from(cert.rawData), cert, signingKey: keys.privateKey,
    fingerprint, notAfter, created: true,
  };
}

async function tightenKeyMode(keyFile: string, log?: TlsLog): Promise<void> {
  const s = await stat(keyFile);
  if ((s.mode & 0o077) !== 0) {
    await chmod(keyFile, 0o600);
    log?.warn({ event: 'tls.ca.key_mode_fixed', file: keyFile }, 'local CA key was readable by others; set to 0600');
  }
}

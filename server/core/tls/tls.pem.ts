// Small PEM/DER/file helpers shared by the TLS files. Pure Node, no Fastify.
// @peculiar/x509 (through tsyringe) needs the Reflect metadata polyfill loaded before it.
import 'reflect-metadata';
import { X509Certificate, webcrypto } from 'node:crypto';
import { open, rename, chmod, stat, unlink } from 'node:fs/promises';
import * as x509 from '@peculiar/x509';

// @peculiar/x509 signs with WebCrypto; Node's implementation is enough (no openssl CLI).
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
export { x509 };
export const subtle = webcrypto.subtle;
export type CryptoKey = webcrypto.CryptoKey;
export type CryptoKeyPair = webcrypto.CryptoKeyPair;

export const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

export function toPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

export interface PemBlock {
  label: string;
  der: Buffer;
  pem: string;
}

/** Every PEM block in a text, in order (a chain file holds several CERTIFICATE blocks). */
export function pemBlocks(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  const re = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const label = m[1]!;
    const der = Buffer.from(m[2]!.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    out.push({ label, der, pem: toPem(der, label) });
  }
  return out;
}

export async function exportPrivateKeyPem(key: CryptoKey): Promise<string> {
  return toPem(await subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

export async function importEcSigningKey(pkcs8Pem: string): Promise<CryptoKey> {
  const block = pemBlocks(pkcs8Pem).find((b) => b.label === 'PRIVATE KEY');
  if (!block) throw new Error('not a PKCS#8 PEM private key');
  return subtle.importKey('pkcs8', block.der, EC_P256, false, ['sign']);
}

/** SHA-256 fingerprint as colon-separated upper-case hex (what browsers and phones show). */
export function sha256Fingerprint(cert: string | Buffer): string {
  return new X509Certificate(cert).fingerprint256;
}

/** A positive 128-bit serial number in hex (RFC 5280: positive, at most 20 octets). */
export function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0]! & 0x7f) | 0x10; // positive and no leading zero octet
  return Buffer.from(bytes).toString('hex');
}

/** Write a file so that readers see either the old or the new content, never half of it. */
export async function writeFileAtomic(file: string, data: string | Buffer, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const fh = await open(tmp, 'w', mode);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  await chmod(tmp, mode); // the umask may have narrowed or the file pre-existed
  await rename(tmp, file);
}

export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

// TLS for the LAN: either the box's own local CA + a server certificate it issues itself (default), or the
// school's own certificate (XB_TLS_CERT_FILE + XB_TLS_KEY_FILE). Called once by main.ts before listening.
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Config } from '../../config/config.js';
import { ensureCa, tlsDir, type TlsLog } from './tls.ca.js';
import { collectSans, ensureServerCert, RENEW_BEFORE_DAYS, type SanSources } from './tls.server-cert.js';
import { pemBlocks, sha256Fingerprint } from './tls.pem.js';

export type { TlsLog } from './tls.ca.js';

export interface PreparedTls {
  /** PEM private key of the HTTPS certificate. */
  key: string;
  /** PEM certificate (the school's file may hold a chain: leaf first, then intermediates). */
  cert: string;
  /** The local CA staff install; null when the school brings its own certificate. */
  caCertPem: string | null;
  caCertDer: Buffer | null;
  source: 'local-ca' | 'school';
}

export interface PrepareTlsOptions {
  now?: Date;
  /** Tests pin the host name and interfaces; production reads os.hostname()/os.networkInterfaces(). */
  sanSources?: SanSources;
}

export async function prepareTls(config: Config, log?: TlsLog, opts: PrepareTlsOptions = {}): Promise<PreparedTls> {
  if (config.tls.certFile || config.tls.keyFile) {
    if (!config.tls.certFile || !config.tls.keyFile) throw new Error('TLS: XB_TLS_CERT_FILE and XB_TLS_KEY_FILE must be set together');
    return loadSchoolCert(config.tls.certFile, config.tls.keyFile, log, opts.now);
  }
  const dir = tlsDir(config.dataDir);
  const ca = await ensureCa(dir, log, opts.now);
  const server = await ensureServerCert(dir, ca, collectSans(config, opts.sanSources), { now: opts.now, log });
  return { key: server.keyPem, cert: server.certPem, caCertPem: ca.certPem, caCertDer: ca.certDer, source: 'local-ca' };
}

/** SHA-256 fingerprint (colon hex, upper case) of a certificate in PEM or DER, for the /ca page and logs. */
export function caFingerprint(cert: string | Buffer): string {
  return sha256Fingerprint(cert);
}

/** The school's own certificate: must parse, and the key must be the certificate's. Errors say what to fix. */
export async function loadSchoolCert(certFile: string, keyFile: string, log?: TlsLog, now = new Date()): Promise<PreparedTls> {
  const [certRaw, keyRaw] = await Promise.all([
    readFile(certFile).catch((err: NodeJS.ErrnoException) => {
      throw new Error(`TLS: cannot read XB_TLS_CERT_FILE ${certFile}: ${err.code ?? err.message}`);
    }),
    readFile(keyFile).catch((err: NodeJS.ErrnoException) => {
      throw new Error(`TLS: cannot read XB_TLS_KEY_FILE ${keyFile}: ${err.code ?? err.message}`);
    }),
  ]);

  // Certificate: PEM (leaf first, then intermediates) or a single DER file.
  const certText = certRaw.toString('utf8');
  const blocks = certText.includes('-----BEGIN') ? pemBlocks(certText).filter((b) => b.label === 'CERTIFICATE') : [];
  let chain: X509Certificate[];
  try {
    chain = blocks.length ? blocks.map((b) => new X509Certificate(b.der)) : [new X509Certificate(certRaw)];
  } catch (err) {
    throw new Error(`TLS: XB_TLS_CERT_FILE ${certFile} is not a PEM or DER certificate (${(err as Error).message})`);
  }
  const leaf = chain[0]!;
  const certPem = chain.map((c) => c.toString()).join('');

  // Key: PEM (PKCS#8, PKCS#1 or SEC1) or DER PKCS#8; an encrypted key cannot be used unattended.
  let key: KeyObject;
  const keyText = keyRaw.toString('utf8');
  if (/ENCRYPTED/.test(keyText)) {
    throw new Error(`TLS: XB_TLS_KEY_FILE ${keyFile} is encrypted with a passphrase; store it unencrypted with mode 0600 (openssl pkey -in key.pem -out key-plain.pem)`);
  }
  try {
    key = keyText.includes('-----BEGIN') ? createPrivateKey(keyText) : createPrivateKey({ key: keyRaw, format: 'der', type: 'pkcs8' });
  } catch (err) {
    throw new Error(`TLS: XB_TLS_KEY_FILE ${keyFile} is not a private key (${(err as Error).message})`);
  }
  if (!leaf.checkPrivateKey(key)) {
    throw new Error(`TLS: XB_TLS_KEY_FILE ${keyFile} does not belong to the certificate in ${certFile} (subject ${leaf.subject.replace(/\n/g, ', ')})`);
  }

  const validTo = new Date(leaf.validTo);
  const days = Math.floor((validTo.getTime() - now.getTime()) / 86_400_000);
  const info = { event: 'tls.school_cert.loaded', subject: leaf.subject.replace(/\n/g, ', '), san: leaf.subjectAltName, notAfter: validTo.toISOString(), chain: chain.length };
  if (days < 0) log?.error({ ...info, event: 'tls.school_cert.expired' }, 'the school certificate has EXPIRED: browsers will refuse it; renew it');
  else if (days < RENEW_BEFORE_DAYS) log?.warn({ ...info, event: 'tls.school_cert.expiring', daysLeft: days }, 'the school certificate expires soon: renew it');
  else log?.info(info, 'using the school certificate');

  return { key: key.export({ type: 'pkcs8', format: 'pem' }).toString(), cert: certPem, caCertPem: null, caCertDer: null, source: 'school' };
}

/**
 * Keep the running HTTPS server's certificate fresh without a restart: re-runs prepareTls every `intervalMs`
 * (re-issues when a new IP appears or 30 days before expiry) and swaps it in with setSecureContext.
 * Returns a stop function. Optional: a restart does the same check.
 */
export function startTlsRenewal(
  config: Config,
  server: { setSecureContext(options: { key: string; cert: string }): void },
  current: PreparedTls,
  log?: TlsLog,
  intervalMs = 6 * 60 * 60 * 1000,
): () => void {
  let last = current.cert;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    prepareTls(config, log)
      .then((next) => {
        if (next.cert !== last) {
          server.setSecureContext({ key: next.key, cert: next.cert });
          last = next.cert;
          log?.info({ event: 'tls.reloaded', source: next.source }, 'HTTPS certificate reloaded');
        }
      })
      .catch((err: Error) => log?.error({ event: 'tls.reload_failed', err: err.message }, 'could not renew the HTTPS certificate'))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

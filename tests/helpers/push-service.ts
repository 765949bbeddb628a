// A push service on 127.0.0.1 for tests, doing what FCM or Mozilla's autopush do with a request: check the
// VAPID authorization (RFC 8292: an ES256 JWT for this origin, not expired, signed by the key in `k=`) and
// the message encryption (RFC 8291, aes128gcm) — it decrypts every body with the synthetic subscription's
// P-256 private key and auth secret through http_ece. Each device has its own endpoint and answer.
import { createECDH, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';

export interface SyntheticDevice {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  /** What this endpoint answers next (201 accepted, 410 gone, 500 …). */
  answer: number;
}

export interface ReceivedPush {
  device: SyntheticDevice;
  headers: http.IncomingHttpHeaders;
  jwt: { aud: string; exp: number; sub: string };
  /** The public key from `k=` (the box's VAPID key). */
  k: string;
  payload: Record<string, unknown>;
}

/** Checks the VAPID header; returns the claims or throws with the reason a push service would give. */
function checkVapid(authorization: string | undefined, origin: string): { jwt: ReceivedPush['jwt']; k: string } {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization ?? '');
  if (!m) throw new Error(`Authorization is not "vapid t=…, k=…": ${authorization}`);
  const [header, claims, signature] = m[1]!.split('.') as [string, string, string];
  const k = m[2]!;
  const point = Buffer.from(k, 'base64url');
  if (point.length !== 65 || point[0] !== 4) throw new Error('k is not an uncompressed P-256 point');
  const key = createPublicKey({ format: 'jwk', key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') } });
  const head = JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg?: string };
  if (head.alg !== 'ES256') throw new Error(`JWT alg ${head.alg}`);
  const ok = verify('sha256', Buffer.from(`${header}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!ok) throw new Error('JWT signature does not verify with k');
  const jwt = JSON.parse(Buffer.from(claims, 'base64url').toString()) as ReceivedPush['jwt'];
  if (jwt.aud !== origin) throw new Error(`JWT aud ${jwt.aud} is not ${origin}`);
  // The service's own clock decides, as a real push service's does; RFC 8292 allows at most 24 hours.
  const now = Math.floor(Date.now() / 1000);
  if (!(jwt.exp > now && jwt.exp <= now + 24 * 3600)) throw new Error(`JWT exp ${jwt.exp} is not within the next 24 hours`);
  if (!/^(mailto:|https:)/.test(jwt.sub)) throw new Error(`JWT sub ${jwt.sub} is not a mailto: or https: contact`);
  return { jwt, k };
}

export async function startPushService() {
  const devices = new Map<string, { device: SyntheticDevice; ecdh: ECDH; auth: Buffer }>();
  const received: ReceivedPush[] = [];
  const rejected: string[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const found = devices.get(req.url ?? '');
      if (req.method !== 'POST' || !found) {
        res.writeHead(404).end();
        return;
      }
      try {
        const { jwt, k } = checkVapid(req.headers.authorization, origin);
        if (req.headers['content-encoding'] !== 'aes128gcm') throw new Error(`Content-Encoding ${req.headers['content-encoding']}`);
        if (!/^\d+$/.test(String(req.headers.ttl))) throw new Error('no TTL header');
        const plain = ece.decrypt(Buffer.concat(chunks), { version: 'aes128gcm', privateKey: found.ecdh, authSecret: found.auth });
        received.push({ device: found.device, headers: req.headers, jwt, k, payload: JSON.parse(plain.toString('utf8')) as Record<string, unknown> });
      } catch (err) {
        rejected.push((err as Error).message);
        res.writeHead(400, { 'content-type': 'text/plain' }).end((err as Error).message);
        return;
      }
      res.writeHead(found.device.answer, { 'content-type': 'text/plain' }).end(found.device.answer < 300 ? '' : `answer ${found.device.answer}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    received,
    /** Requests refused for a bad VAPID header or encryption (a test expects none). */
    rejected,
    /** A browser's subscription: a fresh P-256 key pair and 16 random auth bytes, with its own endpoint here. */
    device(answer = 201): SyntheticDevice {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      const path = `/push/${randomBytes(12).toString('base64url')}`;
      const device: SyntheticDevice = { endpoint: origin + path, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') }, answer };
      devices.set(path, { device, ecdh, auth });
      return device;
    },
    async close(): Promise<void> {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type PushService = Awaited<ReturnType<typeof startPushService>>;

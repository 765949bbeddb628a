// http_ece ships no types: the part the push-service test endpoint uses (RFC 8188 / RFC 8291 decryption).
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';
  export interface EceParams {
    version?: 'aes128gcm' | 'aesgcm';
    /** The receiver's key pair (the subscription's P-256 key). */
    privateKey?: ECDH;
    /** The subscription's auth secret (base64url or bytes). */
    authSecret?: string | Buffer;
    dh?: string | Buffer;
    key?: string | Buffer;
    keyid?: string | Buffer;
    salt?: string | Buffer;
  }
  export function decrypt(buffer: Buffer, params: EceParams): Buffer;
  export function encrypt(buffer: Buffer, params: EceParams): Buffer;
  const ece: { decrypt: typeof decrypt; encrypt: typeof encrypt };
  export default ece;
}

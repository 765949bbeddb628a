// TLS on the LAN: the public surface used by server/serve.ts (and the admin UI later).
export { prepareTls, caFingerprint, loadSchoolCert, startTlsRenewal, type PreparedTls, type PrepareTlsOptions, type TlsLog } from './tls.js';
export { startHttpServer, type HttpServerHandle, type HttpServerOptions } from './tls.http-server.js';
export { collectSans, type SanSet } from './tls.server-cert.js';
export { tlsDir } from './tls.ca.js';

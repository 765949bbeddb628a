// pino JSON to stdout (pretty only on a TTY); secrets and personal data are redacted.
import type { FastifyServerOptions } from 'fastify';

export const REDACT_PATHS = [
  'req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]',
  '*.password', '*.currentPassword', '*.newPassword', '*.token', '*.totp', '*.code', '*.secret', '*.phone', '*.mobile', '*.body', '*.text',
];

export function buildLoggerOptions(level: string): FastifyServerOptions['logger'] {
  const pretty = process.stdout.isTTY && level !== 'silent';
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } } : {}),
  };
}

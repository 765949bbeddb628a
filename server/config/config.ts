// The ONLY place that reads process.env. Every setting is flat, prefixed XB_, validated once;
// all invalid variables are reported together. A secret can come from XB_<NAME>_FILE.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { parsePushHosts } from '../lib/push-endpoints.js';

const Port = Type.Integer({ minimum: 0, maximum: 65535 });

export const EnvSchema = Type.Object({
  XB_DATA_DIR: Type.String({ default: './data', minLength: 1 }),
  XB_HOST: Type.String({ default: '0.0.0.0' }),
  XB_HTTPS_PORT: Port,
  XB_HTTP_PORT: Port,
  XB_PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://[^\\s/]+(/.*)?$' })),
  XB_TLS: Type.Union([Type.Literal('on'), Type.Literal('off')], { default: 'on' }),
  XB_TLS_CERT_FILE: Type.Optional(Type.String({ minLength: 1 })),
  XB_TLS_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  XB_TLS_HOSTNAMES: Type.Optional(Type.String()),
  XB_LOG_LEVEL: Type.Union(
    [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')],
    { default: 'info' },
  ),
  XB_DEMO: Type.Union([Type.Literal('0'), Type.Literal('1')], { default: '0' }),
  XB_TRUST_PROXY: Type.Union([Type.Literal('0'), Type.Literal('1')], { default: '0' }),
  XB_SESSION_IDLE_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 14 }),
  XB_SESSION_MAX_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 60 }),
  XB_PWA_DIR: Type.Optional(Type.String()),
  XB_LOGIN_RATE_PER_MINUTE: Type.Integer({ minimum: 1, default: 30 }),
  XB_UPLOAD_MAX_BYTES: Type.Integer({ minimum: 1, default: 4 * 1024 ** 3 }),
  XB_PREVIEW_TIMEOUT_SECONDS: Type.Integer({ minimum: 5, maximum: 3600, default: 120 }),
  XB_SOFFICE: Type.String({ default: 'soffice' }),
  XB_PUSH_EXTRA_HOSTS: Type.Optional(Type.String()),
  // Meetings: Janus runs as our child process when installed ('off' never starts it).
  XB_JANUS: Type.Union([Type.Literal('auto'), Type.Literal('off')], { default: 'auto' }),
  XB_JANUS_BIN: Type.String({ default: 'janus' }),
  /** Janus's API websocket on 127.0.0.1 (0: any free port). */
  XB_JANUS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8188 }),
  /** UDP ports for meeting media; open them in the firewall. */
  XB_MEDIA_PORTS: Type.String({ pattern: '^\\d{4,5}-\\d{4,5}$', default: '20000-20999' }),
  /** Interfaces or address prefixes media may use, comma-separated ('eth0', '10.12.'); empty: all but loopback. */
  XB_MEDIA_INTERFACES: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.:,_-]*$' })),
  /** The address clients reach the box on if it sits behind 1:1 NAT. */
  XB_MEDIA_NAT_IP: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F.:]+$' })),
  /** TURN for staff off campus (coturn with use-auth-secret): 'turn:box.school.lan:3478?transport=udp,…'. */
  XB_TURN_URLS: Type.Optional(Type.String()),
  XB_TURN_SECRET: Type.Optional(Type.String({ minLength: 16 })),
});
export type Env = Static<typeof EnvSchema>;

export interface Config {
  version: string;
  dataDir: string;
  host: string;
  httpsPort: number;
  httpPort: number;
  publicUrl: string | undefined;
  tls: { enabled: boolean; certFile?: string; keyFile?: string; extraHostnames: string[] };
  logLevel: string;
  demo: boolean;
  trustProxy: boolean;
  session: { idleDays: number; maxDays: number };
  pwaDir: string | undefined;
  loginRatePerMinute: number;
  /** toolEnv: what helper programs (LibreOffice, poppler) inherit — PATH and the locale, nothing else. */
  files: { uploadMaxBytes: number; previewTimeoutMs: number; soffice: string; toolEnv: Record<string, string> };
  /** Push services beyond the browsers' own the box may POST to ('push.school.lan', 'http://127.0.0.1'). */
  push: { extraHosts: string[] };
  meetings: {
    janus: 'auto' | 'off';
    janusBin: string;
    janusPort: number;
    mediaPorts: { min: number; max: number };
    mediaInterfaces: string[];
    natIp: string | undefined;
    turn: { urls: string[]; secret: string } | null;
  };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const checker = Compile(EnvSchema);
const INTEGER_KEYS = new Set(['XB_JANUS_PORT', 'XB_HTTPS_PORT', 'XB_HTTP_PORT', 'XB_SESSION_IDLE_DAYS', 'XB_SESSION_MAX_DAYS', 'XB_LOGIN_RATE_PER_MINUTE', 'XB_UPLOAD_MAX_BYTES', 'XB_PREVIEW_TIMEOUT_SECONDS']);

/** Resolve XB_X_FILE into XB_X (secrets mounted as files), then coerce numbers. */
function collect(env: NodeJS.ProcessEnv, problems: string[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('XB_') || value === undefined || value === '') continue;
    if (key.endsWith('_FILE') && !['XB_TLS_CERT_FILE', 'XB_TLS_KEY_FILE'].includes(key)) {
      try {
        raw[key.slice(0, -5)] = readFileSync(value, 'utf8').trim();
      } catch {
        problems.push(`${key}: cannot read file ${value}`);
      }
      continue;
    }
    raw[key] = value;
  }
  for (const key of INTEGER_KEYS) {
    const v = raw[key];
    if (typeof v === 'string') raw[key] = /^-?\d+$/.test(v) ? Number(v) : v;
  }
  raw.XB_HTTPS_PORT ??= 8443;
  raw.XB_HTTP_PORT ??= 8080;
  return raw;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, version = '0.0.0'): Config {
  const problems: string[] = [];
  const raw = collect(env, problems);
  const withDefaults = checker.Default(raw) as Record<string, unknown>;
  for (const error of checker.Errors(withDefaults)) {
    const key = error.instancePath.replace(/^\//, '') || (error.params as { requiredProperties?: string[] })?.requiredProperties?.join(',') || 'environment';
    problems.push(`${key}: ${error.message}`);
  }
  const pushHosts = typeof withDefaults.XB_PUSH_EXTRA_HOSTS === 'string' ? parsePushHosts(withDefaults.XB_PUSH_EXTRA_HOSTS) : { rules: [], problems: [] };
  for (const p of pushHosts.problems) problems.push(`XB_PUSH_EXTRA_HOSTS: ${p}`);
  const knownKeys = new Set(Object.keys(EnvSchema.properties));
  for (const key of Object.keys(raw)) {
    if (!knownKeys.has(key)) problems.push(`${key}: unknown setting (typo?)`);
  }
  if (problems.length) throw new ConfigError(problems);
  const e = withDefaults as Env;
  if (Boolean(e.XB_TLS_CERT_FILE) !== Boolean(e.XB_TLS_KEY_FILE)) {
    throw new ConfigError(['XB_TLS_CERT_FILE and XB_TLS_KEY_FILE must be set together']);
  }
  const [portMin, portMax] = e.XB_MEDIA_PORTS.split('-').map(Number) as [number, number];
  if (!(portMin >= 1024 && portMax <= 65535 && portMin < portMax)) throw new ConfigError(['XB_MEDIA_PORTS: must be a range within 1024-65535, low-high']);
  const turnUrls = (e.XB_TURN_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (turnUrls.some((u) => !/^turns?:[^\s]+$/.test(u))) throw new ConfigError(['XB_TURN_URLS: each entry must start with turn: or turns:']);
  if (Boolean(turnUrls.length) !== Boolean(e.XB_TURN_SECRET)) throw new ConfigError(['XB_TURN_URLS and XB_TURN_SECRET must be set together']);
  return {
    version,
    dataDir: path.resolve(e.XB_DATA_DIR),
    host: e.XB_HOST,
    httpsPort: e.XB_HTTPS_PORT,
    httpPort: e.XB_HTTP_PORT,
    publicUrl: e.XB_PUBLIC_URL?.replace(/\/$/, ''),
    tls: {
      enabled: e.XB_TLS === 'on',
      certFile: e.XB_TLS_CERT_FILE,
      keyFile: e.XB_TLS_KEY_FILE,
      extraHostnames: (e.XB_TLS_HOSTNAMES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    },
    logLevel: e.XB_LOG_LEVEL,
    demo: e.XB_DEMO === '1',
    trustProxy: e.XB_TRUST_PROXY === '1',
    session: { idleDays: e.XB_SESSION_IDLE_DAYS, maxDays: e.XB_SESSION_MAX_DAYS },
    pwaDir: e.XB_PWA_DIR,
    loginRatePerMinute: e.XB_LOGIN_RATE_PER_MINUTE,
    files: { uploadMaxBytes: e.XB_UPLOAD_MAX_BYTES, previewTimeoutMs: e.XB_PREVIEW_TIMEOUT_SECONDS * 1000, soffice: e.XB_SOFFICE, toolEnv: toolEnv(env) },
    push: { extraHosts: pushHosts.rules.map((r) => `${r.http ? 'http://' : ''}${r.subdomains ? '*.' : ''}${r.host}`) },
    meetings: {
      janus: e.XB_JANUS,
      janusBin: e.XB_JANUS_BIN,
      janusPort: e.XB_JANUS_PORT,
      mediaPorts: { min: portMin, max: portMax },
      mediaInterfaces: (e.XB_MEDIA_INTERFACES ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      natIp: e.XB_MEDIA_NAT_IP,
      turn: turnUrls.length ? { urls: turnUrls, secret: e.XB_TURN_SECRET! } : null,
    },
  };
}

const TOOL_ENV_KEYS = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE'] as const;
function toolEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = { PATH: '/usr/local/bin:/usr/bin:/bin' };
  for (const key of TOOL_ENV_KEYS) if (env[key]) out[key] = env[key];
  return out;
}

/** The box's configuration from this process's environment (main and the CLI). */
export function loadConfigFromEnvironment(version: string): Config {
  return loadConfig(process.env, version);
}

/** A config for tests and tools: defaults plus overrides, no environment. */
export function testConfig(overrides: Partial<Config> & { dataDir: string }): Config {
  return { ...loadConfig({ XB_TLS: 'off', XB_LOG_LEVEL: 'silent', XB_JANUS_PORT: '0', XB_MEDIA_INTERFACES: '127.' }), ...overrides };
}

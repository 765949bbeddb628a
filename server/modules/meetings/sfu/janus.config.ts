// Janus's configuration, generated from ours on every start: nothing under /etc/janus is read. Janus gets
// its own folders holding only the plugins we use (VideoRoom + the websocket transport), its API on
// loopback behind a secret only our server knows, the admin API off, and the media ports and addresses
// from our configuration. Values are checked so a setting can never inject lines into the files.
import { existsSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface JanusConfigInput {
  /** Where the generated tree lives (wiped and rewritten on each start). */
  dir: string;
  /** Folder holding Janus's plugins/ and transports/ (Debian: /usr/lib/x86_64-linux-gnu/janus). */
  libDir: string;
  wsPort: number;
  apiSecret: string;
  rtpPorts: { min: number; max: number };
  /** Janus's ice_enforce_list: interface names or address prefixes media may use ('eth0', '192.168.', '127.'). Empty: all but loopback. */
  mediaInterfaces: string[];
  /** The address clients reach the box on when it sits behind 1:1 NAT (Janus's nat_1_1_mapping). */
  natMapping?: string;
  /** Optional STUN/TURN the box itself uses to learn a public address (rarely needed on a LAN). */
  debugLevel?: number;
}

const SAFE = /^[A-Za-z0-9._:/+,-]*$/;
function quoted(value: string, what: string): string {
  if (!SAFE.test(value)) throw new Error(`${what} contains characters Janus's configuration cannot take: ${JSON.stringify(value)}`);
  return `"${value}"`;
}

export function renderJanusConfig(c: JanusConfigInput): Record<string, string> {
  if (!(c.rtpPorts.min > 1023 && c.rtpPorts.max <= 65535 && c.rtpPorts.min < c.rtpPorts.max)) throw new Error('media port range must be within 1024-65535 and min < max');
  if (!Number.isInteger(c.wsPort) || c.wsPort < 1 || c.wsPort > 65535) throw new Error('Janus websocket port is out of range');
  const enforce = c.mediaInterfaces.map((i) => i.trim()).filter(Boolean);
  const nat = [
    `  ignore_mdns = true`,
    enforce.length ? `  ice_enforce_list = ${quoted(enforce.join(','), 'media interfaces')}` : null,
    c.natMapping ? `  nat_1_1_mapping = ${quoted(c.natMapping, 'NAT mapping')}` : null,
    c.natMapping ? `  keep_private_host = true` : null,
  ].filter(Boolean);
  const f = (name: string) => quoted(path.join(c.dir, name), 'configuration folder');
  return {
    'janus.jcfg': [
      'general: {',
      `  configs_folder = ${f('conf')}`,
      `  plugins_folder = ${f('plugins')}`,
      `  transports_folder = ${f('transports')}`,
      `  events_folder = ${f('events')}`,
      `  loggers_folder = ${f('loggers')}`,
      `  debug_level = ${c.debugLevel ?? 4}`,
      `  debug_timestamps = true`,
      `  api_secret = ${quoted(c.apiSecret, 'API secret')}`,
      '  server_name = "xiaoban-sfu"',
      '  session_timeout = 60',
      '  reclaim_session_timeout = 0',
      '  hide_dependencies = true',
      // Recordings go under the data directory (often /var/lib/xiaoban), so /var is not in this list.
      '  protected_folders = ["/bin", "/boot", "/dev", "/etc", "/initrd", "/lib", "/lib32", "/lib64", "/proc", "/sbin", "/sys", "/usr"]',
      '}',
      'certificates: { }',
      'media: {',
      `  rtp_port_range = "${c.rtpPorts.min}-${c.rtpPorts.max}"`,
      '  dtls_timeout = 500',
      '  nack_queue = 500',
      '}',
      'nat: {',
      ...nat,
      '}',
      'plugins: { }',
      'transports: { }',
      'loggers: { }',
      'events: { broadcast = false }',
      '',
    ].join('\n'),
    'janus.transport.websockets.jcfg': [
      'general: {',
      '  json = "compact"',
      '  ws = true',
      `  ws_port = ${c.wsPort}`,
      '  ws_ip = "127.0.0.1"',
      '  ws_acl = "127.0.0.1"',
      '  wss = false',
      '}',
      'admin: { admin_ws = false  admin_wss = false }',
      'cors: { }',
      '',
    ].join('\n'),
    // Rooms are created by our server at run time (never from this file) and are not permanent.
    'janus.plugin.videoroom.jcfg': ['general: {', '  lock_rtp_forward = true', '  string_ids = false', '}', ''].join('\n'),
  };
}

/** The Debian paths first, then a source build's default. */
export function findJanusLibDir(candidates = ['/usr/lib/x86_64-linux-gnu/janus', '/usr/lib/aarch64-linux-gnu/janus', '/usr/lib/janus', '/opt/janus/lib/janus']): string | null {
  return candidates.find((d) => existsSync(path.join(d, 'plugins', 'libjanus_videoroom.so')) && existsSync(path.join(d, 'transports', 'libjanus_websockets.so'))) ?? null;
}

/** Writes the tree: conf/*.jcfg, plugins/ and transports/ with links to only what we use, empty events/loggers. */
export async function writeJanusConfig(c: JanusConfigInput): Promise<string> {
  const files = renderJanusConfig(c);
  await rm(c.dir, { recursive: true, force: true });
  for (const sub of ['conf', 'plugins', 'transports', 'events', 'loggers']) await mkdir(path.join(c.dir, sub), { recursive: true, mode: 0o700 });
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(c.dir, 'conf', name), text, { mode: 0o600 });
  await symlink(path.join(c.libDir, 'plugins', 'libjanus_videoroom.so'), path.join(c.dir, 'plugins', 'libjanus_videoroom.so'));
  await symlink(path.join(c.libDir, 'transports', 'libjanus_websockets.so'), path.join(c.dir, 'transports', 'libjanus_websockets.so'));
  return path.join(c.dir, 'conf');
}

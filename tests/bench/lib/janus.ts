// A bare Janus for the bench's "direct" mode (bots talk to the VideoRoom through janode, no xiaoban server):
// writes a minimal config into a temp dir (only the videoroom plugin and the websockets transport), starts
// `janus`, and stops it. The server-driven mode uses the Janus our server supervises instead.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';

const LIB = '/usr/lib/x86_64-linux-gnu/janus';

export interface BareJanus {
  pid: number;
  wsUrl: string;
  apiSecret: string;
  dir: string;
  stop(): Promise<void>;
}

export async function startBareJanus(opts: { wsPort?: number; rtpPorts?: [number, number] } = {}): Promise<BareJanus> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xb-janus-'));
  const wsPort = opts.wsPort ?? 18188;
  const [lo, hi] = opts.rtpPorts ?? [20000, 20999];
  const apiSecret = `bench-${process.pid}-${Date.now()}`;
  for (const d of ['conf', 'plugins', 'transports', 'events', 'loggers']) mkdirSync(path.join(dir, d));
  symlinkSync(path.join(LIB, 'plugins/libjanus_videoroom.so'), path.join(dir, 'plugins/libjanus_videoroom.so'));
  symlinkSync(path.join(LIB, 'transports/libjanus_websockets.so'), path.join(dir, 'transports/libjanus_websockets.so'));
  const conf = path.join(dir, 'conf');
  writeFileSync(
    path.join(conf, 'janus.jcfg'),
    `general: {
  configs_folder = "${conf}"
  plugins_folder = "${dir}/plugins"
  transports_folder = "${dir}/transports"
  events_folder = "${dir}/events"
  loggers_folder = "${dir}/loggers"
  debug_level = 3
  api_secret = "${apiSecret}"
  session_timeout = 60
}
media: {
  rtp_port_range = "${lo}-${hi}"
}
nat: {
  ice_enforce_list = "127."
  ignore_mdns = true
  nice_debug = false
}
plugins: {}
transports: {}
events: {}
loggers: {}
`,
  );
  writeFileSync(path.join(conf, 'janus.plugin.videoroom.jcfg'), 'general: {\n}\n');
  writeFileSync(
    path.join(conf, 'janus.transport.websockets.jcfg'),
    `general: {
  json = "compact"
  ws = true
  ws_port = ${wsPort}
  ws_ip = "127.0.0.1"
  ws_acl = "127."
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`,
  );
  const log = openSync(path.join(dir, 'janus.log'), 'w');
  const child: ChildProcess = spawn('janus', ['-F', conf, '-o', '-D'], { stdio: ['ignore', log, log] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  // The websocket accepts connections ~0.1 s after start.
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`janus exited at start (code ${child.exitCode}); see ${dir}/janus.log`);
    if (await canConnect(wsPort)) break;
    if (i > 100) throw new Error('janus websocket did not open');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    pid: child.pid!,
    wsUrl: `ws://127.0.0.1:${wsPort}`,
    apiSecret,
    dir,
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
      if (!process.env.XB_BENCH_KEEP_JANUS) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

// Media benches run inside a fresh network namespace (see /work/shared/guide/WEBRTC-TESTING.md): Janus
// never gathers candidates on `lo`, so a veth carries 127.0.0.2 and Janus is told `ice_enforce_list = "127."`.
// Nothing can leave such a namespace; it disappears when the command exits. Needs root (unshare --net).
import { spawn } from 'node:child_process';

const SETUP = [
  'set -e',
  'ip link set lo up',
  'ip link add jlo0 type veth peer name jlo1', // this kernel has no "dummy" module
  'ip link set jlo0 addrgenmode none',
  'ip link set jlo1 addrgenmode none',
  'ip addr add 127.0.0.2/32 dev jlo0',
  'ip link set jlo1 up',
  'ip link set jlo0 up', // RUNNING only with both ends up; Janus needs RUNNING
].join('; ');

export const inNamespace = () => process.env.XB_NETNS === '1';

/** Runs `script` with node (this process's flags, so tsx too) inside a new network namespace; resolves with its exit code. */
export function runInNamespace(script: string, env: Record<string, string> = {}): Promise<number> {
  if (process.getuid?.() !== 0) throw new Error('the meetings bench needs root (unshare --net)');
  const argv = [process.execPath, ...process.execArgv.filter((a) => !a.startsWith('--cpu-prof')), script];
  const child = spawn('unshare', ['--net', 'bash', '-c', `${SETUP}; exec "$@"`, 'bash', ...argv], {
    stdio: 'inherit',
    env: { ...process.env, ...env, XB_NETNS: '1' },
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// The SMTP server of the email bench, in its own process (a school's relay is another machine, and on the
// 2-core box it should not share the gateway's event loop). Counts what arrives; started by
// gateway-email.bench.ts over IPC, never run by hand.
import { performance } from 'node:perf_hooks';
import { startSmtpPeer } from '../../helpers/smtp-peer.js';

const peer = await startSmtpPeer({ parse: false });
const epoch = (t: number) => performance.timeOrigin + t;

process.on('message', (msg: { cmd: 'stats' | 'stop' }) => {
  if (msg.cmd === 'stats') {
    const r = peer.received;
    const recipients = new Map<string, number>();
    for (const m of r) for (const to of m.to) recipients.set(to, (recipients.get(to) ?? 0) + 1);
    process.send!({
      cmd: 'stats',
      count: r.length,
      distinctRecipients: recipients.size,
      duplicates: [...recipients.values()].filter((n) => n > 1).length,
      bytes: r.reduce((s, m) => s + m.raw.length, 0),
      firstAt: r.length ? epoch(r[0]!.at) : null,
      lastAt: r.length ? epoch(r[r.length - 1]!.at) : null,
    });
    peer.received.length = 0; // the next run counts afresh
  } else {
    void peer.close().then(() => process.exit(0));
  }
});
process.send!({ cmd: 'ready', port: peer.port });

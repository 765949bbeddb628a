// Sending through our gammu-smsd: `gammu-smsd-inject` splits the text into UCS-2 parts and queues them in
// smsd's outbox; the daemon sends them and records each part in sentitems. send() waits for that, so 'sent'
// means the modem took every part — and a message the modem never took is taken back out of the outbox
// before we say "retry", so a retry can never make a second copy. After a crash, reconcile() finds what the
// interrupted send left in smsd's tables (same number, same text, not owned by another rung) and adopts it.
import { execFile } from 'node:child_process';
import { maskMobile } from '../../../lib/cn.js';
import { ChannelError, type SendOutcome } from '../gateway.channels.js';
import type { ModemStatus } from '../gateway.dto.js';
import { aliveWindowSeconds, type SmsdTuning } from './gammu.config.js';
import type { SmsdStore, ReportStatus } from './gammu.store.js';
import type { GammuSupervisor, SupervisorLog } from './gammu.supervisor.js';

export interface GammuSenderOptions {
  supervisor: GammuSupervisor;
  store: SmsdStore;
  tuning(): SmsdTuning;
  log: SupervisorLog;
  /** Another attempt already owns this smsd message (its ref): a reconcile must not adopt it twice. */
  taken(messageId: number, attemptId: string): boolean;
  injectBin?: string;
  /** How long the modem may take to send every part before the message is taken back. */
  sendTimeoutMs?: number;
  pollMs?: number;
  injectTimeoutMs?: number;
}

const LOCKED = /database is locked|locked/i;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface InjectResult {
  id: number | null;
  output: string;
  locked: boolean;
}

export class GammuSender {
  private stopping = false;

  constructor(private readonly o: GammuSenderOptions) {}

  /** Server shutdown: sends waiting for the modem give up now (taking their message back if they can). */
  stop(): void {
    this.stopping = true;
  }

  resume(): void {
    this.stopping = false;
  }

  /** Whether a message handed over now would be sent, and why not. */
  ready(): { ok: true } | { ok: false; why: string } {
    const s = this.o.supervisor.status();
    if (!s.running || !s.startedAt) return { ok: false, why: s.detail ?? 'gammu-smsd is not running' };
    if (!this.o.store.alive(s.startedAt, aliveWindowSeconds(this.o.tuning()))) return { ok: false, why: s.detail ?? 'the modem is not connected' };
    return { ok: true };
  }

  async send(phone: string, text: string, attemptId: string): Promise<SendOutcome> {
    const ready = this.ready();
    if (!ready.ok) throw new ChannelError(`modem not ready: ${ready.why}`, 'retry');
    const id = await this.inject(phone, text, attemptId);
    const queued = this.o.store.message(id);
    if (queued.outcome === 'queued' && (queued.text !== text || queued.destination !== phone)) {
      // Never seen with LC_ALL=C.UTF-8; without it Gammu stores Chinese text as nothing at all.
      this.o.store.cancelQueued(id);
      throw new ChannelError('Gammu stored a different text than it was given (locale?)', 'permanent');
    }
    return this.waitSent(id);
  }

  /** After a crash while sending: the message this attempt handed to smsd, if any. */
  async reconcile(phone: string, text: string, attemptId: string): Promise<SendOutcome | null> {
    const found = this.o.store.findSame(phone, text, (id) => this.o.taken(id, attemptId));
    if (!found) return null;
    this.o.log.info({ event: 'sms.gammu.reconciled', attempt: attemptId, message: found.id, outcome: found.outcome }, 'adopted an SMS sent before a restart');
    return { status: 'sent', ref: String(found.id), detail: found.outcome === 'sent' ? `${found.total} part(s)` : 'queued in the modem outbox' };
  }

  /** Delivery reports for these refs (smsd message IDs). */
  reports(refs: string[]): Map<string, ReportStatus> {
    const ids = refs.filter((r) => /^[0-9]{1,15}$/.test(r)).map(Number);
    const out = new Map<string, ReportStatus>();
    for (const [id, status] of this.o.store.reports(ids)) out.set(String(id), status);
    return out;
  }

  modemStatus(): ModemStatus {
    const s = this.o.supervisor.status();
    const connected = s.running && !!s.startedAt && this.o.store.alive(s.startedAt, aliveWindowSeconds(this.o.tuning()));
    const p = this.o.store.phone();
    const known = (v: string | null | undefined) => (v && v !== 'ERROR' ? v : null);
    const name = known(p?.NetName);
    const code = known(p?.NetCode);
    return {
      mode: 'gammu',
      running: connected,
      detail: connected ? null : (s.detail ?? (s.running ? 'gammu-smsd is running; the modem is not connected' : 'gammu-smsd is not running')),
      signalPercent: p && p.Signal >= 0 ? p.Signal : null,
      batteryPercent: p && p.Battery >= 0 ? p.Battery : null,
      network: name && code ? `${name} (${code})` : (name ?? code),
      imei: p?.IMEI || null,
      sent: p?.Sent ?? null,
      received: p?.Received ?? null,
      updatedAt: p ? new Date(`${p.UpdatedInDB.replace(' ', 'T')}Z`).toISOString() : null,
    };
  }

  /** Queue the text in smsd's outbox; returns its ID. A busy database is retried; an unclear failure is checked first. */
  private async inject(phone: string, text: string, attemptId: string): Promise<number> {
    let last = '';
    for (let attempt = 0; attempt < 5; attempt++) {
      if (attempt) {
        // The failed run may still have written the message (killed after the insert): never queue it twice.
        const already = this.o.store.findSame(phone, text, (id) => this.o.taken(id, attemptId));
        if (already) return already.id;
        await sleep(200 * 2 ** attempt);
      }
      const r = await this.runInject(phone, text);
      if (r.id !== null) {
        this.o.log.info({ event: 'sms.gammu.queued', attempt: attemptId, message: r.id, to: maskMobile(phone) }, 'SMS queued for the modem');
        return r.id;
      }
      last = r.output.split('\n').filter(Boolean).pop() ?? 'no output';
      this.o.log.warn({ event: 'sms.gammu.inject_failed', attempt: attemptId, locked: r.locked, line: last }, 'gammu-smsd-inject failed');
      if (!r.locked) break;
    }
    const already = this.o.store.findSame(phone, text, (id) => this.o.taken(id, attemptId));
    if (already) return already.id;
    throw new ChannelError(`gammu-smsd-inject failed: ${last}`, 'retry');
  }

  private runInject(phone: string, text: string): Promise<InjectResult> {
    const args = ['-c', this.o.supervisor.paths.conf, 'TEXT', phone, '-unicode', '-len', '1000', '-text', text];
    return new Promise((resolve) => {
      execFile(
        this.o.injectBin ?? 'gammu-smsd-inject',
        args,
        { env: this.o.supervisor.toolEnv, timeout: this.o.injectTimeoutMs ?? 60_000, maxBuffer: 1024 * 1024, killSignal: 'SIGKILL' },
        (err, stdout, stderr) => {
          const output = `${stdout}\n${stderr}${err && !stdout && !stderr ? `\n${err.message}` : ''}`;
          const m = /Written message with ID (\d+)/.exec(output);
          resolve({ id: m ? Number(m[1]) : null, output, locked: LOCKED.test(output) });
        },
      );
    });
  }

  /** Until every part is in sentitems. A message still waiting when time is up (or at shutdown) is taken back: retry. */
  private async waitSent(id: number): Promise<SendOutcome> {
    const timeout = this.o.sendTimeoutMs ?? 120_000;
    const deadline = Date.now() + timeout;
    // The daemon holds a message it is working on for at least 60 s; past that it has hung.
    const hardDeadline = deadline + 90_000;
    for (;;) {
      const m = this.o.store.message(id);
      if (m.outcome === 'sent') return { status: 'sent', ref: String(id), detail: `${m.total} part(s)` };
      if (m.outcome === 'failed') {
        // Parts already out cannot be called back; a retry would send them twice.
        if (m.sent) return { status: 'sent', ref: String(id), detail: `only ${m.sent}/${m.total} parts sent` };
        throw new ChannelError('the modem could not send it', 'retry');
      }
      if (m.outcome === 'missing') throw new ChannelError('the message left the modem outbox without being sent', 'retry');
      if (this.stopping || Date.now() >= deadline) {
        if (m.outcome === 'queued' && this.o.store.cancelQueued(id)) {
          throw new ChannelError(this.stopping ? 'server stopping; the modem had not sent it' : `the modem did not send it within ${Math.round(timeout / 1000)} s`, 'retry');
        }
        // The daemon has it (reserved or partly sent): count it as sent rather than risk a second copy.
        if (this.stopping || Date.now() >= hardDeadline) return { status: 'sent', ref: String(id), detail: `handed to the modem (${m.sent}/${m.total} parts confirmed)` };
      }
      await sleep(this.o.pollMs ?? 250);
    }
  }
}

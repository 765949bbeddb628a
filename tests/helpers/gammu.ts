// Shared by the Gammu tests: switch a test app to SMS through our gammu-smsd on Gammu's dummy phone, read
// smsd's own tables, fake the network's delivery report the way a modem would hand it over.
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { App } from '../../server/app.js';
import type { SmsChannel } from '../../server/modules/gateway/channels/sms.js';
import { decodeParts, udhParts } from '../../server/modules/gateway/sms/gammu.store.js';
import { findExecutable } from '../../server/modules/gateway/sms/gammu.supervisor.js';

export const HAVE_GAMMU = !!findExecutable('gammu-smsd', process.env.PATH) && !!findExecutable('gammu-smsd-inject', process.env.PATH);

export const smsChannel = (app: App) => app.services.gateway.channel('sms') as SmsChannel;

/** SMS through the dummy phone in `device`; urgent messages go by SMS at once. */
export async function useDummyModem(app: App, admin: string, device: string, extra: { policy?: unknown } = {}) {
  mkdirSync(device, { recursive: true });
  const view = (await app.inject({ method: 'GET', url: '/api/admin/gateway', headers: { cookie: admin } })).json();
  const config = {
    ...view.config,
    sms: { ...view.config.sms, mode: 'gammu', signature: '【测试中学】', gammu: { device, connection: 'dummy' } },
    policy: { ...view.config.policy, urgent: [{ afterMinutes: 0, channels: ['sms'] }], ...(extra.policy ?? {}) },
  };
  const res = await app.inject({ method: 'PUT', url: '/api/admin/gateway', headers: { cookie: admin }, payload: config });
  if (res.statusCode !== 200) throw new Error(`gateway config: ${res.statusCode} ${res.body}`);
}

export async function waitFor<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface SentPart {
  ID: number;
  SequencePosition: number;
  Status: string;
  Coding: string;
  UDH: string;
  Text: string;
  TextDecoded: string;
  DestinationNumber: string;
  TPMR: number;
  SMSCNumber: string;
  SendingDateTime: string;
}

/** smsd's database, read-only, as another process sees it. */
export function smsdTables(dataDir: string) {
  const db = new Database(join(dataDir, 'gammu', 'smsd.db'), { readonly: true, fileMustExist: true });
  return {
    sentParts: (id: number) => db.prepare('SELECT * FROM sentitems WHERE ID = ? ORDER BY SequencePosition').all(id) as SentPart[],
    /** Every message (outbox or sent) to this number, by smsd ID. */
    messagesTo: (number: string) =>
      (db.prepare('SELECT ID FROM outbox WHERE DestinationNumber = ? UNION SELECT ID FROM sentitems WHERE DestinationNumber = ? ORDER BY ID').all(number, number) as { ID: number }[]).map((r) => r.ID),
    outboxCount: () => (db.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n,
    close: () => db.close(),
  };
}

/** The text of a sent message, joined from its parts, and how many parts it says it has. */
export function joined(parts: SentPart[]) {
  return { text: decodeParts(parts), total: udhParts(parts[0]?.UDH)?.total ?? 1 };
}

/**
 * A status report as the modem would store it, in Gammu's smsbackup format, dropped into the dummy phone's
 * inbox folder (temp name, then rename: the daemon must never read half a file).
 */
export function deliverReport(device: string, part: SentPart, text: 'Delivered' | 'Failed') {
  const folder = join(device, 'sms', '1');
  const used = new Set(readdirSync(folder));
  let n = 1;
  while (used.has(String(n))) n++;
  const hex = Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();
  const when = part.SendingDateTime.replace(/[-:]/g, '').replace(' ', 'T'); // smsd's UTC, vCalendar style
  const body = [
    '[SMSBackup000]',
    `SMSC = "${part.SMSCNumber}"`,
    'PDU = Status_Report',
    'State = UnRead',
    `Number = "${part.DestinationNumber}"`,
    `DateTime = ${when}`,
    `Text00 = ${hex}`,
    'Coding = Default_No_Compression',
    'Folder = 1',
    `Length = ${text.length}`,
    'Class = -1',
    `MessageReference = ${part.TPMR}`,
    '',
  ].join('\n');
  const tmp = join(folder, `.report-${n}.tmp`);
  writeFileSync(tmp, body);
  renameSync(tmp, join(folder, String(n)));
}

/** gammu-smsd processes started with a config under one of these folders (for the final clean-up). */
export function daemonsUnder(dirs: string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmd.some((a) => a.endsWith('gammu-smsd')) && cmd.some((a) => dirs.some((d) => a.startsWith(d)))) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

// gammu-smsd's own SQLite database (its SQL backend): made from Gammu's schema on first start, then only read
// by us — which parts of a message went out (sentitems: one row per part), delivery reports, the modem's
// status — except that we take back a message still waiting in the outbox when the modem is gone.
// The file is in WAL mode so our reads never block the daemon's writes. Times in it are UTC: the daemon and
// the inject tool run with TZ=UTC (Gammu writes "localtime", the schema's defaults write UTC).
import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

type Sqlite = Database.Database;

/** Where Debian's gammu and gammu-smsd packages put the SQLite schema (plain or gzipped). */
export const SCHEMA_CANDIDATES = [
  '/usr/share/doc/gammu/examples/sql/sqlite.sql',
  '/usr/share/doc/gammu-smsd/examples/sqlite.sql',
];

export function findSchema(candidates: readonly string[] = SCHEMA_CANDIDATES): string | null {
  for (const base of candidates) {
    if (existsSync(base)) return readFileSync(base, 'utf8');
    if (existsSync(`${base}.gz`)) return gunzipSync(readFileSync(`${base}.gz`)).toString('utf8');
  }
  return null;
}

/** Creates smsd's database from Gammu's schema, atomically (a half-made file would fail the daemon's checks). */
export function createSmsdDatabase(file: string, schema: string): void {
  const tmp = `${file}.new`;
  rmSync(tmp, { force: true });
  const db = new Database(tmp);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(schema);
  } finally {
    db.close();
  }
  renameSync(tmp, file);
}

/**
 * Before a daemon starts, the modem rows of the previous one go: a phones row then always belongs to the
 * running daemon, so "connected" cannot be read from a dead daemon's last beat.
 */
export function forgetPhones(file: string): void {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 3000');
    db.prepare('DELETE FROM phones').run();
  } finally {
    db.close();
  }
}

export type MessageOutcome = 'queued' | 'sending' | 'sent' | 'failed' | 'missing';

export interface MessageState {
  id: number;
  outcome: MessageOutcome;
  /** Parts the message was split into, and how many went out. */
  total: number;
  sent: number;
  text: string;
  destination: string | null;
}

export type ReportStatus = 'delivered' | 'failed';

export interface PhoneRow {
  IMEI: string;
  NetCode: string | null;
  NetName: string | null;
  Battery: number;
  Signal: number;
  Sent: number;
  Received: number;
  UpdatedInDB: string;
}

const SENT_OK = new Set(['SendingOK', 'SendingOKNoReport', 'DeliveryOK', 'DeliveryPending', 'DeliveryUnknown', 'DeliveryFailed']);
const SEND_FAILED = new Set(['SendingError', 'Error']);

/** The concatenation header of a part: "050003RRTTPP" (8-bit reference) or "060804RRRRTTPP" (16-bit). */
export function udhParts(udh: string | null | undefined): { total: number; part: number } | null {
  if (!udh || !/^([0-9A-Fa-f]{2})+$/.test(udh)) return null;
  const b = Buffer.from(udh, 'hex');
  for (let i = 1; i + 1 < b.length && i <= b[0]!; ) {
    const iei = b[i]!;
    const n = b[i + 1]!;
    // IE data starts at i + 2: [reference][total][part], the reference one byte (IEI 0) or two (IEI 8).
    if (iei === 0x00 && n === 3 && i + 4 < b.length) return { total: b[i + 3]!, part: b[i + 4]! };
    if (iei === 0x08 && n === 4 && i + 5 < b.length) return { total: b[i + 4]!, part: b[i + 5]! };
    i += 2 + n;
  }
  return null;
}

/** Gammu keeps a part's text as hex UCS-2 (big endian); joining the hex first keeps split surrogate pairs whole. */
export function decodeParts(parts: { Text: string | null; TextDecoded: string | null }[]): string {
  if (parts.every((p) => p.Text && /^([0-9A-Fa-f]{4})+$/.test(p.Text))) {
    const buf = Buffer.from(parts.map((p) => p.Text).join(''), 'hex');
    return buf.swap16().toString('utf16le');
  }
  return parts.map((p) => p.TextDecoded ?? '').join('');
}

/** 'YYYY-MM-DD HH:MM:SS' in UTC, the way the daemon (TZ=UTC) writes times. */
export const sqlUtc = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' '); // truncated to the second, as smsd's

export function createSmsdStore(file: string) {
  let db: Sqlite | null = null;

  function open(): Sqlite | null {
    if (db?.open) return db;
    if (!existsSync(file)) return null;
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 3000');
    return db;
  }
  function need(): Sqlite {
    const d = open();
    if (!d) throw new Error('the SMS daemon database does not exist yet');
    return d;
  }

  type PartRow = { SequencePosition: number; Status: string; Text: string | null; TextDecoded: string | null; UDH: string | null; DestinationNumber: string };

  function message(id: number): MessageState {
    const d = need();
    const sent = d
      .prepare('SELECT SequencePosition, Status, Text, TextDecoded, UDH, DestinationNumber FROM sentitems WHERE ID = ? ORDER BY SequencePosition')
      .all(id) as PartRow[];
    const head = d.prepare('SELECT Text, TextDecoded, UDH, DestinationNumber, MultiPart FROM outbox WHERE ID = ?').get(id) as
      | (Omit<PartRow, 'SequencePosition' | 'Status'> & { MultiPart: string })
      | undefined;
    const rest = head
      ? (d.prepare('SELECT SequencePosition, Text, TextDecoded, UDH FROM outbox_multipart WHERE ID = ? ORDER BY SequencePosition').all(id) as PartRow[])
      : [];
    if (!sent.length && !head) return { id, outcome: 'missing', total: 0, sent: 0, text: '', destination: null };
    const queued = head ? [head, ...rest] : [];
    const total = udhParts((sent[0] ?? queued[0])?.UDH)?.total ?? Math.max(queued.length, 1);
    // The outbox row holds the whole text until the daemon is done; afterwards sentitems does.
    const text = decodeParts(queued.length ? queued : sent);
    const destination = (sent[0] ?? head)?.DestinationNumber ?? null;
    const ok = sent.filter((p) => SENT_OK.has(p.Status)).length;
    let outcome: MessageOutcome;
    if (sent.some((p) => SEND_FAILED.has(p.Status))) outcome = head ? 'sending' : 'failed';
    else if (ok >= total) outcome = 'sent';
    else outcome = sent.length ? 'sending' : 'queued';
    return { id, outcome, total, sent: ok, text, destination };
  }

  return {
    file,
    /** The database exists (the supervisor made it). */
    available: () => open() !== null,
    message,

    /**
     * Takes a message back from the outbox if the daemon has not picked it up (it reserves a message by
     * moving SendingTimeOut into the future). True = it will never go out.
     */
    cancelQueued(id: number): boolean {
      const d = need();
      return d.transaction(() => {
        const gone = d.prepare(`DELETE FROM outbox WHERE ID = ? AND SendingTimeOut <= datetime('now')`).run(id).changes === 1;
        if (gone) d.prepare('DELETE FROM outbox_multipart WHERE ID = ?').run(id);
        return gone;
      })();
    },

    /**
     * The newest message to this number with exactly this text that did not fail, and that `taken` does not
     * claim (another rung already owns it). Content, not time: the box may boot with a wrong clock.
     */
    findSame(destination: string, text: string, taken: (id: number) => boolean): MessageState | null {
      const d = open();
      if (!d) return null;
      const ids = d
        .prepare(
          `SELECT ID FROM outbox WHERE DestinationNumber = ?
           UNION SELECT ID FROM sentitems WHERE DestinationNumber = ? AND Status NOT IN ('SendingError', 'Error')
           ORDER BY ID DESC LIMIT 50`,
        )
        .all(destination, destination) as { ID: number }[];
      for (const { ID } of ids) {
        if (taken(ID)) continue;
        const m = message(ID);
        if (m.outcome !== 'missing' && m.outcome !== 'failed' && m.text === text) return m;
      }
      return null;
    },

    /** Delivery state of these messages: delivered once every part is, failed when any part failed. */
    reports(ids: number[]): Map<number, ReportStatus> {
      const out = new Map<number, ReportStatus>();
      const d = open();
      if (!d || !ids.length) return out;
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = d
          .prepare(`SELECT ID, Status, UDH FROM sentitems WHERE ID IN (${chunk.map(() => '?').join(',')})`)
          .all(...chunk) as { ID: number; Status: string; UDH: string | null }[];
        const byId = new Map<number, typeof rows>();
        for (const r of rows) byId.set(r.ID, [...(byId.get(r.ID) ?? []), r]);
        for (const [id, parts] of byId) {
          const total = udhParts(parts[0]!.UDH)?.total ?? 1;
          if (parts.some((p) => p.Status === 'DeliveryFailed' || SEND_FAILED.has(p.Status))) out.set(id, 'failed');
          else if (parts.filter((p) => p.Status === 'DeliveryOK').length >= total) out.set(id, 'delivered');
        }
      }
      return out;
    },

    /** The modem as the daemon last saw it. */
    phone(): PhoneRow | null {
      const d = open();
      if (!d) return null;
      return (d.prepare('SELECT IMEI, NetCode, NetName, Battery, Signal, Sent, Received, UpdatedInDB FROM phones ORDER BY UpdatedInDB DESC LIMIT 1').get() as PhoneRow | undefined) ?? null;
    },

    /**
     * The daemon started at `since` has connected to the modem and still beats: its phones row was inserted
     * after it started and refreshed within the window (the daemon deletes and re-inserts the row on connect).
     */
    alive(since: Date, windowSeconds: number): boolean {
      const d = open();
      if (!d) return false;
      const row = d
        .prepare(`SELECT 1 FROM phones WHERE InsertIntoDB >= ? AND UpdatedInDB >= datetime('now', ?) LIMIT 1`)
        .get(sqlUtc(since), `-${Math.ceil(windowSeconds)} seconds`); // both to the second: connected after the start
      return !!row;
    },

    close(): void {
      if (db?.open) db.close();
      db = null;
    },
  };
}
export type SmsdStore = ReturnType<typeof createSmsdStore>;

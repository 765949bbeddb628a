// Gammu's smsdrc, made from the admin's modem settings: [gammu] says how to reach the modem, [smsd] runs the
// SQL backend on our own SQLite file. The file holds the SIM PIN, so it is written 0600 in a 0700 folder.
// The daemon and the inject tool both read it; both run with TZ=UTC (Gammu stores local times in SQLite).
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GammuConfig } from '../gateway.dto.js';

export interface SmsdPaths {
  dir: string;
  conf: string;
  /** dbdir + database as Gammu wants them, and the whole path for us. */
  dbName: string;
  db: string;
  pid: string;
}

export function smsdPaths(dataDir: string): SmsdPaths {
  const dir = join(dataDir, 'gammu');
  return { dir, conf: join(dir, 'smsdrc'), dbName: 'smsd.db', db: join(dir, 'smsd.db'), pid: join(dir, 'gammu-smsd.pid') };
}

/** Seconds. Gammu's defaults are tuned for phones on a desk; ours for a modem the box depends on. */
export interface SmsdTuning {
  /** Main loop: how often the outbox is looked at. */
  loopSleep: number;
  /** How often the modem is asked for new messages (delivery reports arrive this way). */
  receiveFrequency: number;
  /** How often signal and battery are read into the phones table (also our "daemon is alive" beat). */
  statusFrequency: number;
  commTimeout: number;
  sendTimeout: number;
  maxRetries: number;
  /** How far a delivery report's time may be from the sending time and still match. */
  deliveryReportDelay: number;
}

export const MODEM_TUNING: SmsdTuning = { loopSleep: 1, receiveFrequency: 15, statusFrequency: 15, commTimeout: 30, sendTimeout: 30, maxRetries: 2, deliveryReportDelay: 7200 };
/** Gammu's dummy phone answers at once: everything fast, so tests and demos do not wait. */
export const DUMMY_TUNING: SmsdTuning = { ...MODEM_TUNING, receiveFrequency: 1, statusFrequency: 1, commTimeout: 1, sendTimeout: 10 };

export const tuningFor = (gammu: GammuConfig): SmsdTuning => (gammu.connection === 'dummy' ? DUMMY_TUNING : MODEM_TUNING);

/** How old the daemon's last status beat may be before we call the modem gone. */
export const aliveWindowSeconds = (t: SmsdTuning) => t.statusFrequency * 3 + 5;

/** smsd's SenderID: ties outbox rows and delivery reports to our daemon. */
export const PHONE_ID = 'xiaoban';

// Values end up in an INI file: a newline would let a value add its own keys (RunOnReceive = a shell
// command). Devices are paths or Bluetooth addresses, connections are Gammu's names, PINs digits.
const DEVICE = /^[A-Za-z0-9_./:@+-]{1,255}$/;
const CONNECTION = /^[A-Za-z0-9_-]{1,40}$/;
const PIN = /^[0-9]{4,8}$/;
const PATH = /^[^\u0000-\u001f\u007f;#]+$/;

export class GammuConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GammuConfigError';
  }
}

/** Pure: the smsdrc text for these settings. Throws GammuConfigError for values that cannot go in the file. */
export function renderSmsdrc(gammu: GammuConfig, paths: Pick<SmsdPaths, 'dir' | 'dbName'>, tuning: SmsdTuning = tuningFor(gammu)): string {
  if (!DEVICE.test(gammu.device)) throw new GammuConfigError(`The modem device "${gammu.device}" is not a device path`);
  if (!CONNECTION.test(gammu.connection)) throw new GammuConfigError(`"${gammu.connection}" is not a Gammu connection name`);
  if (gammu.pin && !PIN.test(gammu.pin)) throw new GammuConfigError('The SIM PIN must be 4 to 8 digits');
  if (!PATH.test(paths.dir)) throw new GammuConfigError('The data directory cannot be written into a Gammu configuration');
  const dummy = gammu.connection === 'dummy';
  const lines = [
    '# Written by xiaoban from the admin settings; changes here are overwritten.',
    '[gammu]',
    `device = ${gammu.device}`,
    ...(dummy ? ['model = dummy', 'connection = none'] : [`connection = ${gammu.connection}`]),
    // Locks in /var/lock are not writable under the service's ProtectSystem=strict; only our daemon opens the modem.
    'use_locking = no',
    '',
    '[smsd]',
    'service = sql',
    'driver = sqlite3',
    `dbdir = ${paths.dir}/`,
    `database = ${paths.dbName}`,
    `PhoneID = ${PHONE_ID}`,
    ...(gammu.pin ? [`PIN = ${gammu.pin}`] : []),
    // The supervisor reads stderr into our own logs (no log file growing in the data directory).
    'logfile = stderr',
    'debuglevel = 0',
    'DeliveryReport = sms',
    `DeliveryReportDelay = ${tuning.deliveryReportDelay}`,
    'CheckSignal = 1',
    'CheckBattery = 1',
    'CheckNetwork = 1',
    `LoopSleep = ${tuning.loopSleep}`,
    `ReceiveFrequency = ${tuning.receiveFrequency}`,
    `StatusFrequency = ${tuning.statusFrequency}`,
    `CommTimeout = ${tuning.commTimeout}`,
    `SendTimeout = ${tuning.sendTimeout}`,
    `MaxRetries = ${tuning.maxRetries}`,
    '',
  ];
  return lines.join('\n');
}

/** Writes the smsdrc (temp file + rename, 0600). Returns whether its content changed. */
export async function writeSmsdrc(paths: SmsdPaths, text: string): Promise<boolean> {
  await mkdir(paths.dir, { recursive: true, mode: 0o700 });
  await chmod(paths.dir, 0o700);
  const before = await readFile(paths.conf, 'utf8').catch(() => null);
  if (before === text) return false;
  const tmp = `${paths.conf}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, paths.conf);
  return true;
}

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GammuConfigError, renderSmsdrc, smsdPaths, writeSmsdrc } from './gammu.config.js';

const paths = { dir: '/var/lib/xiaoban/gammu', dbName: 'smsd.db' };
const ini = (text: string) => {
  const out: Record<string, Record<string, string>> = {};
  let section = '';
  for (const line of text.split('\n')) {
    const s = /^\[(\w+)\]$/.exec(line);
    if (s) out[(section = s[1]!)] = {};
    const kv = /^(\w+) = (.*)$/.exec(line);
    if (kv) out[section]![kv[1]!] = kv[2]!;
  }
  return out;
};

describe('renderSmsdrc', () => {
  it('drives a serial modem through the SQL backend on our SQLite file, with the PIN', () => {
    const conf = ini(renderSmsdrc({ device: '/dev/ttyUSB2', connection: 'at115200', pin: '1234' }, paths));
    expect(conf.gammu).toEqual({ device: '/dev/ttyUSB2', connection: 'at115200', use_locking: 'no' });
    expect(conf.smsd).toMatchObject({
      service: 'sql', driver: 'sqlite3', dbdir: '/var/lib/xiaoban/gammu/', database: 'smsd.db', PIN: '1234', PhoneID: 'xiaoban',
      logfile: 'stderr', DeliveryReport: 'sms', CheckSignal: '1', CheckBattery: '1', StatusFrequency: '15', ReceiveFrequency: '15',
    });
  });

  it("uses Gammu's dummy phone for connection 'dummy', fast, and no PIN line without a PIN", () => {
    const conf = ini(renderSmsdrc({ device: '/tmp/xb/phone', connection: 'dummy' }, paths));
    expect(conf.gammu).toEqual({ device: '/tmp/xb/phone', model: 'dummy', connection: 'none', use_locking: 'no' });
    expect(conf.smsd!.PIN).toBeUndefined();
    expect(conf.smsd).toMatchObject({ StatusFrequency: '1', ReceiveFrequency: '1', LoopSleep: '1' });
  });

  it('refuses values that would add their own lines to the file', () => {
    expect(() => renderSmsdrc({ device: '/dev/ttyUSB0\nRunOnReceive = rm -rf /', connection: 'at' }, paths)).toThrow(GammuConfigError);
    expect(() => renderSmsdrc({ device: '/dev/ttyUSB0', connection: 'at # x' }, paths)).toThrow(GammuConfigError);
    expect(() => renderSmsdrc({ device: '/dev/ttyUSB0', connection: 'at', pin: '12' }, paths)).toThrow('4 to 8 digits');
    expect(() => renderSmsdrc({ device: '/dev/ttyUSB0', connection: 'at' }, { dir: '/data\n[smsd]', dbName: 'smsd.db' })).toThrow(GammuConfigError);
  });
});

describe('writeSmsdrc', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the file 0600 in a 0700 folder (it holds the SIM PIN) and says whether it changed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'xb-smsdrc-'));
    const p = smsdPaths(dir);
    const text = renderSmsdrc({ device: '/dev/ttyUSB0', connection: 'at', pin: '4321' }, p);
    expect(await writeSmsdrc(p, text)).toBe(true);
    expect(statSync(p.dir).mode & 0o777).toBe(0o700);
    expect(statSync(p.conf).mode & 0o777).toBe(0o600);
    expect(readFileSync(p.conf, 'utf8')).toContain('PIN = 4321');
    expect(await writeSmsdrc(p, text)).toBe(false);
    expect(await writeSmsdrc(p, text.replace('4321', '9999'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../../server/modules/backup/backup.dto';
import { ApiError } from '../../../api/client';
import {
  ageInWords,
  backupErrorText,
  codeText,
  emptyTargetDraft,
  etaText,
  freshness,
  freshnessTone,
  policyDraftOf,
  policyOf,
  progressPercent,
  runErrorText,
  sameSchoolName,
  spaceTone,
  spanInWords,
  targetInputOf,
  usedFraction,
} from './backup-view';

const NOW = Date.parse('2025-11-28T02:00:00Z');
const ago = (h: number) => new Date(NOW - h * 3_600_000).toISOString();

describe('how fresh the last off-site backup is', () => {
  it('is green up to 26 h, amber to 72 h, red after that or never', () => {
    expect(freshness(ago(1), NOW)).toBe('ok');
    expect(freshness(ago(26), NOW)).toBe('ok');
    expect(freshness(ago(26.1), NOW)).toBe('stale');
    expect(freshness(ago(72), NOW)).toBe('stale');
    expect(freshness(ago(73), NOW)).toBe('danger');
    expect(freshness(null, NOW)).toBe('never');
    expect(freshness('not a date', NOW)).toBe('never');
    expect([freshnessTone('ok'), freshnessTone('stale'), freshnessTone('danger'), freshnessTone('never')]).toEqual(['success', 'warning', 'danger', 'danger']);
  });

  it('says the age in words, two units at most', () => {
    expect(ageInWords(new Date(NOW - 20_000).toISOString(), NOW)).toBe('刚刚');
    expect(ageInWords(ago(3 + 12 / 60), NOW)).toBe('3 小时 12 分钟前');
    expect(ageInWords(ago(53), NOW)).toBe('2 天 5 小时前');
    expect(spanInWords(95_000)).toBe('1 分钟 35 秒');
    expect(spanInWords(0)).toBe('0 秒');
    expect(spanInWords(2 * 86_400_000 + 5 * 60_000)).toBe('2 天');
  });
});

describe('progress', () => {
  it('uses restic fraction, falls back to bytes, and never passes 100 %', () => {
    expect(progressPercent({ percent: 0.25, bytesDone: null, bytesTotal: null })).toBe(0.25);
    expect(progressPercent({ percent: null, bytesDone: 50, bytesTotal: 200 })).toBe(0.25);
    expect(progressPercent({ percent: 1.0000001, bytesDone: null, bytesTotal: null })).toBe(1);
    expect(progressPercent({ percent: 40, bytesDone: null, bytesTotal: null })).toBe(0.4);
    expect(progressPercent({ percent: null, bytesDone: 5, bytesTotal: 0 })).toBeNull();
    expect(progressPercent(null)).toBeNull();
  });

  it('rounds a long ETA up to whole minutes and hides an unknown one', () => {
    expect(etaText(107)).toBe('约剩 2 分钟');
    expect(etaText(45)).toBe('约剩 45 秒');
    expect(etaText(0)).toBe('');
    expect(etaText(null)).toBe('');
  });

  it('colours the target disk by how full it is', () => {
    expect(usedFraction({ freeBytes: 25, totalBytes: 100 })).toBe(0.75);
    expect(spaceTone({ freeBytes: 25, totalBytes: 100 })).toBe('success');
    expect(spaceTone({ freeBytes: 8, totalBytes: 100 })).toBe('warning');
    expect(spaceTone({ freeBytes: 2, totalBytes: 100 })).toBe('danger');
    expect(spaceTone({ freeBytes: null, totalBytes: null })).toBe('neutral');
  });
});

describe('target form', () => {
  it('builds the PUT body for each kind and names the wrong fields', () => {
    expect(targetInputOf({ ...emptyTargetDraft(), path: ' /media/usb/xb ' }).input).toEqual({ kind: 'local', path: '/media/usb/xb' });
    expect(targetInputOf({ ...emptyTargetDraft(), path: 'media' }).errors.path).toBeTruthy();
    const sftp = targetInputOf({ ...emptyTargetDraft(), kind: 'sftp', host: 'nas.school.lan', port: '2222', user: 'backup', remotePath: '/srv/xb' });
    expect(sftp.input).toEqual({ kind: 'sftp', host: 'nas.school.lan', port: 2222, user: 'backup', remotePath: '/srv/xb' });
    const bad = targetInputOf({ ...emptyTargetDraft(), kind: 'sftp', host: 'a b', port: '70000', user: '', remotePath: '/a b' });
    expect(bad.input).toBeNull();
    expect(Object.keys(bad.errors).sort()).toEqual(['host', 'port', 'remotePath', 'user']);
    expect(targetInputOf({ ...emptyTargetDraft(), kind: 'rest', url: 'ftp://x' }).errors.url).toBeTruthy();
  });

  it('sends the existing repository password only when connecting to one', () => {
    const d = { ...emptyTargetDraft(), path: '/mnt/b', existingPassword: 'ignored-because-unticked' };
    expect(targetInputOf(d).input).toEqual({ kind: 'local', path: '/mnt/b' });
    expect(targetInputOf({ ...d, existing: true, existingPassword: 'short' }).errors.existingPassword).toBeTruthy();
    expect(targetInputOf({ ...d, existing: true, existingPassword: 'long-enough-pw' }).input?.existingPassword).toBe('long-enough-pw');
  });
});

describe('policy form', () => {
  it('round-trips the default policy and rejects out-of-range values', () => {
    expect(policyOf(policyDraftOf(DEFAULT_POLICY)).policy).toEqual(DEFAULT_POLICY);
    const { policy, errors } = policyOf({ ...policyDraftOf(DEFAULT_POLICY), keepDaily: '0', dailyAt: '25:00', weeklyOn: '8' });
    expect(policy).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['dailyAt', 'keepDaily', 'weeklyOn']);
  });
});

describe('errors in plain words', () => {
  it('translates restic codes, bare or prefixed, and run errors', () => {
    expect(codeText('UNREACHABLE')).toBe(codeText('RESTIC_UNREACHABLE'));
    expect(codeText('UNREACHABLE')).toMatch(/^备份盘未连接或无法访问/);
    expect(codeText('RESTIC_RESTIC_MISSING')).toMatch(/restic/);
    expect(codeText('SOMETHING_ELSE')).toBeNull();
    expect(backupErrorText(new ApiError({ code: 'RESTIC_NO_SPACE', status: 507 }))).toMatch(/备份盘已满/);
    expect(runErrorText('LOCKED: repository is already locked by PID 42')).toEqual({ text: expect.stringMatching(/锁/), detail: 'repository is already locked by PID 42' });
    expect(runErrorText('exit status 1')?.detail).toBe('exit status 1');
    expect(runErrorText(null)).toBeNull();
  });
});

describe('whole-box confirmation', () => {
  it('accepts the school name typed with stray spaces or full-width forms, nothing else', () => {
    expect(sameSchoolName(' 示范 中学 ', '示范中学')).toBe(true);
    expect(sameSchoolName('Ｓｈｉｆａｎ', 'Shifan')).toBe(true);
    expect(sameSchoolName('示范', '示范中学')).toBe(false);
    expect(sameSchoolName('', '')).toBe(false);
  });
});

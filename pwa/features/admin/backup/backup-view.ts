// Pure view logic of the backup panel: how fresh the last off-site backup is, progress and duration in words,
// the target form's draft → TargetInput, the problem codes in plain words. No DOM, no fetch: unit-tested.
import type { BackupPolicy, RunKind, RunProgress, RunStatus, RunView, SnapshotView, TargetInput, TargetKind, TargetStatus } from '../../../../server/modules/backup/backup.dto';
import { ApiError } from '../../../api/client';
import { t, tMaybe, type MessageKey } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatBytes } from '../../../i18n/format';
import type { Tone } from '../../../ui';

const HOUR = 3_600_000;
/** A daily backup that is more than 26 h old missed its run; after 3 days the school is exposed. */
export const STALE_AFTER_MS = 26 * HOUR;
export const DANGER_AFTER_MS = 72 * HOUR;

export type Freshness = 'ok' | 'stale' | 'danger' | 'never';

/** green (≤ 26 h), amber (26–72 h), red (older, or never). */
export function freshness(lastSuccessAt: string | null | undefined, now: number): Freshness {
  if (!lastSuccessAt) return 'never';
  const age = now - Date.parse(lastSuccessAt);
  if (!Number.isFinite(age)) return 'never';
  if (age <= STALE_AFTER_MS) return 'ok';
  if (age <= DANGER_AFTER_MS) return 'stale';
  return 'danger';
}

export const freshnessTone = (f: Freshness): Tone => (f === 'ok' ? 'success' : f === 'stale' ? 'warning' : 'danger');

/** "刚刚" / "3 小时 12 分钟前" / "2 天 5 小时前": the two largest units, in words. */
export function ageInWords(iso: string, now: number): string {
  const ms = Math.max(0, now - Date.parse(iso));
  if (ms < 60_000) return t('backup.age.justNow');
  return t('backup.age.ago', { span: spanInWords(ms) });
}

/** 95 s → "1 分 35 秒"; 2 h 3 min → "2 小时 3 分钟"; 3 d 4 h → "3 天 4 小时" (two largest non-zero units). */
export function spanInWords(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const parts: string[] = [];
  if (d) parts.push(t('backup.units.d', { n: d }));
  if (h) parts.push(t('backup.units.h', { n: h }));
  if (m && !d) parts.push(t('backup.units.m', { n: m }));
  if (!d && !h && (sec || !m)) parts.push(t('backup.units.s', { n: sec }));
  return parts.slice(0, 2).join(' ');
}

/** A run's duration: "—" while unknown. */
export const durationText = (ms: number | null | undefined): string => (ms === null || ms === undefined ? '—' : spanInWords(ms));

/** 0…1 from restic's fraction; null when restic has not said yet. Never past 100 % (restic over-counts at the end). */
export function progressPercent(p: Pick<RunProgress, 'percent' | 'bytesDone' | 'bytesTotal'> | null | undefined): number | null {
  if (!p) return null;
  let f = p.percent;
  if (f === null && p.bytesDone !== null && p.bytesTotal) f = p.bytesDone / p.bytesTotal;
  if (f === null || !Number.isFinite(f)) return null;
  // The server relays restic's 0…1; accept 0…100 too, so a contract slip does not show "5000 %".
  if (f > 1.0001) f = f / 100;
  return Math.min(1, Math.max(0, f));
}

/** "1.2 GB / 4.8 GB" or "1.2 GB" while the total is unknown. */
export function bytesLine(p: Pick<RunProgress, 'bytesDone' | 'bytesTotal'>): string {
  if (p.bytesDone === null) return '';
  return p.bytesTotal ? `${formatBytes(p.bytesDone)} / ${formatBytes(p.bytesTotal)}` : formatBytes(p.bytesDone);
}

/** "约 3 分钟" remaining; '' when unknown or already done. */
export function etaText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return '';
  // Round up to a whole minute past one minute: "约 2 分钟" reads better than "1 分 47 秒".
  const ms = seconds > 90 ? Math.ceil(seconds / 60) * 60_000 : seconds * 1000;
  return t('backup.progress.eta', { span: spanInWords(ms) });
}

export const phaseText = (phase: string): string => tMaybe(`backup.phase.${phase}`) ?? phase;
export const kindText = (kind: RunKind): string => t(`backup.kind.${kind}` as MessageKey);
export const triggerText = (trigger: RunView['trigger']): string => t(`backup.trigger.${trigger}` as MessageKey);
export const statusTone = (s: RunStatus): Tone => (s === 'succeeded' ? 'success' : s === 'failed' ? 'danger' : 'primary');
export const statusText = (s: RunStatus): string => t(`backup.status.${s}` as MessageKey);
export const reasonTone = (r: SnapshotView['reason']): Tone =>
  r === 'daily' ? 'neutral' : r === 'manual' ? 'primary' : r === 'pre-restore' || r === 'pre-upgrade' ? 'warning' : 'neutral';
export const reasonText = (r: SnapshotView['reason']): string => t(`backup.reason.${r}` as MessageKey);

/** Used share of the target's disk (0…1), null when the size is not known. */
export function usedFraction(s: Pick<TargetStatus, 'freeBytes' | 'totalBytes'> | null | undefined): number | null {
  if (!s || s.freeBytes === null || !s.totalBytes) return null;
  return Math.min(1, Math.max(0, 1 - s.freeBytes / s.totalBytes));
}
/** Under 10 % free is a warning, under 3 % the next backup may fail. */
export function spaceTone(s: Pick<TargetStatus, 'freeBytes' | 'totalBytes'> | null | undefined): Tone {
  const used = usedFraction(s);
  if (used === null) return 'neutral';
  return used >= 0.97 ? 'danger' : used >= 0.9 ? 'warning' : 'success';
}

// ── target form ─────────────────────────────────────────────
export interface TargetDraft {
  kind: TargetKind;
  path: string;
  host: string;
  port: string;
  user: string;
  remotePath: string;
  url: string;
  existing: boolean;
  existingPassword: string;
}

export const emptyTargetDraft = (): TargetDraft => ({
  kind: 'local', path: '', host: '', port: '22', user: '', remotePath: '', url: '', existing: false, existingPassword: '',
});

export type TargetErrors = Partial<Record<keyof TargetDraft, string>>;

/** The draft as the PUT body, or the fields in error (the same rules as the DTO, said in words). */
export function targetInputOf(d: TargetDraft): { input: TargetInput | null; errors: TargetErrors } {
  const errors: TargetErrors = {};
  const input: TargetInput = { kind: d.kind };
  if (d.kind === 'local') {
    const path = d.path.trim();
    if (!/^\/.+/.test(path)) errors.path = t('backup.target.errors.path');
    else input.path = path;
  } else if (d.kind === 'sftp') {
    const host = d.host.trim();
    const user = d.user.trim();
    const remotePath = d.remotePath.trim();
    const port = Number(d.port.trim() || '22');
    if (!/^[A-Za-z0-9.:_-]{1,253}$/.test(host)) errors.host = t('backup.target.errors.host');
    else input.host = host;
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(user)) errors.user = t('backup.target.errors.user');
    else input.user = user;
    if (!remotePath || /\s/.test(remotePath)) errors.remotePath = t('backup.target.errors.remotePath');
    else input.remotePath = remotePath;
    if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = t('backup.target.errors.port');
    else input.port = port;
  } else {
    const url = d.url.trim();
    if (!/^https?:\/\/\S+$/.test(url)) errors.url = t('backup.target.errors.url');
    else input.url = url;
  }
  if (d.existing) {
    if (d.existingPassword.length < 8) errors.existingPassword = t('backup.target.errors.password');
    else input.existingPassword = d.existingPassword;
  }
  return { input: Object.keys(errors).length ? null : input, errors };
}

// ── policy form ─────────────────────────────────────────────
export type PolicyDraft = Record<keyof BackupPolicy, string>;
export const policyDraftOf = (p: BackupPolicy): PolicyDraft =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [k, String(v)])) as PolicyDraft;

const INT_RANGES: Partial<Record<keyof BackupPolicy, [number, number]>> = {
  dbSnapshotMinutes: [0, 720], dbSnapshotsKept: [1, 500], weeklyOn: [1, 7], keepDaily: [1, 365], keepWeekly: [0, 260], keepMonthly: [0, 240], drillSampleBlobs: [1, 100000],
};

export function policyOf(d: PolicyDraft): { policy: BackupPolicy | null; errors: Partial<Record<keyof BackupPolicy, string>> } {
  const errors: Partial<Record<keyof BackupPolicy, string>> = {};
  const out: Record<string, string | number> = {};
  for (const key of Object.keys(d) as (keyof BackupPolicy)[]) {
    const raw = d[key].trim();
    const range = INT_RANGES[key];
    if (range) {
      const n = Number(raw);
      if (!raw || !Number.isInteger(n) || n < range[0] || n > range[1]) errors[key] = t('backup.policy.range', { min: range[0], max: range[1] });
      else out[key] = n;
    } else if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(raw)) errors[key] = t('backup.policy.timeInvalid');
    else out[key] = raw;
  }
  return { policy: Object.keys(errors).length ? null : (out as unknown as BackupPolicy), errors };
}

// ── errors ──────────────────────────────────────────────────
/** restic's error codes (ResticErrorCode) and the module's own codes in words; anything else as usual. */
export function backupErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    const known = codeText(err.code);
    if (known) return known;
  }
  return errorText(err);
}

/** A code from TargetStatus / a run's error, or null when there is no sentence for it. */
export function codeText(code: string | null | undefined): string | null {
  if (!code) return null;
  // restic's failures arrive as RESTIC_<ResticErrorCode> (RESTIC_UNREACHABLE) in problems, bare in statuses.
  return tMaybe(`backup.errors.${code}`) ?? (code.startsWith('RESTIC_') ? tMaybe(`backup.errors.${code.slice(7)}`) : undefined) ?? null;
}

/** A failed run's error column: "UNREACHABLE: ssh: connect …" → the sentence, with restic's words after it. */
export function runErrorText(error: string | null): { text: string; detail: string | null } | null {
  if (!error) return null;
  const m = /^([A-Z_]{3,40})(?::\s*(.*))?$/s.exec(error.trim());
  if (m) {
    const known = codeText(m[1]);
    if (known) return { text: known, detail: m[2]?.trim() || null };
  }
  return { text: t('backup.errors.FAILED'), detail: error };
}

/** The drill's check names as a checklist line. */
export function drillCheckLabel(name: string): string {
  return tMaybe(`backup.drill.check.${name}`) ?? name;
}

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const weekdayText = (n: number): string => t(`backup.weekday.${n}` as MessageKey);

/** Spaces and full-width forms do not make a typed school name wrong. */
export const sameSchoolName = (typed: string, school: string): boolean =>
  typed.normalize('NFKC').replace(/\s+/g, '') === school.normalize('NFKC').replace(/\s+/g, '') && school.trim() !== '';

// Pure helpers for the notice pages: tones and orders, paging, what needs the reader's action, the home card's
// picks, progress, and "date and time in the school's zone" ⇄ ISO for the datetime inputs. No DOM, no API.
import type { ConfirmMode, NoticeCategory, NoticeStatus, NoticeSummary, NoticeUrgency, RosterCounts } from '../../../server/modules/notices/notices.dto';

export type Tone = 'neutral' | 'primary' | 'success' | 'warning' | 'danger';

export const URGENCIES: readonly NoticeUrgency[] = ['normal', 'important', 'urgent'];
export const CONFIRM_MODES: readonly ConfirmMode[] = ['none', 'read', 'click', 'comment', 'signature'];
export const STATUSES: readonly NoticeStatus[] = ['draft', 'scheduled', 'published', 'withdrawn'];

export const URGENCY_TONE: Record<NoticeUrgency, Tone> = { normal: 'neutral', important: 'warning', urgent: 'danger' };
export const STATUS_TONE: Record<NoticeStatus, Tone> = { draft: 'neutral', scheduled: 'primary', published: 'success', withdrawn: 'neutral' };
export const CATEGORY_TONE: Record<NoticeCategory, string> = {
  teaching: 'blue',
  admin: 'purple',
  safety: 'rose',
  logistics: 'green',
  general: 'amber',
};

/** Modes in which the reader does something beyond opening the notice. */
export const ACTIVE_CONFIRM: ReadonlySet<ConfirmMode> = new Set(['click', 'comment', 'signature']);

/** Appends a page to what is shown, without duplicates (a notice may move between pages while paging). */
export function mergePage<T extends { id: string }>(shown: readonly T[], page: readonly T[]): T[] {
  const seen = new Set(shown.map((i) => i.id));
  return [...shown, ...page.filter((i) => !seen.has(i.id))];
}

/** Current (published, not expired) and the caller still has to confirm it. */
export function awaitsConfirmation(n: Pick<NoticeSummary, 'status' | 'expired' | 'confirmMode' | 'me'>): boolean {
  return n.status === 'published' && !n.expired && ACTIVE_CONFIRM.has(n.confirmMode) && !!n.me && !n.me.confirmedAt;
}

export function isUnread(n: Pick<NoticeSummary, 'status' | 'me'>): boolean {
  return n.status === 'published' && !!n.me && !n.me.readAt;
}

/**
 * The few notices the home card shows: current pinned or non-normal ones first (newest first), then — to fill up
 * — the newest others. Withdrawn and expired ones never.
 */
export function homePicks(items: readonly NoticeSummary[], n: number): NoticeSummary[] {
  const current = items.filter((i) => i.status === 'published' && !i.expired);
  const time = (i: NoticeSummary) => Date.parse(i.publishedAt ?? i.updatedAt) || 0;
  const byNewest = (a: NoticeSummary, b: NoticeSummary) => time(b) - time(a);
  const marked = current.filter((i) => i.pinned || i.urgency !== 'normal').sort(byNewest);
  const rest = current.filter((i) => !marked.includes(i)).sort(byNewest);
  return [...marked, ...rest].slice(0, n);
}

/** 0–100, whole numbers; 0 when there is nobody. */
export function percent(part: number, total: number): number {
  if (total <= 0) return 0;
  return Math.round((Math.max(0, Math.min(part, total)) / total) * 100);
}

/** The numbers a progress bar shows for a notice: read, and confirmed when the mode asks for it. */
export function progressOf(stats: RosterCounts, mode: ConfirmMode): { read: number; confirmed: number | null; total: number } {
  return { read: stats.read, confirmed: ACTIVE_CONFIRM.has(mode) ? stats.confirmed : null, total: stats.total };
}

// ── date and time in the school's zone ───────────────────────────────────────────────────────

const partsCache = new Map<string, Intl.DateTimeFormat>();
function zoneParts(at: Date, timeZone: string): Record<string, number> {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    partsCache.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

function offsetMs(at: Date, timeZone: string): number {
  const p = zoneParts(at, timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** '2026-03-02T08:30' read in the school's zone → ISO UTC; null when not such a value. */
export function localToIso(local: string, timeZone: string): string | null {
  const m = LOCAL.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes: the offset at the guessed instant, then at the corrected one (daylight saving edges).
  let at = naive - offsetMs(new Date(naive), timeZone);
  at = naive - offsetMs(new Date(at), timeZone);
  return new Date(at).toISOString();
}

/** ISO → '2026-03-02T08:30' in the school's zone (the value of an <input type="datetime-local">). */
export function isoToLocal(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const p = zoneParts(at, timeZone);
  const pad = (n: number | undefined) => String(n ?? 0).padStart(2, '0');
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour! % 24)}:${pad(p.minute)}`;
}

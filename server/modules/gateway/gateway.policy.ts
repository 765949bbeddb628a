// The ladder as a pure function: which channels to try for one person, when, and which are skipped and why.
// Rules: urgent ignores quiet hours and category opt-outs; a rung with nothing that can reach the person
// hands its time to the next rung (no push subscription → the email rung goes now).
import type { Category, ChannelName, DeliveryPrefs, EscalationPolicy, LadderUrgency, QuietHours } from './gateway.dto.js';

export interface PlannedAttempt {
  channel: ChannelName;
  step: number;
  dueAt: Date;
  status: 'pending' | 'skipped';
  reason: 'preference' | 'no_address' | 'quiet_hours' | null;
}

export interface PlanInput {
  policy: EscalationPolicy;
  urgency: LadderUrgency;
  category: Category;
  prefs: DeliveryPrefs;
  /** Channels the box has switched on. */
  enabled: ReadonlySet<ChannelName>;
  /** Channels this person has an address on. */
  reachable: ReadonlySet<ChannelName>;
  now: Date;
  timeZone: string;
}

const MINUTE = 60_000;

export function planLadder(p: PlanInput): PlannedAttempt[] {
  const out: PlannedAttempt[] = [];
  const urgent = p.urgency === 'urgent';
  let carry: number | null = null; // an empty rung's offset, handed to the next rung
  p.policy[p.urgency].forEach((rung, step) => {
    const offset = carry !== null ? Math.min(carry, rung.afterMinutes) : rung.afterMinutes;
    let due = new Date(p.now.getTime() + offset * MINUTE);
    let deferred = false;
    if (!urgent && p.prefs.quietHours) {
      const end = quietHoursEnd(due, p.prefs.quietHours, p.timeZone);
      if (end) {
        due = end;
        deferred = true;
      }
    }
    let usable = 0;
    for (const channel of rung.channels) {
      if (!p.enabled.has(channel)) continue; // the box does not use this channel at all: nothing to record
      if (!urgent && p.prefs.off[channel].includes(p.category)) {
        out.push({ channel, step, dueAt: due, status: 'skipped', reason: 'preference' });
      } else if (!p.reachable.has(channel)) {
        out.push({ channel, step, dueAt: due, status: 'skipped', reason: 'no_address' });
      } else {
        usable++;
        out.push({ channel, step, dueAt: due, status: 'pending', reason: deferred ? 'quiet_hours' : null });
      }
    }
    carry = usable ? null : offset;
  });
  return out;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Local minutes since midnight of `at` in the school's time zone (formatters are costly: one per zone). */
function localMinutes(at: Date, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) formatters.set(timeZone, (f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  const parts = f.formatToParts(at);
  const h = Number(parts.find((x) => x.type === 'hour')?.value ?? 0);
  const m = Number(parts.find((x) => x.type === 'minute')?.value ?? 0);
  return h * 60 + m;
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** When `at` falls in the quiet hours, the moment they end; otherwise null. Windows may cross midnight. */
export function quietHoursEnd(at: Date, q: QuietHours, timeZone: string): Date | null {
  const start = toMinutes(q.start);
  const end = toMinutes(q.end);
  if (start === end) return null;
  const now = localMinutes(at, timeZone);
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  const wait = (end - now + 1440) % 1440;
  const base = new Date(at);
  base.setUTCSeconds(0, 0);
  return new Date(base.getTime() + wait * MINUTE);
}

/** Retry back-off for a transient failure: 30 s, 1, 2, 4 … minutes, at most 30. */
export function retryDelayMs(tries: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, tries - 1), 30 * MINUTE);
}

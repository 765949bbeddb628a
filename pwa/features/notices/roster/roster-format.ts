// Pure helpers for the roster: each channel's outcome for a person (from the ladder's attempts), what a status and
// a reason are called, the reminder's cool-down, and a person's state in one word. No DOM, no API.
import type { ConfirmMode, DeliveryChannel, RosterAttempt, RosterEntry } from '../../../../server/modules/notices/notices.dto';
import { ACTIVE_CONFIRM } from '../notices-format';

export const CHANNELS: readonly DeliveryChannel[] = ['live', 'webpush', 'email', 'sms'];

export type AttemptStatus = RosterAttempt['status'];

/** Better outcomes first: what a channel finally did for a person is the best of its attempts. */
const RANK: Record<AttemptStatus, number> = { delivered: 0, sent: 1, sending: 2, pending: 3, failed: 4, skipped: 5, cancelled: 6 };

export interface ChannelSummary {
  channel: DeliveryChannel;
  status: AttemptStatus;
  /** Why (for failed/skipped/cancelled): the reason of the attempt that decided the status. */
  reason: string | null;
  /** When it was delivered or sent (or is due, when pending). */
  at: string | null;
  attempts: number;
}

/** One summary per channel the ladder tried for this person, in ladder order. */
export function channelSummaries(attempts: readonly RosterAttempt[]): ChannelSummary[] {
  const out: ChannelSummary[] = [];
  for (const channel of CHANNELS) {
    const mine = attempts.filter((a) => a.channel === channel);
    if (!mine.length) continue;
    // The best status; among equals the latest attempt (a reminder's outcome over the first one's).
    let best = mine[0]!;
    for (const a of mine.slice(1)) if (RANK[a.status] <= RANK[best.status]) best = a;
    const at = best.deliveredAt ?? best.sentAt ?? (best.status === 'pending' ? best.dueAt : null);
    out.push({ channel, status: best.status, reason: best.reason, at, attempts: mine.length });
  }
  return out;
}

export type StatusTone = 'success' | 'primary' | 'neutral' | 'danger' | 'muted';

export const ATTEMPT_TONE: Record<AttemptStatus, StatusTone> = {
  delivered: 'success',
  sent: 'success',
  sending: 'primary',
  pending: 'neutral',
  failed: 'danger',
  skipped: 'muted',
  cancelled: 'muted',
};

/** Reasons the PWA has words for; others are shown as the server wrote them. */
export const KNOWN_REASONS = [
  'read', 'preference', 'no_address', 'quiet_hours', 'channel_off', 'gone', 'retrying', 'interrupted', 'rejected', 'gave_up', 'withdrawn', 'expired', 'superseded',
] as const;
export type KnownReason = (typeof KNOWN_REASONS)[number];

export function knownReason(reason: string | null): KnownReason | null {
  if (!reason) return null;
  const key = reason.split(/[:\s]/)[0]!.toLowerCase();
  return (KNOWN_REASONS as readonly string[]).includes(key) ? (key as KnownReason) : null;
}

/** Seconds until the next reminder may be sent (0: now). */
export function remindWaitSeconds(remindAllowedAt: string | null, now: number): number {
  if (!remindAllowedAt) return 0;
  const ms = Date.parse(remindAllowedAt) - now;
  return Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** 299 → '4:59'. */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export type PersonState = 'confirmed' | 'read' | 'delivered' | 'pending';

/** A person's state in one word: confirmed (or, when nothing is to confirm, read), read, delivered, not yet. */
export function personState(e: Pick<RosterEntry, 'confirmedAt' | 'readAt' | 'deliveredAt'>, mode: ConfirmMode): PersonState {
  if (ACTIVE_CONFIRM.has(mode) && e.confirmedAt) return 'confirmed';
  if (e.readAt) return 'read';
  if (e.deliveredAt) return 'delivered';
  return 'pending';
}

/** The roster filter tabs the page offers for a mode: 未确认 only when there is something to confirm. */
export function rosterTabs(mode: ConfirmMode): ('all' | 'unread' | 'unconfirmed')[] {
  return ACTIVE_CONFIRM.has(mode) ? ['all', 'unread', 'unconfirmed'] : ['all', 'unread'];
}

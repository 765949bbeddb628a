// The escalation policy as the admin edits it: per urgency up to four rungs "after N minutes, if still unread,
// try these channels". Minutes stay text while typed; checkLadder() says what is wrong with each rung and
// gives the steps to save once everything is right.
import type { ChannelName, EscalationPolicy, LadderStep, LadderUrgency } from '../../../../server/modules/gateway/gateway.dto';
import { t } from '../../../i18n';

export const URGENCIES: readonly LadderUrgency[] = ['low', 'normal', 'high', 'urgent'];
/** The order chips are shown and channels are saved in: the cheapest first. */
export const LADDER_CHANNELS: readonly ChannelName[] = ['webpush', 'email', 'sms'];
export const MAX_RUNGS = 4;
/** One week, the server's limit for a rung's delay. */
export const MAX_MINUTES = 7 * 24 * 60;

export interface RungDraft {
  afterMinutes: string;
  channels: ChannelName[];
}
export type PolicyDraft = Record<LadderUrgency, RungDraft[]>;

export interface RungProblem {
  minutes?: string;
  channels?: string;
}

export function policyDraftOf(p: EscalationPolicy): PolicyDraft {
  const ladder = (steps: LadderStep[]) => steps.map((s) => ({ afterMinutes: String(s.afterMinutes), channels: sortChannels(s.channels) }));
  return { low: ladder(p.low), normal: ladder(p.normal), high: ladder(p.high), urgent: ladder(p.urgent) };
}

export function sortChannels(channels: readonly ChannelName[]): ChannelName[] {
  return LADDER_CHANNELS.filter((c) => channels.includes(c));
}

/** A whole number of minutes within 0 … one week, else undefined. */
export function parseMinutes(text: string): number | undefined {
  const s = text.trim();
  if (!/^\d{1,6}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= MAX_MINUTES ? n : undefined;
}

/**
 * A new last rung: an hour after the last one (immediately on an empty ladder), by SMS — the usual last
 * resort — unless the ladder already ends in SMS, then by email. Nothing is added past MAX_RUNGS.
 */
export function addRung(rungs: readonly RungDraft[]): RungDraft[] {
  if (rungs.length >= MAX_RUNGS) return [...rungs];
  const last = rungs[rungs.length - 1];
  const lastMinutes = last ? parseMinutes(last.afterMinutes) : undefined;
  const after = last ? Math.min(MAX_MINUTES, (lastMinutes ?? 0) + 60) : 0;
  const channels: ChannelName[] = last?.channels.includes('sms') ? ['email'] : ['sms'];
  return [...rungs, { afterMinutes: String(after), channels }];
}

export function removeRung(rungs: readonly RungDraft[], index: number): RungDraft[] {
  return rungs.filter((_, i) => i !== index);
}

export function setRungMinutes(rungs: readonly RungDraft[], index: number, text: string): RungDraft[] {
  return rungs.map((r, i) => (i === index ? { ...r, afterMinutes: text } : r));
}

export function toggleRungChannel(rungs: readonly RungDraft[], index: number, channel: ChannelName): RungDraft[] {
  return rungs.map((r, i) => {
    if (i !== index) return r;
    const on = r.channels.includes(channel);
    return { ...r, channels: sortChannels(on ? r.channels.filter((c) => c !== channel) : [...r.channels, channel]) };
  });
}

/** Problems per rung (same indexes), and the steps when there are none. Each rung must come later than the one before. */
export function checkLadder(rungs: readonly RungDraft[]): { problems: RungProblem[]; steps: LadderStep[] | null } {
  let previous: number | undefined;
  let ok = rungs.length <= MAX_RUNGS;
  const steps: LadderStep[] = [];
  const problems = rungs.map((r, i) => {
    const p: RungProblem = {};
    const minutes = parseMinutes(r.afterMinutes);
    if (minutes === undefined) p.minutes = t('gatewayAdmin.policy.minutesInvalid', { max: MAX_MINUTES });
    else if (i > 0 && previous !== undefined && minutes <= previous) p.minutes = t('gatewayAdmin.policy.minutesOrder', { prev: formatDelay(previous) });
    if (!r.channels.length) p.channels = t('gatewayAdmin.policy.channelsMissing');
    if (minutes !== undefined) previous = minutes;
    if (p.minutes || p.channels) ok = false;
    else steps.push({ afterMinutes: minutes!, channels: sortChannels(r.channels) });
    return p;
  });
  return { problems, steps: ok ? steps : null };
}

/** 0 → 立即; 45 → 45 分钟; 120 → 2 小时; 90 → 1 小时 30 分钟; 2880 → 2 天. */
export function formatDelay(minutes: number): string {
  if (minutes <= 0) return t('gatewayAdmin.delay.now');
  if (minutes < 60) return t('gatewayAdmin.delay.minutes', { n: minutes });
  if (minutes % 1440 === 0) return t('gatewayAdmin.delay.days', { n: minutes / 1440 });
  if (minutes % 60 === 0) return t('gatewayAdmin.delay.hours', { n: minutes / 60 });
  return t('gatewayAdmin.delay.hoursMinutes', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

export function channelLabel(c: ChannelName): string {
  return t(`gatewayAdmin.channel.${c}`);
}

/** One line for the ladder: "立即：推送、邮件 → 2 小时后仍未读：短信". */
export function ladderSummary(steps: readonly LadderStep[]): string {
  if (!steps.length) return t('gatewayAdmin.policy.appOnly');
  return steps
    .map((s) => {
      const channels = sortChannels(s.channels).map(channelLabel).join(t('gatewayAdmin.channelSeparator'));
      return s.afterMinutes === 0 ? t('gatewayAdmin.policy.summaryNow', { channels }) : t('gatewayAdmin.policy.summaryLater', { delay: formatDelay(s.afterMinutes), channels });
    })
    .join(' → ');
}

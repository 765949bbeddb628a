// Small pieces every meeting page shows the same way: my answer, the join button, the time range, the back link.
import { t, locale } from '../../i18n';
import { schoolTimeZone } from '../../i18n/format';
import { Badge, ButtonLink, Icon } from '../../ui';
import type { MeetingResponse, Occurrence } from './api-meetings';
import { dayKey, dayLabel, joinState, timeOf } from './meetings-format';

const RESPONSE_TONE = { none: 'warning', accepted: 'success', declined: 'neutral', tentative: 'primary' } as const;

export function ResponseBadge({ response }: { response: MeetingResponse }) {
  return <Badge tone={RESPONSE_TONE[response]}>{t(`meetings.response.${response}`)}</Badge>;
}

/** 10:00–11:00 (times on the school's clock). */
export function TimeRange({ o }: { o: Occurrence }) {
  const tz = schoolTimeZone.value;
  return (
    <span class="mt-time">
      {timeOf(o.startsAt, tz)}–{timeOf(o.endsAt, tz)}
    </span>
  );
}

/** 今天 · 9月2日 周三 10:00–11:00 */
export function WhenText({ o, now = Date.now() }: { o: Occurrence; now?: number }) {
  const tz = schoolTimeZone.value;
  return (
    <span>
      {dayLabel(dayKey(o.startsAt, tz), dayKey(now, tz), locale.value)} <TimeRange o={o} />
    </span>
  );
}

/** 加入 while it runs or within 10 minutes of the start; a live dot while it runs. */
export function JoinButton({ href, o, now = Date.now(), size = 'sm' }: { href: string; o: Occurrence | null; now?: number; size?: 'sm' | 'md' }) {
  const state = joinState(o, now);
  if (!state) return null;
  return (
    <ButtonLink href={href} variant="primary" size={size} icon="video">
      {state === 'live' ? t('meetings.joinLive') : t('meetings.join')}
    </ButtonLink>
  );
}

export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <a href={href} class="mt-back">
      <Icon name="chevronRight" size={16} class="mt-flip" />
      {label}
    </a>
  );
}

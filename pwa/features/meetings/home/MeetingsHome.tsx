// /meetings — 会议: upcoming meetings grouped by day (今天 / 明天 / …) with 加入 for those running or about to
// start, the week (a grid on a desktop, a day list on a phone), and the past. 立即开会 starts one now, 预约会议
// schedules one; a side column offers the calendar subscription. The view lives in the URL (?view=week|past).
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { t, locale } from '../../../i18n';
import { schoolTimeZone } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Button, ButtonLink, EmptyState, Icon, LoadingBlock, Tabs } from '../../../ui';
import { meetingsApi, type MeetingListItem } from '../api-meetings';
import { meetingErrorText } from '../meetings-errors';
import { dayKey, dayLabel, groupByDay } from '../meetings-format';
import { JoinButton, ResponseBadge, TimeRange } from '../MeetingBits';
import { FeedCard } from './FeedCard';
import { InstantDialog } from './InstantDialog';
import { WeekView } from './WeekView';

type View = 'upcoming' | 'week' | 'past';
const VIEWS: readonly View[] = ['upcoming', 'week', 'past'];

function MeetingRow({ m, now }: { m: MeetingListItem; now: number }) {
  const o = m.occurrence;
  return (
    <li class={`mt-row ${m.status === 'cancelled' ? 'is-cancelled' : ''}`}>
      <a href={`/meetings/${m.id}`} class="mt-row-link">
        <span class="mt-row-time">{o ? <TimeRange o={o} /> : null}</span>
        <span class="mt-row-main">
          <span class="mt-row-title">
            <span class="ellipsis">{m.title}</span>
            {m.recurring ? <Icon name="refresh" size={14} label={t('meetings.recurring')} /> : null}
          </span>
          <span class="xsmall muted ellipsis">
            {t('meetings.hostLine', { name: m.host.displayName, n: m.memberCount })}
          </span>
        </span>
        <span class="mt-row-marks">
          {m.status === 'cancelled' ? <span class="badge badge-danger">{t('meetings.cancelled')}</span> : m.myRole === 'attendee' ? <ResponseBadge response={m.myResponse} /> : null}
        </span>
      </a>
      {m.status === 'scheduled' ? <JoinButton href={m.joinUrl} o={o} now={now} /> : null}
    </li>
  );
}

function MeetingDays({ when }: { when: 'upcoming' | 'past' }) {
  const tz = schoolTimeZone.value;
  const [items, setItems] = useState<MeetingListItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    setItems(null);
    meetingsApi
      .list(when)
      .then((l) => setItems(l.items))
      .catch((err) => setError(meetingErrorText(err)));
    // The join buttons appear and go on their own.
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [when]);
  if (error) return <p class="danger-text">{error}</p>;
  if (!items) return <LoadingBlock />;
  if (!items.length) return <EmptyState icon="calendar" title={t(`meetings.empty.${when}`)} description={when === 'upcoming' ? t('meetings.empty.upcomingHint') : undefined} />;
  const today = dayKey(now, tz);
  return (
    <div class="stack">
      {groupByDay(items, (m) => m.occurrence?.startsAt ?? m.startsAt, tz).map((g) => (
        <section key={g.day} class="mt-day" aria-label={dayLabel(g.day, today, locale.value)}>
          <h2 class="mt-day-head">{dayLabel(g.day, today, locale.value)}</h2>
          <ul class="card mt-rows">
            {g.items.map((m) => (
              <MeetingRow key={m.id} m={m} now={now} />
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export default function MeetingsHome(_: RouteProps) {
  usePageTitle(t('meetings.title'));
  const { query, route } = useLocation();
  const view: View = (VIEWS as readonly string[]).includes(query.view ?? '') ? (query.view as View) : 'upcoming';
  const [instant, setInstant] = useState(false);
  return (
    <div class="page mt-home">
      <div class="page-head">
        <div>
          <h1>{t('meetings.title')}</h1>
          <p>{t('meetings.subtitle')}</p>
        </div>
        <div class="mt-head-actions">
          <Button icon="video" onClick={() => setInstant(true)}>
            {t('meetings.instant.button')}
          </Button>
          <ButtonLink href="/meetings/new" variant="primary" icon="plus">
            {t('meetings.schedule')}
          </ButtonLink>
        </div>
      </div>
      <div class="mt-home-grid">
        <section class="stack mt-home-main" aria-label={t('meetings.listLabel')}>
          <Tabs label={t('meetings.viewLabel')} value={view} onChange={(v) => route(v === 'upcoming' ? '/meetings' : `/meetings?view=${v}`, true)} items={VIEWS.map((v) => ({ id: v, label: t(`meetings.view.${v}`) }))} />
          {view === 'week' ? <WeekView /> : <MeetingDays when={view} />}
        </section>
        <aside class="stack mt-home-side">
          <FeedCard />
        </aside>
      </div>
      <InstantDialog open={instant} onClose={() => setInstant(false)} />
    </div>
  );
}

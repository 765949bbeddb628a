// The week: a 7-column grid on a desktop, a list of days on a phone (the same markup; CSS switches). Each day
// lists its occurrences (recurrences expanded by the server in the school's zone); ‹ › move by a week.
import { useEffect, useState } from 'preact/hooks';
import { t, locale } from '../../../i18n';
import { schoolDayStart, schoolTimeZone } from '../../../i18n/format';
import { Button, LoadingBlock } from '../../../ui';
import { meetingsApi, type CalendarOccurrence } from '../api-meetings';
import { meetingErrorText } from '../meetings-errors';
import { addDays, dayKey, dayLabel, weekdayOf, weekOf } from '../meetings-format';
import { TimeRange } from '../MeetingBits';

export function WeekView() {
  const tz = schoolTimeZone.value;
  const today = dayKey(Date.now(), tz);
  const [anchor, setAnchor] = useState(today);
  const days = weekOf(anchor);
  const [items, setItems] = useState<CalendarOccurrence[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setItems(null);
    setError(null);
    meetingsApi
      .calendar(schoolDayStart(days[0]!), schoolDayStart(addDays(days[6]!, 1)))
      .then((c) => setItems(c.items))
      .catch((err) => setError(meetingErrorText(err)));
  }, [days[0]]);

  const [, m1, d1] = days[0]!.split('-').map(Number);
  const [, m7, d7] = days[6]!.split('-').map(Number);
  return (
    <section class="stack-sm" aria-label={t('meetings.week.label')}>
      <div class="row mt-week-nav">
        <Button variant="ghost" size="sm" icon="chevronRight" class="mt-flip-icon" aria-label={t('meetings.week.prev')} onClick={() => setAnchor(addDays(anchor, -7))} />
        <span class="strong grow mt-week-title">{t('meetings.week.range', { from: `${m1}/${d1}`, to: `${m7}/${d7}` })}</span>
        {days.includes(today) ? null : (
          <Button variant="ghost" size="sm" onClick={() => setAnchor(today)}>
            {t('meetings.week.thisWeek')}
          </Button>
        )}
        <Button variant="ghost" size="sm" icon="chevronRight" aria-label={t('meetings.week.next')} onClick={() => setAnchor(addDays(anchor, 7))} />
      </div>
      {error ? <p class="danger-text small">{error}</p> : null}
      {!items && !error ? <LoadingBlock /> : null}
      {items ? (
        <ol class="mt-week">
          {days.map((day) => {
            const mine = items.filter((o) => dayKey(o.startsAt, tz) === day);
            return (
              <li key={day} class={`mt-week-day ${day === today ? 'is-today' : ''} ${mine.length ? '' : 'is-empty'}`}>
                <h3 class="mt-week-head">
                  <span class="mt-week-long">{dayLabel(day, today, locale.value)}</span>
                  <span class="mt-week-short" aria-hidden="true">
                    <span>{t(`meetings.weekday.${weekdayOf(day)}` as never)}</span>
                    <span class="mt-week-date">{Number(day.slice(8))}</span>
                  </span>
                </h3>
                {mine.length ? (
                  <ul class="mt-week-items">
                    {mine.map((o) => (
                      <li key={`${o.meetingId}-${o.startsAt}`}>
                        <a href={`/meetings/${o.meetingId}`} class={`mt-slot ${o.status === 'cancelled' ? 'is-cancelled' : ''} ${o.myResponse === 'declined' ? 'is-declined' : ''}`}>
                          <TimeRange o={o} />
                          <span class="mt-slot-title">{o.title}</span>
                        </a>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p class="xsmall muted mt-week-none">{t('meetings.week.none')}</p>
                )}
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}

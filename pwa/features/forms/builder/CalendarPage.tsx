// /forms/manage/calendar — the school calendar that leave and other date ranges count against: a year of month
// grids where a tap marks a weekday as 节假日 or a weekend day as 调休上班 (and back), quick ranges such as
// 国庆 10-01..10-07, and one save (PUT /api/forms/calendar).
import { useEffect, useState } from 'preact/hooks';
import type { SchoolCalendar } from '../../../../server/lib/form-schema';
import { locale, t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { usePageTitle } from '../../../layout/page-title';
import { me } from '../../../state/session-signals';
import { Alert, Button, ButtonLink, Card, Icon, LoadingBlock, Select, TextField, toast } from '../../../ui';
import { builderApi } from './api-builder';
import { PRESETS, clearRange, dayKind, markRange, monthGrid, presetRange, sameCalendar, toggleDay, yearCounts, type MarkKind } from './calendar-state';
import './builder.css';
import './manage.css';

const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];

function weekdayName(i: number): string {
  // 2024-01-01 was a Monday.
  return new Intl.DateTimeFormat(locale.value, { weekday: 'narrow', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + i)));
}

function monthName(year: number, month: number): string {
  return new Intl.DateTimeFormat(locale.value, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year, month - 1, 1)));
}

function Month({ year, month, cal, onToggle, today, disabled }: { year: number; month: number; cal: SchoolCalendar; onToggle: (d: string) => void; today: string; disabled: boolean }) {
  const name = monthName(year, month);
  return (
    <section class="cal-month" aria-label={name}>
      <h2 class="cal-month-name">{name}</h2>
      <table class="cal-grid" role="grid">
        <thead>
          <tr>
            {WEEKDAYS.map((i) => (
              <th key={i} scope="col" class={i >= 5 ? 'cal-we' : ''}>
                {weekdayName(i)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthGrid(year, month).map((week, wi) => (
            <tr key={wi}>
              {week.map((c) => {
                if (!c.inMonth) return <td key={c.date} />;
                const kind = dayKind(c.date, cal);
                const label = t('forms.builder.cal.dayLabel', { month: name, day: c.day, kind: t(`forms.builder.cal.kind.${kind}`) });
                return (
                  <td key={c.date}>
                    <button
                      type="button"
                      class={`cal-day cal-${kind} ${c.date === today ? 'cal-today' : ''}`}
                      aria-label={label}
                      aria-pressed={kind === 'holiday' || kind === 'workday'}
                      disabled={disabled}
                      onClick={() => onToggle(c.date)}
                    >
                      <span class="cal-num">{c.day}</span>
                      {kind === 'holiday' ? <span class="cal-tag">{t('forms.builder.cal.holidayShort')}</span> : kind === 'workday' ? <span class="cal-tag">{t('forms.builder.cal.workdayShort')}</span> : null}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RangeForm({ year, onMark }: { year: number; onMark: (start: string, end: string, kind: MarkKind | 'clear') => boolean }) {
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [kind, setKind] = useState<MarkKind | 'clear'>('holiday');
  const [error, setError] = useState<string | null>(null);
  return (
    <Card title={t('forms.builder.cal.rangeTitle')} description={t('forms.builder.cal.rangeHint')}>
      <form
        class="stack"
        onSubmit={(e) => {
          e.preventDefault();
          const ok = onMark(start, end || start, kind);
          setError(ok ? null : t('forms.builder.cal.rangeInvalid'));
        }}
      >
        <div class="cal-presets" role="group" aria-label={t('forms.builder.cal.presets')}>
          {PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              class="fb-token"
              onClick={() => {
                const r = presetRange(p.id, year);
                setStart(r.start);
                setEnd(r.end);
                setKind('holiday');
              }}
            >
              {t(`forms.builder.cal.preset.${p.id}`)}
            </button>
          ))}
        </div>
        <div class="cal-range">
          <TextField type="date" label={t('forms.builder.cal.start')} value={start} required onValue={setStart} />
          <TextField type="date" label={t('forms.builder.cal.end')} value={end} min={start} onValue={setEnd} />
        </div>
        <Select
          label={t('forms.builder.cal.markAs')}
          value={kind}
          onValue={(v) => setKind(v as MarkKind | 'clear')}
          options={[
            { value: 'holiday', label: t('forms.builder.cal.kind.holiday') },
            { value: 'workday', label: t('forms.builder.cal.kind.workday') },
            { value: 'clear', label: t('forms.builder.cal.clear') },
          ]}
        />
        {error ? <Alert>{error}</Alert> : null}
        <div>
          <Button type="submit" icon="check">
            {t('forms.builder.cal.apply')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

export default function CalendarPage() {
  usePageTitle(t('forms.builder.cal.title'));
  const now = new Date();
  const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  const [year, setYear] = useState(now.getFullYear());
  const [saved, setSaved] = useState<SchoolCalendar | null>(null);
  const [cal, setCal] = useState<SchoolCalendar | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    builderApi
      .calendar()
      .then((c) => {
        setSaved(c);
        setCal(c);
      })
      .catch((e) => setError(errorText(e)));
  }, []);

  const dirty = !!cal && !!saved && !sameCalendar(cal, saved);
  // Only school-wide form managers may change the calendar; others see it.
  const editable = !!me.value?.user.roles.some((r) => r.role === 'admin');
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => dirty && e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const save = async () => {
    if (!cal) return;
    setBusy(true);
    try {
      const res = await builderApi.saveCalendar(cal);
      setSaved(res);
      setCal(res);
      toast(t('forms.builder.cal.saved'), 'success');
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setBusy(false);
    }
  };

  const counts = cal ? yearCounts(cal, year) : { holidays: 0, workdays: 0 };
  const years = Array.from({ length: 5 }, (_, i) => now.getFullYear() - 1 + i);

  return (
    <div class="page cal-page">
      <div class="page-head">
        <div>
          <h1>{t('forms.builder.cal.title')}</h1>
          <p>{t('forms.builder.cal.subtitle')}</p>
        </div>
        <div class="row">
          <ButtonLink variant="ghost" href="/forms/manage">
            {t('forms.builder.backToList')}
          </ButtonLink>
          {editable && cal && !dirty ? (
            <span class="cal-status" role="status">
              <Icon name="check" size={16} />
              {t('forms.builder.cal.upToDate')}
            </span>
          ) : null}
        </div>
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {!editable ? <Alert tone="info">{t('forms.builder.cal.readOnly')}</Alert> : null}
      {!cal && !error ? <LoadingBlock /> : null}
      {cal ? (
        <div class="cal-layout">
          <Card class="cal-year">
            <div class="stack">
              <Select label={t('forms.builder.cal.year')} value={String(year)} options={years.map((y) => ({ value: String(y), label: t('forms.builder.cal.yearN', { n: y }) }))} onValue={(v) => setYear(Number(v))} />
              <ul class="cal-legend">
                <li>
                  <span class="cal-swatch cal-holiday" aria-hidden="true" />
                  {t('forms.builder.cal.kind.holiday')} <strong>{counts.holidays}</strong>
                </li>
                <li>
                  <span class="cal-swatch cal-workday" aria-hidden="true" />
                  {t('forms.builder.cal.kind.workday')} <strong>{counts.workdays}</strong>
                </li>
                <li>
                  <span class="cal-swatch cal-weekend" aria-hidden="true" />
                  {t('forms.builder.cal.kind.weekend')}
                </li>
              </ul>
              <p class="small text-2">{t('forms.builder.cal.tapHint')}</p>
            </div>
          </Card>
          <div class="cal-months">
            {Array.from({ length: 12 }, (_, i) => (
              <Month key={`${year}-${i}`} year={year} month={i + 1} cal={cal} today={today} disabled={!editable} onToggle={(d) => setCal(toggleDay(cal, d))} />
            ))}
          </div>
          {editable ? (
            <div class="cal-tools">
              <RangeForm
                year={year}
                onMark={(start, end, kind) => {
                  const next = kind === 'clear' ? clearRange(cal, start, end) : markRange(cal, start, end, kind);
                  if (!next) return false;
                  setCal(next);
                  const y = Number(start.slice(0, 4));
                  if (y !== year && years.includes(y)) setYear(y);
                  return true;
                }}
              />
            </div>
          ) : null}
        </div>
      ) : null}
      {editable && dirty ? (
        // At the bottom of the screen while there are changes: the days tapped may be months below the top.
        <div class="sticky-actions cal-savebar">
          <span class="small text-2">{t('forms.builder.cal.unsaved')}</span>
          <Button variant="primary" icon="check" loading={busy} onClick={() => void save()}>
            {t('forms.builder.cal.save')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

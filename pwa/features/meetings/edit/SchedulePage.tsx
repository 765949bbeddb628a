// /meetings/new and /meetings/:id/edit — 预约会议: title, date and time on the school's clock, duration,
// recurrence (每天 / 每周几 / 每月, ending never / on a date / after n times), whom to invite (people and
// departments, each with its sub-departments), co-hosts, the waiting room, cameras off above n people, who may
// annotate, the agenda and attachments. Saving sends the invitations (or the changes) to everyone.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { MEETING_AGENDA_MAX, MEETING_TITLE_MAX } from '../../../../server/modules/meetings/meetings.dto';
import { ApiError } from '../../../api/client';
import { t, locale } from '../../../i18n';
import { schoolTimeZone } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Button, Card, EmptyState, LoadingBlock, Select, Switch, TextField, toast } from '../../../ui';
import { DepartmentPicker } from '../../forms/renderer/DepartmentPicker';
import { PersonPicker } from '../../forms/renderer/PersonPicker';
import { AttachmentsEditor } from '../../notices/compose/AttachmentsEditor';
import { meetingsApi, type MeetingDetail } from '../api-meetings';
import { meetingErrorText } from '../meetings-errors';
import { recurrenceText, wallToIso } from '../meetings-format';
import { BackLink } from '../MeetingBits';
import { DURATIONS, emptySchedule, fieldOfCode, fromDetail, toInput, validateSchedule, weekdaysOf, type ScheduleDraft, type ScheduleField, type ScheduleProblems } from './schedule-state';
import '../../forms/renderer/renderer.css';
// The attachments editor and the chips come from the notice centre, with their styles.
import '../../notices/notices.css';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const FOCUS: Record<ScheduleField, string> = { title: '#mt-title', when: '#mt-date', recurrence: '#mt-freq', invitees: '.mt-invitees input, .mt-invitees [tabindex]' };

function Field({ id, label, error, children }: { id: string; label: string; error?: string | null; children: preact.ComponentChildren }) {
  return (
    <div class={`field ${error ? 'field-invalid' : ''}`}>
      <label class="field-label" for={id}>
        {label}
      </label>
      {children}
    </div>
  );
}

export default function SchedulePage({ id }: RouteProps & { id?: string }) {
  const { route } = useLocation();
  const tz = schoolTimeZone.value;
  const [draft, setDraft] = useState<ScheduleDraft>(() => emptySchedule(Date.now(), tz));
  const [detail, setDetail] = useState<MeetingDetail | null>(null);
  const [loaded, setLoaded] = useState(!id);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [problems, setProblems] = useState<ScheduleProblems>({});
  const [server, setServer] = useState<{ field: ScheduleField | null; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(id ? t('meetings.form.editTitle') : t('meetings.form.newTitle'));

  useEffect(() => {
    if (!id) return;
    meetingsApi
      .detail(id)
      .then((d) => {
        setDetail(d);
        setDraft(fromDetail(d, tz));
        setLoaded(true);
      })
      .catch((err) => {
        setLoadError(meetingErrorText(err));
        setLoaded(true);
      });
  }, [id]);

  const set = <K extends keyof ScheduleDraft>(k: K, v: ScheduleDraft[K]) => setDraft((d) => ({ ...d, [k]: v }));

  const submit = async () => {
    const found = validateSchedule(draft, tz, Date.now(), !id);
    setProblems(found);
    setServer(null);
    const first = (['title', 'when', 'recurrence', 'invitees'] as const).find((f) => found[f]);
    if (first) {
      document.querySelector<HTMLElement>(FOCUS[first])?.focus();
      return;
    }
    setBusy(true);
    try {
      const input = toInput(draft, tz);
      const saved = id ? await meetingsApi.update(id, input) : await meetingsApi.create(input);
      toast(id ? t('meetings.form.savedChanges') : t('meetings.form.saved'), 'success');
      route(`/meetings/${saved.id}`);
    } catch (err) {
      const field = err instanceof ApiError ? fieldOfCode(err.code) : null;
      setServer({ field, text: meetingErrorText(err) });
      if (field) document.querySelector<HTMLElement>(FOCUS[field])?.focus();
    } finally {
      setBusy(false);
    }
  };

  if (!loaded) {
    return (
      <div class="page">
        <LoadingBlock />
      </div>
    );
  }
  if (loadError || (detail && !detail.canManage)) {
    return (
      <div class="page">
        <BackLink href="/meetings" label={t('meetings.back')} />
        <EmptyState icon="alert" title={loadError ?? t('meetings.errors.MEETING_FORBIDDEN')} />
      </div>
    );
  }

  const msg = (f: ScheduleField): string | null => (problems[f] ? t(`meetings.form.problem.${problems[f]}` as never) : server?.field === f ? server.text : null);
  const start = wallToIso(draft.date, draft.time, tz);
  const recurrence = toInput(draft, tz).recurrence ?? null;
  const days = weekdaysOf(draft);

  return (
    <div class="page mt-form">
      <BackLink href={id ? `/meetings/${id}` : '/meetings'} label={id ? t('meetings.form.backToMeeting') : t('meetings.back')} />
      <div class="page-head">
        <div>
          <h1>{id ? t('meetings.form.editTitle') : t('meetings.form.newTitle')}</h1>
          <p>{id ? t('meetings.form.editHint') : t('meetings.form.newHint')}</p>
        </div>
      </div>
      {server && !server.field ? <Alert tone="danger">{server.text}</Alert> : null}
      <form
        class="mt-form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div class="stack mt-form-main">
          <Card title={t('meetings.form.basics')}>
            <div class="stack">
              <TextField id="mt-title" label={t('meetings.form.title')} value={draft.title} onValue={(v) => set('title', v)} maxLength={MEETING_TITLE_MAX + 20} placeholder={t('meetings.form.titlePlaceholder')} error={msg('title')} />
              <div class="mt-when">
                <Field id="mt-date" label={t('meetings.form.date')} error={msg('when')}>
                  <input id="mt-date" class="input" type="date" value={draft.date} aria-invalid={msg('when') ? 'true' : undefined} onInput={(e) => set('date', (e.currentTarget as HTMLInputElement).value)} />
                </Field>
                <Field id="mt-time" label={t('meetings.form.time')}>
                  <input id="mt-time" class="input" type="time" step={300} value={draft.time} onInput={(e) => set('time', (e.currentTarget as HTMLInputElement).value)} />
                </Field>
                <Select
                  id="mt-duration"
                  label={t('meetings.form.duration')}
                  value={String(draft.durationMin)}
                  options={[...new Set([...DURATIONS, draft.durationMin])].sort((a, b) => a - b).map((n) => ({ value: String(n), label: t('meetings.form.minutes', { n }) }))}
                  onValue={(v) => set('durationMin', Number(v))}
                />
              </div>
              {msg('when') ? (
                <p class="field-error" role="alert">
                  {msg('when')}
                </p>
              ) : null}
              <div class="stack-sm">
                <div class="mt-when">
                  <Select
                    id="mt-freq"
                    label={t('meetings.form.repeat')}
                    value={draft.freq}
                    options={(['none', 'daily', 'weekly', 'monthly'] as const).map((f) => ({ value: f, label: t(`meetings.form.freq.${f}`) }))}
                    onValue={(v) => set('freq', v as ScheduleDraft['freq'])}
                  />
                  {draft.freq !== 'none' ? (
                    <Field id="mt-interval" label={t(`meetings.form.every.${draft.freq}`)}>
                      <input id="mt-interval" class="input" type="number" min={1} max={52} value={draft.interval} onInput={(e) => set('interval', Number((e.currentTarget as HTMLInputElement).value))} />
                    </Field>
                  ) : null}
                  {draft.freq !== 'none' ? (
                    <Select
                      id="mt-end"
                      label={t('meetings.form.ends')}
                      value={draft.end}
                      options={(['never', 'until', 'count'] as const).map((e) => ({ value: e, label: t(`meetings.form.end.${e}`) }))}
                      onValue={(v) => set('end', v as ScheduleDraft['end'])}
                    />
                  ) : null}
                  {draft.freq !== 'none' && draft.end === 'until' ? (
                    <Field id="mt-until" label={t('meetings.form.until')}>
                      <input id="mt-until" class="input" type="date" value={draft.until} min={draft.date} onInput={(e) => set('until', (e.currentTarget as HTMLInputElement).value)} />
                    </Field>
                  ) : null}
                  {draft.freq !== 'none' && draft.end === 'count' ? (
                    <Field id="mt-count" label={t('meetings.form.count')}>
                      <input id="mt-count" class="input" type="number" min={1} max={500} value={draft.count} onInput={(e) => set('count', Number((e.currentTarget as HTMLInputElement).value))} />
                    </Field>
                  ) : null}
                </div>
                {draft.freq === 'weekly' ? (
                  <fieldset class="mt-weekdays">
                    <legend class="field-label">{t('meetings.form.weekdays')}</legend>
                    <div class="nt-chips">
                      {WEEKDAYS.map((d) => {
                        const on = days.includes(d);
                        return (
                          <label key={d} class={`nt-chip ${on ? 'is-on' : ''}`}>
                            <input
                              type="checkbox"
                              class="sr-only"
                              checked={on}
                              onChange={() => set('byWeekday', on ? draft.byWeekday.filter((x) => x !== d) : [...draft.byWeekday, d])}
                            />
                            {t(`meetings.weekday.${d}`)}
                          </label>
                        );
                      })}
                    </div>
                  </fieldset>
                ) : null}
                {start && draft.freq !== 'none' ? <p class="small muted">{recurrenceText(recurrence, start, tz, locale.value)}</p> : null}
                {msg('recurrence') ? (
                  <p class="field-error" role="alert">
                    {msg('recurrence')}
                  </p>
                ) : null}
              </div>
            </div>
          </Card>
          <Card title={t('meetings.form.agendaCard')}>
            <div class="stack">
              <div class="field">
                <label class="field-label" for="mt-agenda">
                  {t('meetings.form.agenda')}
                </label>
                <textarea id="mt-agenda" class="input mt-agenda" rows={5} maxLength={MEETING_AGENDA_MAX} value={draft.agenda} placeholder={t('meetings.form.agendaPlaceholder')} onInput={(e) => set('agenda', (e.currentTarget as HTMLTextAreaElement).value)} />
              </div>
              <div class="fr-field">
                <span class="fr-label">{t('meetings.form.attachments')}</span>
                <AttachmentsEditor value={draft.attachments} onChange={(fn) => setDraft((d) => ({ ...d, attachments: fn(d.attachments) }))} folder={t('meetings.form.uploadFolder')} />
              </div>
            </div>
          </Card>
        </div>
        <div class="stack mt-form-side">
          <Card title={t('meetings.form.invitees')}>
            <div class={`stack mt-invitees ${msg('invitees') ? 'is-invalid' : ''}`}>
              <p class="fr-help">{t('meetings.form.inviteesHint')}</p>
              <DepartmentPicker label={t('meetings.form.departments')} value={draft.departmentIds} onChange={(ids) => set('departmentIds', ids)} multiple placeholder={t('meetings.form.departmentsPlaceholder')} />
              <PersonPicker label={t('meetings.form.people')} value={draft.userIds} onChange={(ids) => set('userIds', ids)} multiple placeholder={t('meetings.form.peoplePlaceholder')} />
              <PersonPicker label={t('meetings.form.cohosts')} value={draft.cohostIds} onChange={(ids) => set('cohostIds', ids)} multiple placeholder={t('meetings.form.cohostsPlaceholder')} />
              {msg('invitees') ? (
                <p class="fr-error" role="alert">
                  {msg('invitees')}
                </p>
              ) : null}
            </div>
          </Card>
          <Card title={t('meetings.form.roomSettings')}>
            <div class="stack">
              <Switch label={t('meetings.form.lobby')} hint={t('meetings.form.lobbyHint')} checked={draft.lobby} onChange={(v) => set('lobby', v)} />
              <Field id="mt-camera" label={t('meetings.form.cameraOffAbove')}>
                <input id="mt-camera" class="input" type="number" min={2} max={500} value={draft.cameraOffAbove} onInput={(e) => set('cameraOffAbove', Math.max(2, Math.min(500, Number((e.currentTarget as HTMLInputElement).value) || 25)))} />
              </Field>
              <Select
                id="mt-annotate"
                label={t('meetings.form.annotate')}
                value={draft.annotate}
                options={(['presenter', 'hosts', 'all'] as const).map((a) => ({ value: a, label: t(`meetings.annotate.${a}`) }))}
                onValue={(v) => set('annotate', v as ScheduleDraft['annotate'])}
              />
            </div>
          </Card>
        </div>
        <div class="sticky-actions mt-form-bar">
          <span class="grow" />
          <Button type="submit" variant="primary" icon="check" loading={busy}>
            {id ? t('meetings.form.saveChanges') : t('meetings.form.submit')}
          </Button>
        </div>
      </form>
    </div>
  );
}

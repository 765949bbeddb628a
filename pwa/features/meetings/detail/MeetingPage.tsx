// /meetings/:id — one meeting: when (and how it repeats, in words), the host, 加入会议 (the room, from ten
// minutes before the start), my answer (接受 / 暂定 / 拒绝), the agenda and files, the members with their
// answers, 下载日历 (.ics). Hosts and co-hosts also edit, cancel, and see attendance (签到) with its export.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { t, locale } from '../../../i18n';
import { formatBytes, schoolTimeZone } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Avatar, Badge, Button, ButtonLink, Card, Dialog, EmptyState, Icon, LoadingBlock, Tabs, TextField, toast } from '../../../ui';
import { meetingAttachmentUrl, meetingsApi, type MeetingDetail, type MeetingMember, type MeetingResponse } from '../api-meetings';
import { meetingErrorText } from '../meetings-errors';
import { recurrenceText } from '../meetings-format';
import { BackLink, JoinButton, ResponseBadge, WhenText } from '../MeetingBits';
import { AttendanceTab } from './AttendanceTab';

const ANSWERS: readonly Exclude<MeetingResponse, 'none'>[] = ['accepted', 'tentative', 'declined'];

function Members({ members }: { members: MeetingMember[] }) {
  const counts = { accepted: 0, tentative: 0, declined: 0, none: 0 };
  for (const m of members) counts[m.response]++;
  return (
    <Card title={t('meetings.detail.members', { n: members.length })}>
      <p class="small muted">{t('meetings.detail.answers', counts)}</p>
      <ul class="mt-members">
        {members.map((m) => (
          <li key={m.id} class="mt-member">
            <Avatar name={m.displayName} />
            <span class="grow mt-member-name">
              <span class="ellipsis">{m.displayName}</span>
              <span class="xsmall muted ellipsis">{m.departmentName ?? ''}</span>
            </span>
            {m.role !== 'attendee' ? <Badge tone="primary">{t(`meetings.role.${m.role}`)}</Badge> : null}
            <ResponseBadge response={m.response} />
          </li>
        ))}
      </ul>
    </Card>
  );
}

export default function MeetingPage({ id }: RouteProps & { id?: string }) {
  const { route, query } = useLocation();
  const tz = schoolTimeZone.value;
  const [m, setM] = useState<MeetingDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [now, setNow] = useState(Date.now());
  usePageTitle(m?.title ?? t('meetings.title'));
  useEffect(() => {
    if (!id) return;
    meetingsApi
      .detail(id)
      .then(setM)
      .catch((err) => setError(meetingErrorText(err)));
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [id]);

  if (error) {
    return (
      <div class="page">
        <BackLink href="/meetings" label={t('meetings.back')} />
        <EmptyState icon="alert" title={error} />
      </div>
    );
  }
  if (!m) {
    return (
      <div class="page">
        <LoadingBlock />
      </div>
    );
  }

  const tab = m.canManage && query.tab === 'attendance' ? 'attendance' : 'details';
  const next = m.nextOccurrences[0] ?? null;
  const cancelled = m.status === 'cancelled';
  const respond = async (r: Exclude<MeetingResponse, 'none'>) => {
    setBusy(r);
    try {
      setM(await meetingsApi.respond(m.id, r));
      toast(t(`meetings.detail.answered.${r}`), 'success');
    } catch (err) {
      toast(meetingErrorText(err), 'danger');
    } finally {
      setBusy(null);
    }
  };
  const cancel = async () => {
    setBusy('cancel');
    try {
      setM(await meetingsApi.cancel(m.id, reason.trim() || undefined));
      setCancelOpen(false);
      toast(t('meetings.detail.cancelledToast'));
    } catch (err) {
      toast(meetingErrorText(err), 'danger');
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="page mt-detail">
      <BackLink href="/meetings" label={t('meetings.back')} />
      <section class="card mt-head" aria-labelledby="mt-head-title">
        <div class="mt-head-marks">
          {m.kind === 'adhoc' ? <Badge tone="warning">{t('meetings.adhoc')}</Badge> : null}
          {cancelled ? <Badge tone="danger">{t('meetings.cancelled')}</Badge> : null}
          {m.recurrence ? <Badge tone="neutral">{t('meetings.recurring')}</Badge> : null}
        </div>
        <h1 id="mt-head-title" class="mt-head-title">
          {m.title}
        </h1>
        <dl class="mt-facts">
          <div>
            <dt>
              <Icon name="clock" size={16} label={t('meetings.detail.time')} />
            </dt>
            <dd>
              {next ? <WhenText o={next} now={now} /> : <WhenText o={{ startsAt: m.startsAt, endsAt: new Date(Date.parse(m.startsAt) + m.durationMin * 60_000).toISOString() }} now={now} />}
              {m.recurrence ? <div class="small muted">{recurrenceText(m.recurrence, m.startsAt, tz, locale.value)}</div> : null}
              {!next && !cancelled ? <div class="small muted">{t('meetings.detail.over')}</div> : null}
            </dd>
          </div>
          <div>
            <dt>
              <Icon name="user" size={16} label={t('meetings.detail.host')} />
            </dt>
            <dd>
              {m.host.displayName}
              {m.host.departmentName ? <span class="small muted"> · {m.host.departmentName}</span> : null}
            </dd>
          </div>
          <div>
            <dt>
              <Icon name="video" size={16} label={t('meetings.detail.roomNo')} />
            </dt>
            <dd class="mono">{t('meetings.detail.roomNoText', { n: m.roomNo })}</dd>
          </div>
        </dl>
        <div class="mt-head-actions">
          {!cancelled && m.joinable ? (
            <JoinButton href={m.joinUrl} o={next} now={now} size="md" />
          ) : !cancelled && next ? (
            <Button variant="primary" icon="video" disabled title={t('meetings.detail.joinLater')}>
              {t('meetings.detail.join')}
            </Button>
          ) : null}
          <ButtonLink href={m.icsUrl} icon="calendar" download="">
            {t('meetings.detail.ics')}
          </ButtonLink>
          {m.canManage && !cancelled && next ? (
            <>
              <ButtonLink href={`/meetings/${m.id}/edit`} variant="ghost" icon="edit">
                {t('common.edit')}
              </ButtonLink>
              <Button variant="danger-ghost" icon="close" onClick={() => setCancelOpen(true)}>
                {t('meetings.detail.cancel')}
              </Button>
            </>
          ) : null}
        </div>
        {!cancelled && next && m.myRole !== 'host' ? (
          <div class="mt-answer" role="group" aria-label={t('meetings.detail.yourAnswer')}>
            <span class="small muted">{t('meetings.detail.yourAnswer')}</span>
            {ANSWERS.map((r) => (
              <Button key={r} size="sm" variant={m.myResponse === r ? 'primary' : 'secondary'} aria-pressed={m.myResponse === r} loading={busy === r} onClick={() => void respond(r)}>
                {t(`meetings.detail.answer.${r}`)}
              </Button>
            ))}
          </div>
        ) : null}
        {cancelled ? <Alert tone="warning">{t('meetings.detail.cancelledText')}</Alert> : null}
      </section>

      {m.canManage ? (
        <Tabs
          label={t('meetings.detail.tabs')}
          value={tab}
          onChange={(v) => route(v === 'attendance' ? `/meetings/${m.id}?tab=attendance` : `/meetings/${m.id}`, true)}
          items={[
            { id: 'details', label: t('meetings.detail.tabDetails') },
            { id: 'attendance', label: t('meetings.detail.tabAttendance') },
          ]}
        />
      ) : null}

      {tab === 'attendance' ? (
        <AttendanceTab meetingId={m.id} />
      ) : (
        <div class="mt-detail-grid">
          <div class="stack">
            <Card title={t('meetings.detail.agenda')}>{m.agenda.trim() ? <p class="mt-agenda-text">{m.agenda}</p> : <p class="muted small">{t('meetings.detail.noAgenda')}</p>}</Card>
            {m.attachments.length ? (
              <Card title={t('meetings.detail.attachments', { n: m.attachments.length })}>
                <ul class="mt-files">
                  {m.attachments.map((f) => (
                    <li key={f.id}>
                      <a href={meetingAttachmentUrl(m.id, f.id)} download={f.name} class="mt-file">
                        <Icon name="paperclip" size={16} />
                        <span class="grow ellipsis">{f.name}</span>
                        <span class="xsmall muted">{formatBytes(f.size)}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              </Card>
            ) : null}
            {m.nextOccurrences.length > 1 ? (
              <Card title={t('meetings.detail.nextOnes')}>
                <ul class="mt-next">
                  {m.nextOccurrences.map((o) => (
                    <li key={o.startsAt}>
                      <WhenText o={o} now={now} />
                    </li>
                  ))}
                </ul>
              </Card>
            ) : null}
          </div>
          <div class="stack">
            <Members members={m.members} />
            <Card title={t('meetings.detail.settings')}>
              <ul class="mt-settings small">
                <li>{m.lobby ? t('meetings.detail.lobbyOn') : t('meetings.detail.lobbyOff')}</li>
                <li>{t('meetings.detail.cameraOff', { n: m.cameraOffAbove })}</li>
                <li>{t(`meetings.annotate.${m.annotate}`)}</li>
              </ul>
            </Card>
          </div>
        </div>
      )}

      <Dialog
        open={cancelOpen}
        onClose={() => setCancelOpen(false)}
        title={t('meetings.detail.cancelTitle')}
        description={t('meetings.detail.cancelText')}
        footer={
          <>
            <Button variant="ghost" onClick={() => setCancelOpen(false)}>
              {t('meetings.detail.keep')}
            </Button>
            <Button variant="danger" loading={busy === 'cancel'} onClick={() => void cancel()}>
              {t('meetings.detail.cancelConfirm')}
            </Button>
          </>
        }
      >
        <TextField label={t('meetings.detail.cancelReason')} value={reason} onValue={setReason} maxLength={500} />
      </Dialog>
    </div>
  );
}

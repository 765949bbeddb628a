// /meetings/:id/recordings — a meeting's recordings for its members: the player (the browser's own controls:
// seek bar, time, full screen; the server answers Range requests so seeking does not download the whole
// file), its length and a download link, then every recording with its state. While one is still being
// recorded or converted the list refreshes itself.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatBytes, formatDateTime } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Badge, Button, ButtonLink, EmptyState, Icon, LoadingBlock, type Tone } from '../../../ui';
import { formatDuration, recordingUrl, recordingsApi, type MeetingRecording, type MeetingRecordings } from './api-recordings';
import './recordings.css';

const POLL_MS = 10_000;
const TONE: Record<MeetingRecording['status'], Tone> = { recording: 'danger', processing: 'warning', ready: 'success', failed: 'neutral' };

function Player({ rec }: { rec: MeetingRecording }) {
  const [loadedMs, setLoadedMs] = useState<number | null>(null);
  const url = recordingUrl(rec.fileId!);
  return (
    <section class="rec-player" aria-label={t('meetingRecordings.player')}>
      <video
        key={rec.id}
        class="rec-video"
        src={url}
        controls
        playsInline
        preload="metadata"
        aria-label={t('meetingRecordings.videoLabel', { time: formatDateTime(rec.startedAt) })}
        onLoadedMetadata={(e) => setLoadedMs(Math.round((e.currentTarget as HTMLVideoElement).duration * 1000))}
      />
      <div class="rec-player-bar">
        <span>
          <Icon name="clock" size={16} /> {t('meetingRecordings.duration', { d: formatDuration(loadedMs ?? rec.durationMs) })}
        </span>
        <ButtonLink href={url} download="" size="sm" icon="download">
          {t('meetingRecordings.download')}
          {rec.sizeBytes ? ` (${formatBytes(rec.sizeBytes)})` : ''}
        </ButtonLink>
      </div>
    </section>
  );
}

export default function RecordingsPage({ id }: RouteProps & { id?: string }) {
  const meetingId = id ?? '';
  const { query, route } = useLocation();
  const [data, setData] = useState<MeetingRecordings | null>(null);
  const [error, setError] = useState<string | null>(null);
  usePageTitle(data ? t('meetingRecordings.titleOf', { title: data.meeting.title }) : t('meetingRecordings.title'));

  const busy = !!data?.items.some((r) => r.status === 'recording' || r.status === 'processing');
  useEffect(() => {
    let alive = true;
    const load = () => recordingsApi.list(meetingId).then((d) => alive && (setData(d), setError(null)), (e) => alive && setError(errorText(e)));
    void load();
    const timer = busy ? setInterval(load, POLL_MS) : null;
    return () => {
      alive = false;
      if (timer) clearInterval(timer);
    };
  }, [meetingId, busy]);

  const ready = data?.items.filter((r) => r.status === 'ready' && r.fileId) ?? [];
  const current = ready.find((r) => r.id === query.r) ?? ready[0] ?? null;
  const choose = (r: MeetingRecording) => route(`/meetings/${encodeURIComponent(meetingId)}/recordings?r=${encodeURIComponent(r.id)}`, true);

  return (
    <div class="page rec-page">
      <div class="page-head">
        <div>
          <h1>{t('meetingRecordings.title')}</h1>
          {data ? <p>{data.meeting.title}</p> : null}
        </div>
      </div>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      {!data && !error ? <LoadingBlock /> : null}
      {data && !data.items.length ? <EmptyState icon="video" title={t('meetingRecordings.none')} description={t('meetingRecordings.noneHint')} /> : null}
      {current ? <Player rec={current} /> : null}
      {data?.items.length ? (
        <ul class="rec-list" aria-label={t('meetingRecordings.list')}>
          {data.items.map((r) => (
            <li key={r.id} class={`rec-item ${current?.id === r.id ? 'rec-item-current' : ''}`}>
              <div class="grow">
                <p class="strong">{formatDateTime(r.startedAt)}</p>
                <p class="small muted">
                  {r.status === 'ready' ? `${formatDuration(r.durationMs)} · ${formatBytes(r.sizeBytes)}` : t(`meetingRecordings.hint.${r.status as Exclude<MeetingRecording['status'], 'ready'>}`)}
                </p>
                {r.error ? <p class="small rec-error">{r.error}</p> : null}
              </div>
              <Badge tone={TONE[r.status]}>{t(`meetingRecordings.status.${r.status}`)}</Badge>
              {r.status === 'ready' && r.fileId ? (
                <Button size="sm" icon="play" variant={current?.id === r.id ? 'primary' : 'secondary'} onClick={() => choose(r)} aria-pressed={current?.id === r.id}>
                  {t('meetingRecordings.play')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

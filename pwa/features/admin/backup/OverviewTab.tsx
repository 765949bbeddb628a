// The overview: is the school protected (age of the last off-site backup, in colour), where the backups go
// (reachable, free space), what runs next, the last drill and check; "back up now" with live progress.
import { useEffect, useState } from 'preact/hooks';
import type { BackupOverview, RunView } from '../../../../server/modules/backup/backup.dto';
import { t } from '../../../i18n';
import { formatBytes, formatDateTime } from '../../../i18n/format';
import { Alert, Badge, Button, Card, Icon, toast } from '../../../ui';
import { backupApi } from './backup.api';
import { currentRun, liveRuns, noteRun } from './backup-live';
import { ageInWords, backupErrorText, codeText, freshness, freshnessTone, kindText, spaceTone, statusText, statusTone, usedFraction } from './backup-view';
import { ProgressBar, RunProgressView } from './RunProgressView';

function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}

function LastRunLine({ label, run, now }: { label: string; run: RunView | null; now: number }) {
  return (
    <div class="kv-row">
      <dt>{label}</dt>
      <dd>
        {run ? (
          <span class="bk-inline">
            <Badge tone={statusTone(run.status)}>{statusText(run.status)}</Badge>
            <span>{ageInWords(run.finishedAt ?? run.startedAt, now)}</span>
          </span>
        ) : (
          <span class="muted">{t('backup.overview.noneYet')}</span>
        )}
      </dd>
    </div>
  );
}

export function OverviewTab({ view, reload, onChangeTarget, openHistory }: { view: BackupOverview; reload: () => void; onChangeTarget: () => void; openHistory: () => void }) {
  const now = useNow();
  const [busy, setBusy] = useState<'backup' | 'test' | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The run this page started (kept after it ends, to show its result). */
  const [mine, setMine] = useState<RunView | null>(null);

  const last = view.lastSuccessfulBackup;
  const fresh = freshness(last?.finishedAt ?? null, now);
  const tone = freshnessTone(fresh);
  const running = view.running ? currentRun(view.running) : null;
  const shown = mine ? (liveRuns.value[mine.id] ?? mine) : running;
  const status = view.status;
  const used = usedFraction(status);

  const backUp = async () => {
    setBusy('backup');
    setError(null);
    try {
      const run = await backupApi.start('backup');
      noteRun(run);
      setMine(run);
    } catch (e) {
      setError(backupErrorText(e));
    } finally {
      setBusy(null);
    }
  };
  const test = async () => {
    setBusy('test');
    try {
      const s = await backupApi.testTarget();
      toast(s.reachable ? t('backup.target.testOk') : (codeText(s.code) ?? t('backup.target.testFailed')), s.reachable ? 'success' : 'danger');
      reload();
    } catch (e) {
      toast(backupErrorText(e), 'danger');
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="stack-lg">
      <section class={`bk-hero bk-hero-${tone}`} aria-labelledby="bk-hero-title">
        <div class="bk-hero-icon">
          <Icon name={fresh === 'ok' ? 'shield' : 'alert'} size={26} />
        </div>
        <div class="grow bk-hero-text">
          <h2 id="bk-hero-title" class="bk-hero-title">{t(`backup.overview.${fresh}`)}</h2>
          {last?.finishedAt ? (
            <>
              <p class="bk-hero-age">{t('backup.overview.lastSuccess', { age: ageInWords(last.finishedAt, now) })}</p>
              <p class="small muted">{t('backup.overview.lastSuccessAt', { time: formatDateTime(last.finishedAt), added: formatBytes(last.bytesAdded) })}</p>
            </>
          ) : (
            <p class="bk-hero-age">{t('backup.overview.neverDesc', { time: view.policy.dailyAt })}</p>
          )}
        </div>
        <div class="bk-hero-action">
          <Button variant="primary" icon="upload" loading={busy === 'backup'} disabled={!!running && running.status === 'running'} onClick={backUp}>
            {t('backup.overview.backUpNow')}
          </Button>
        </div>
      </section>

      {error ? <Alert tone="danger">{error}</Alert> : null}
      {shown ? (
        <Card
          title={`${kindText(shown.kind)} · ${formatDateTime(shown.startedAt)}`}
          actions={
            shown.status !== 'running' ? (
              <Button size="sm" variant="ghost" onClick={openHistory}>
                {t('backup.overview.viewRun')}
              </Button>
            ) : null
          }
        >
          <RunProgressView run={shown} fallback={view.running?.id === shown.id ? view.running.progress : null} />
        </Card>
      ) : null}

      <div class="bk-grid">
        <Card
          title={t('backup.overview.target')}
          actions={
            <Button size="sm" variant="ghost" icon="refresh" loading={busy === 'test'} onClick={test}>
              {t('backup.overview.testTarget')}
            </Button>
          }
        >
          <div class="stack">
            <div class="bk-target">
              <Icon name="hardDrive" size={20} />
              <div class="grow">
                <p class="strong bk-break">{view.target?.label}</p>
                <p class="xsmall muted">{view.target ? t(`backup.target.kinds.${view.target.kind}`) : ''}</p>
              </div>
              {status ? (
                <Badge tone={status.reachable ? 'success' : 'danger'}>{status.reachable ? t('backup.overview.reachable') : t('backup.overview.unreachable')}</Badge>
              ) : (
                <Badge>{t('backup.overview.unknown')}</Badge>
              )}
            </div>
            {status && !status.reachable ? (
              <Alert tone="danger">
                {codeText(status.code) ?? status.detail ?? t('backup.errors.UNREACHABLE')}
              </Alert>
            ) : null}
            <div>
              <div class="row-between small">
                <span>{t('backup.overview.space')}</span>
                <span class="muted">
                  {status && used !== null ? t('backup.overview.spaceLine', { free: formatBytes(status.freeBytes), total: formatBytes(status.totalBytes) }) : t('backup.overview.spaceUnknown')}
                </span>
              </div>
              <div class={`bk-space bk-space-${spaceTone(status)}`}>
                <ProgressBar fraction={used ?? 0} label={t('backup.overview.space')} />
              </div>
              <p class="xsmall muted bk-space-foot">
                {status?.repositoryBytes !== null && status?.repositoryBytes !== undefined ? t('backup.overview.repoSize', { size: formatBytes(status.repositoryBytes) }) : ''}
                {status ? ` · ${t('backup.overview.checkedAt', { age: ageInWords(status.checkedAt, now) })}` : ''}
              </p>
            </div>
            <div>
              <Button size="sm" variant="secondary" icon="edit" onClick={onChangeTarget}>
                {t('backup.overview.changeTarget')}
              </Button>
            </div>
          </div>
        </Card>

        <Card title={t('backup.overview.next')}>
          <dl class="kv">
            <div class="kv-row">
              <dt>{t('backup.overview.nextBackup')}</dt>
              <dd>{view.next.backup ? formatDateTime(view.next.backup) : '—'}</dd>
            </div>
            <div class="kv-row">
              <dt>{t('backup.overview.nextDb')}</dt>
              <dd>{view.next.dbSnapshot ? formatDateTime(view.next.dbSnapshot) : '—'}</dd>
            </div>
            <div class="kv-row">
              <dt>{t('backup.overview.nextWeekly')}</dt>
              <dd>{view.next.weekly ? formatDateTime(view.next.weekly) : '—'}</dd>
            </div>
            <LastRunLine label={t('backup.overview.lastDrill')} run={view.lastDrill} now={now} />
            <LastRunLine label={t('backup.overview.lastCheck')} run={view.lastCheck} now={now} />
          </dl>
          {view.dbSnapshots.length ? (
            <p class="xsmall muted bk-space-foot">
              {t('backup.overview.dbSnapshots', { n: view.dbSnapshots.length, age: ageInWords(view.dbSnapshots.reduce((a, b) => (b.time > a.time ? b : a)).time, now) })}
            </p>
          ) : null}
          {view.resticVersion ? <p class="xsmall muted">{t('backup.overview.resticVersion', { v: view.resticVersion })}</p> : null}
        </Card>
      </div>
    </div>
  );
}

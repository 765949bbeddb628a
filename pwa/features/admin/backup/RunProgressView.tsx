// One run, live: phase, bar, bytes, files, ETA and the file restic is on; its result when it ends.
import type { RunProgress, RunView } from '../../../../server/modules/backup/backup.dto';
import { t } from '../../../i18n';
import { formatBytes, formatNumber } from '../../../i18n/format';
import { Alert } from '../../../ui';
import { liveProgress } from './backup-live';
import { bytesLine, durationText, etaText, phaseText, progressPercent, runErrorText } from './backup-view';

export function ProgressBar({ fraction, label }: { fraction: number | null; label: string }) {
  const pct = fraction === null ? null : Math.round(fraction * 100);
  return (
    <div
      class={`bk-bar ${pct === null ? 'bk-bar-busy' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
    >
      <span style={pct === null ? undefined : { width: `${pct}%` }} />
    </div>
  );
}

export function RunProgressView({ run, fallback }: { run: RunView; fallback?: RunProgress | null }) {
  const p = liveProgress.value[run.id] ?? fallback ?? null;
  if (run.status === 'running') {
    const fraction = progressPercent(p);
    const eta = etaText(p?.secondsRemaining);
    return (
      <div class="bk-progress" aria-live="polite">
        <div class="bk-progress-head">
          <span class="strong">{p ? phaseText(p.phase) : t('backup.progress.starting')}</span>
          <span class="bk-pct">{fraction === null ? '' : `${Math.round(fraction * 100)}%`}</span>
        </div>
        <ProgressBar fraction={fraction} label={t('backup.progress.label')} />
        <div class="bk-progress-meta small muted">
          {p && bytesLine(p) ? <span>{bytesLine(p)}</span> : null}
          {p?.filesDone !== null && p?.filesDone !== undefined && p.filesTotal ? (
            <span>{t('backup.progress.files', { done: formatNumber(p.filesDone), total: formatNumber(p.filesTotal) })}</span>
          ) : null}
          {eta ? <span>{eta}</span> : null}
        </div>
        {p?.currentFile ? (
          <div class="bk-current small" title={p.currentFile}>
            <span class="muted">{t('backup.progress.current')}</span> <span class="mono">{p.currentFile}</span>
          </div>
        ) : null}
      </div>
    );
  }
  if (run.status === 'failed') {
    const e = runErrorText(run.error);
    return (
      <Alert tone="danger" title={t('backup.overview.runFailed')}>
        {e ? (
          <>
            <p>{e.text}</p>
            {e.detail ? <p class="mono xsmall bk-detail">{e.detail}</p> : null}
          </>
        ) : null}
      </Alert>
    );
  }
  if (run.kind === 'backup')
    return (
      <Alert tone="success">
        {t('backup.overview.runOk', { added: formatBytes(run.bytesAdded), total: formatBytes(run.bytesTotal), duration: durationText(run.durationMs) })}
      </Alert>
    );
  return <Alert tone="success">{`${t(`backup.status.succeeded`)} · ${durationText(run.durationMs)}`}</Alert>;
}

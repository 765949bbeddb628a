// One run: what it did, why it failed in plain words, restic's log, and a drill's report as a checklist.
import { useEffect, useState } from 'preact/hooks';
import type { DrillReport, RunDetail, RunView } from '../../../../server/modules/backup/backup.dto';
import { t } from '../../../i18n';
import { formatBytes, formatDateTime, formatNumber } from '../../../i18n/format';
import { Alert, Badge, Dialog, Icon, LoadingBlock } from '../../../ui';
import { backupApi } from './backup.api';
import { useRunWatch } from './backup-live';
import { backupErrorText, drillCheckLabel, durationText, kindText, runErrorText, statusText, statusTone, triggerText } from './backup-view';
import { RunProgressView } from './RunProgressView';

export const isDrillReport = (r: unknown): r is DrillReport =>
  !!r && typeof r === 'object' && Array.isArray((r as DrillReport).checks) && typeof (r as DrillReport).blobsChecked === 'number';

interface CheckReport {
  readDataSubset?: string | null;
  errors?: string[];
}

export function DrillReportView({ report }: { report: DrillReport }) {
  return (
    <section class={`bk-drill ${report.ok ? 'bk-drill-ok' : 'bk-drill-bad'}`} aria-label={t('backup.drill.title')}>
      <p class="bk-drill-verdict">
        <Icon name={report.ok ? 'check' : 'alert'} size={20} />
        <span>{report.ok ? t('backup.drill.pass') : t('backup.drill.fail')}</span>
      </p>
      <p class="xsmall muted">{t('backup.drill.snapshot', { time: formatDateTime(report.snapshotTime) })}</p>
      <ul class="bk-checklist">
        {report.checks.map((c) => (
          <li key={c.name} class={c.ok ? 'ok' : 'bad'}>
            <span class="bk-check-mark" aria-label={c.ok ? t('backup.status.succeeded') : t('backup.status.failed')}>
              <Icon name={c.ok ? 'check' : 'close'} size={16} />
            </span>
            <span class="grow">
              <span class="bk-block">{drillCheckLabel(c.name)}</span>
              {c.detail ? <span class="xsmall muted bk-block bk-break">{c.detail}</span> : null}
            </span>
          </li>
        ))}
      </ul>
      <dl class="bk-drill-figures">
        <div>
          <dt>{t('backup.drill.restoreTime')}</dt>
          <dd>{durationText(report.restoreMs)}</dd>
        </div>
        <div>
          <dt>{t('backup.drill.verifyTime')}</dt>
          <dd>{durationText(report.verifyMs)}</dd>
        </div>
        <div>
          <dt>{t('backup.drill.restored')}</dt>
          <dd>{formatBytes(report.restoredBytes)}</dd>
        </div>
        <div>
          <dt>{t('backup.drill.blobs')}</dt>
          <dd>
            {t('backup.drill.blobsLine', { n: formatNumber(report.blobsChecked), m: formatNumber(report.blobsTotal) })}{' '}
            <span class="xsmall muted">({report.fullBlobCheck ? t('backup.drill.full') : t('backup.drill.sample')})</span>
          </dd>
        </div>
        <div>
          <dt>{t('backup.drill.tables')}</dt>
          <dd>{formatNumber(report.tablesChecked)}</dd>
        </div>
      </dl>
    </section>
  );
}

function Facts({ run }: { run: RunView }) {
  return (
    <dl class="kv">
      <div class="kv-row">
        <dt>{t('backup.history.status')}</dt>
        <dd>
          <Badge tone={statusTone(run.status)}>{statusText(run.status)}</Badge> <span class="xsmall muted">{triggerText(run.trigger)}{run.actorName ? ` · ${t('backup.history.by', { name: run.actorName })}` : ''}</span>
        </dd>
      </div>
      <div class="kv-row">
        <dt>{t('backup.history.started')}</dt>
        <dd>{formatDateTime(run.startedAt)}</dd>
      </div>
      <div class="kv-row">
        <dt>{t('backup.history.duration')}</dt>
        <dd>{durationText(run.durationMs)}</dd>
      </div>
      {run.snapshotId ? (
        <div class="kv-row">
          <dt>{t('backup.history.snapshot')}</dt>
          <dd class="mono">{run.snapshotId.slice(0, 8)}</dd>
        </div>
      ) : null}
      {run.bytesTotal !== null ? (
        <div class="kv-row">
          <dt>{t('backup.run.dataLabel')}</dt>
          <dd>
            {run.bytesAdded === null
              ? t('backup.run.bytesTotal', { total: formatBytes(run.bytesTotal) })
              : t('backup.run.bytes', { added: formatBytes(run.bytesAdded), total: formatBytes(run.bytesTotal) })}
          </dd>
        </div>
      ) : null}
      {run.filesTotal !== null ? (
        <div class="kv-row">
          <dt>{t('backup.run.filesLabel')}</dt>
          <dd>{t('backup.run.files', { new: formatNumber(run.filesNew ?? 0), changed: formatNumber(run.filesChanged ?? 0), total: formatNumber(run.filesTotal) })}</dd>
        </div>
      ) : null}
    </dl>
  );
}

export function RunDetailDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const [first, setFirst] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    backupApi.run(id).then(setFirst, (e) => setError(backupErrorText(e)));
  }, [id]);
  const { run, detail } = useRunWatch(first, backupApi.run);
  const d = detail ?? first;
  const err = run ? runErrorText(run.error) : null;
  const check = run?.kind === 'check' && d?.report && typeof d.report === 'object' ? (d.report as CheckReport) : null;

  return (
    <Dialog open wide onClose={onClose} title={run ? `${kindText(run.kind)} · ${formatDateTime(run.startedAt)}` : t('backup.run.details')}>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      {!run || !d ? (
        error ? null : <LoadingBlock />
      ) : (
        <div class="stack">
          <Facts run={run} />
          {run.status === 'running' ? <RunProgressView run={run} /> : null}
          {err ? (
            <Alert tone="danger" title={t('backup.run.error')}>
              <p>{err.text}</p>
              {err.detail ? <p class="mono xsmall bk-detail">{err.detail}</p> : null}
            </Alert>
          ) : null}
          {isDrillReport(d.report) ? <DrillReportView report={d.report} /> : null}
          {check ? (
            check.errors?.length ? (
              <Alert tone="danger" title={t('backup.run.checkErrors')}>
                <pre class="mono xsmall bk-detail">{check.errors.join('\n')}</pre>
              </Alert>
            ) : run.status === 'succeeded' ? (
              <Alert tone="success" title={t('backup.run.checkOk')}>
                {check.readDataSubset ? t('backup.run.checkSubset', { subset: check.readDataSubset }) : null}
              </Alert>
            ) : null
          ) : null}
          <div>
            <p class="field-label">{t('backup.run.log')}</p>
            <pre class="bk-log" tabIndex={0} aria-label={t('backup.run.log')}>
              {d.log || t('backup.run.noLog')}
            </pre>
          </div>
        </div>
      )}
    </Dialog>
  );
}

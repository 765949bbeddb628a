// Every run (backups, snapshots, checks, drills, restores) with a kind filter; a run opens with its log and,
// for a drill, its report as a checklist. Drill, check and unlock can be started from here.
import { useEffect, useState } from 'preact/hooks';
import { RUN_KINDS, type BackupOverview, type RunKind, type RunView } from '../../../../server/modules/backup/backup.dto';
import { t } from '../../../i18n';
import { formatBytes, formatDateTime } from '../../../i18n/format';
import { Alert, Badge, Button, Card, Dialog, EmptyState, LoadingBlock, Select, toast } from '../../../ui';
import { backupApi } from './backup.api';
import { noteRun, runsVersion } from './backup-live';
import { backupErrorText, durationText, kindText, statusText, statusTone, triggerText } from './backup-view';
import { RunDetailDialog } from './RunDetailDialog';

export function HistoryTab({ view }: { view: BackupOverview }) {
  const [kind, setKind] = useState<RunKind | ''>('');
  const [items, setItems] = useState<RunView[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [confirmUnlock, setConfirmUnlock] = useState(false);
  const running = !!view.running;

  useEffect(() => {
    backupApi.runs({ kind: kind || undefined, limit: 50 }).then(
      (p) => (setItems(p.items), setHasMore(p.hasMore), setError(null)),
      (e) => setError(backupErrorText(e)),
    );
  }, [kind, runsVersion.value]);

  const more = async () => {
    const last = items?.[items.length - 1];
    if (!last) return;
    try {
      const p = await backupApi.runs({ kind: kind || undefined, before: last.startedAt, limit: 50 });
      setItems([...(items ?? []), ...p.items]);
      setHasMore(p.hasMore);
    } catch (e) {
      setError(backupErrorText(e));
    }
  };

  const start = async (k: 'drill' | 'check' | 'unlock') => {
    setBusy(k);
    try {
      const run = await backupApi.start(k);
      noteRun(run);
      setConfirmUnlock(false);
      toast(t('backup.history.started2', { kind: kindText(run.kind) }), 'success');
      setOpen(run.id);
    } catch (e) {
      toast(backupErrorText(e), 'danger');
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="stack">
      <div class="bk-toolbar">
        <Select
          class="bk-filter"
          label={t('backup.history.filterKind')}
          value={kind}
          onValue={(v) => setKind(v as RunKind | '')}
          options={[{ value: '', label: t('backup.history.all') }, ...RUN_KINDS.map((k) => ({ value: k, label: kindText(k) }))]}
        />
        <div class="bk-toolbar-actions">
          <Button icon="checklist" loading={busy === 'drill'} disabled={running} onClick={() => start('drill')}>
            {t('backup.history.runDrill')}
          </Button>
          <Button icon="search" loading={busy === 'check'} disabled={running} onClick={() => start('check')}>
            {t('backup.history.check')}
          </Button>
          <Button variant="ghost" icon="lock" disabled={running} onClick={() => setConfirmUnlock(true)}>
            {t('backup.history.unlock')}
          </Button>
        </div>
      </div>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <Card flush title={t('backup.history.title')}>
        {!items ? (
          <LoadingBlock />
        ) : items.length === 0 ? (
          <EmptyState icon="history" title={t('backup.history.empty')} />
        ) : (
          <ul class="bk-runs" aria-label={t('backup.history.title')}>
            {items.map((r) => (
              <li key={r.id}>
                <button type="button" class="bk-run" onClick={() => setOpen(r.id)} data-run-kind={r.kind}>
                  <span class="bk-run-main">
                    <span class="bk-inline">
                      <span class="strong">{kindText(r.kind)}</span>
                      <Badge tone={statusTone(r.status)}>{statusText(r.status)}</Badge>
                      <span class="xsmall muted">{triggerText(r.trigger)}</span>
                    </span>
                    <span class="bk-run-meta xsmall muted">
                      <span>{formatDateTime(r.startedAt)}</span>
                      <span>
                        {t('backup.history.duration')} {durationText(r.durationMs)}
                      </span>
                      {r.snapshotId ? <span class="mono">{r.snapshotId.slice(0, 8)}</span> : null}
                      {r.bytesAdded !== null ? (
                        <span>
                          {t('backup.history.added')} {formatBytes(r.bytesAdded)}
                        </span>
                      ) : null}
                    </span>
                  </span>
                  <span class="bk-run-chev" aria-hidden="true">›</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {hasMore ? (
          <div class="card-pad">
            <Button variant="ghost" block onClick={more}>
              {t('backup.history.more')}
            </Button>
          </div>
        ) : null}
      </Card>
      {open ? <RunDetailDialog id={open} onClose={() => setOpen(null)} /> : null}
      <Dialog
        open={confirmUnlock}
        onClose={() => setConfirmUnlock(false)}
        title={t('backup.history.unlockTitle')}
        footer={
          <div class="dialog-actions">
            <Button variant="ghost" onClick={() => setConfirmUnlock(false)}>
              {t('common.cancel')}
            </Button>
            <Button variant="danger" loading={busy === 'unlock'} onClick={() => start('unlock')}>
              {t('backup.history.unlockConfirm')}
            </Button>
          </div>
        }
      >
        <p>{t('backup.history.unlockDesc')}</p>
      </Dialog>
    </div>
  );
}

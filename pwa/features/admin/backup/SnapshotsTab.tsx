// The snapshots in the repository, newest first; each can be browsed for documents or restored whole.
import { useEffect, useState } from 'preact/hooks';
import type { SnapshotView } from '../../../../server/modules/backup/backup.dto';
import { t } from '../../../i18n';
import { formatBytes, formatDateTime } from '../../../i18n/format';
import { Alert, Badge, Button, Card, EmptyState, LoadingBlock } from '../../../ui';
import { backupApi } from './backup.api';
import { runsVersion } from './backup-live';
import { backupErrorText, durationText, reasonText, reasonTone } from './backup-view';
import { RestoreBoxDialog } from './RestoreBoxDialog';
import { SnapshotBrowser } from './SnapshotBrowser';

export function SnapshotsTab({ onWholeBoxStarted }: { onWholeBoxStarted: () => void }) {
  const [items, setItems] = useState<SnapshotView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [browse, setBrowse] = useState<SnapshotView | null>(null);
  const [wholeBox, setWholeBox] = useState<SnapshotView | null>(null);

  useEffect(() => {
    backupApi.snapshots().then(
      (r) => (setItems([...r.items].sort((a, b) => b.time.localeCompare(a.time))), setError(null)),
      (e) => setError(backupErrorText(e)),
    );
  }, [runsVersion.value]);

  if (browse) return <SnapshotBrowser snapshot={browse} onBack={() => setBrowse(null)} />;
  if (error) return <Alert tone="danger">{error}</Alert>;
  if (!items) return <LoadingBlock />;

  return (
    <Card title={t('backup.snapshots.title')} description={t('backup.snapshots.desc')} flush>
      {items.length === 0 ? (
        <EmptyState icon="history" title={t('backup.snapshots.empty')} description={t('backup.snapshots.emptyDesc')} />
      ) : (
        <ul class="bk-snaps" aria-label={t('backup.snapshots.title')}>
          {items.map((s) => (
            <li key={s.id} class="bk-snap" data-snapshot={s.shortId}>
              <div class="bk-snap-main">
                <div class="bk-inline">
                  <span class="strong">{formatDateTime(s.time)}</span>
                  <Badge tone={reasonTone(s.reason)}>{reasonText(s.reason)}</Badge>
                </div>
                <div class="bk-snap-meta xsmall muted">
                  <span class="mono">{s.shortId}</span>
                  <span>
                    {t('backup.snapshots.size')} {formatBytes(s.bytesTotal)}
                  </span>
                  <span>
                    {t('backup.snapshots.added')} {formatBytes(s.bytesAdded)}
                  </span>
                  <span>
                    {t('backup.snapshots.duration')} {durationText(s.durationMs)}
                  </span>
                  {s.appVersion ? <span>{t('backup.snapshots.versionLine', { app: s.appVersion, schema: s.schemaVersion ?? '—' })}</span> : null}
                </div>
              </div>
              <div class="bk-snap-actions">
                <Button size="sm" icon="folder" onClick={() => setBrowse(s)} aria-label={`${t('backup.snapshots.browse')} ${formatDateTime(s.time)}`}>
                  {t('backup.snapshots.browse')}
                </Button>
                <Button size="sm" variant="danger-ghost" icon="restore" onClick={() => setWholeBox(s)} aria-label={`${t('backup.snapshots.restoreBox')} ${formatDateTime(s.time)}`}>
                  {t('backup.snapshots.restoreBox')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {wholeBox ? <RestoreBoxDialog snapshot={wholeBox} onClose={() => setWholeBox(null)} onStarted={onWholeBoxStarted} /> : null}
    </Card>
  );
}

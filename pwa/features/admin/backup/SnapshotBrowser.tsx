// The documents in one snapshot, folder by folder (what the documents store looked like then). Entries gone
// from the live store are marked 已删除. Selected entries are restored as new versions or re-created —
// never overwriting — by a restore-files run whose progress and result show here.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { RestoreDocumentsReport, RunView, SnapshotFolder, SnapshotView } from '../../../../server/modules/backup/backup.dto';
import { t, tMaybe } from '../../../i18n';
import { formatBytes, formatDateTime } from '../../../i18n/format';
import { Alert, Badge, Button, Card, EmptyState, Icon, LoadingBlock } from '../../../ui';
import { backupApi } from './backup.api';
import { noteRun, useRunWatch } from './backup-live';
import { backupErrorText } from './backup-view';
import { RunProgressView } from './RunProgressView';

const isReport = (r: unknown): r is RestoreDocumentsReport =>
  !!r && typeof r === 'object' && Array.isArray((r as RestoreDocumentsReport).restored) && typeof (r as RestoreDocumentsReport).files === 'number';

export function SnapshotBrowser({ snapshot, onBack }: { snapshot: SnapshotView; onBack: () => void }) {
  const [folderId, setFolderId] = useState<string | null>(null);
  const [folder, setFolder] = useState<SnapshotFolder | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Map<string, string>>(new Map());
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<RunView | null>(null);
  const { run, detail } = useRunWatch(started, backupApi.run);

  const load = useCallback(
    (id: string | null) => {
      setFolder(null);
      setError(null);
      backupApi.folder(snapshot.id, id).then(setFolder, (e) => setError(backupErrorText(e)));
    },
    [snapshot.id],
  );
  useEffect(() => load(folderId), [load, folderId]);

  const toggle = (id: string, name: string, on: boolean) =>
    setSelected((m) => {
      const next = new Map(m);
      if (on) next.set(id, name);
      else next.delete(id);
      return next;
    });

  const restore = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await backupApi.restoreDocuments(snapshot.id, [...selected.keys()]);
      noteRun(r);
      setStarted(r);
    } catch (e) {
      setError(backupErrorText(e));
    } finally {
      setBusy(false);
    }
  };

  const entries = folder?.entries ?? [];
  const allOn = entries.length > 0 && entries.every((e) => selected.has(e.id));
  const report = detail && isReport(detail.report) ? detail.report : null;

  return (
    <Card
      class="bk-browser"
      title={t('backup.browser.title')}
      description={t('backup.browser.subtitle', { time: formatDateTime(snapshot.time) })}
      actions={
        <Button size="sm" variant="ghost" icon="arrowUp" onClick={onBack}>
          {t('backup.browser.back')}
        </Button>
      }
    >
      <div class="stack">
        <nav class="bk-crumbs" aria-label={t('backup.browser.title')}>
          <button type="button" class="link-btn" onClick={() => setFolderId(null)}>
            {t('backup.browser.root')}
          </button>
          {(folder?.path ?? [])
            .filter((p) => p.id)
            .map((p) => (
              <span key={p.id} class="bk-crumb">
                <Icon name="chevronRight" size={14} />
                {p.id === folder?.folderId ? (
                  <span aria-current="page" class="strong">{p.name}</span>
                ) : (
                  <button type="button" class="link-btn" onClick={() => setFolderId(p.id)}>
                    {p.name}
                  </button>
                )}
              </span>
            ))}
        </nav>

        {error ? <Alert tone="danger">{error}</Alert> : null}
        {!folder && !error ? <LoadingBlock /> : null}
        {folder && entries.length === 0 ? <EmptyState icon="folder" title={t('backup.browser.empty')} /> : null}
        {folder && entries.length > 0 ? (
          <ul class="bk-entries" aria-label={t('backup.browser.title')}>
            <li class="bk-entry bk-entry-head">
              <label class="check">
                <input type="checkbox" checked={allOn} onChange={(e) => entries.forEach((en) => toggle(en.id, en.name, (e.currentTarget as HTMLInputElement).checked))} />
                <span class="small">{t('backup.browser.selectAll')}</span>
              </label>
            </li>
            {entries.map((en) => (
              <li key={en.id} class={`bk-entry ${en.existsNow ? '' : 'bk-entry-gone'}`}>
                <input
                  type="checkbox"
                  class="bk-entry-check"
                  aria-label={t('backup.browser.select', { name: en.name })}
                  checked={selected.has(en.id)}
                  onChange={(e) => toggle(en.id, en.name, (e.currentTarget as HTMLInputElement).checked)}
                />
                <Icon name={en.kind === 'folder' ? 'folder' : 'file'} size={20} />
                <div class="grow bk-entry-name">
                  {en.kind === 'folder' ? (
                    <button type="button" class="link-btn bk-break" aria-label={t('backup.browser.open', { name: en.name })} onClick={() => setFolderId(en.id)}>
                      {en.name}
                    </button>
                  ) : (
                    <span class="bk-break">{en.name}</span>
                  )}
                  <span class="xsmall muted bk-block">
                    {formatDateTime(en.updatedAt)}
                    {en.size !== null ? ` · ${formatBytes(en.size)}` : ''}
                  </span>
                </div>
                {en.existsNow ? null : <Badge tone="danger">{t('backup.browser.deleted')}</Badge>}
              </li>
            ))}
          </ul>
        ) : null}

        <p class="small muted">{t('backup.browser.hint')}</p>
        {run ? (
          <div class="stack-sm" aria-live="polite">
            {run.status === 'running' ? <p class="small strong">{t('backup.browser.restoring')}</p> : null}
            {run.status === 'succeeded' ? (
              <Alert tone="success" title={t('backup.browser.resultTitle')}>
                {report ? (
                  <>
                    <p>{t('backup.browser.result', { folders: report.folders, files: report.files, bytes: formatBytes(report.bytes) })}</p>
                    <p>{t('backup.browser.resultNote')}</p>
                    <ul class="bk-restored">
                      {report.restored.map((r) => (
                        <li key={r.id}>
                          <span class="strong">{r.name}</span> — {tMaybe(`backup.browser.modes.${r.mode}`) ?? r.mode}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <p>{t('backup.browser.resultNote')}</p>
                )}
              </Alert>
            ) : (
              <RunProgressView run={run} />
            )}
          </div>
        ) : null}
        <div class="bk-sticky-actions">
          <span class="small muted">{t('backup.browser.selected', { n: selected.size })}</span>
          <Button variant="primary" icon="restore" disabled={selected.size === 0 || run?.status === 'running'} loading={busy} onClick={restore}>
            {t('backup.browser.restoreSelected')}
          </Button>
        </div>
      </div>
    </Card>
  );
}

// 版本: every version of a file, newest first (who, when, size); download one, roll back to one (a new
// version copying it, after a confirmation), or upload a new version.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { FileNode, FileVersion } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatDateTime } from '../../../i18n/format';
import { Alert, Badge, Button, Dialog, Icon, LoadingBlock, toast } from '../../../ui';
import { downloadUrl, filesApi } from '../files.api';
import { atLeast, formatBytes } from '../files-format';
import { folderChanges } from '../files-state';
import { enqueue } from '../uploads/upload-store';

function VersionRow({
  node,
  v,
  confirming,
  busy,
  onAsk,
  onCancel,
  onRollback,
}: {
  node: FileNode;
  v: FileVersion;
  confirming: boolean;
  busy: boolean;
  onAsk: () => void;
  onCancel: () => void;
  onRollback: () => void;
}) {
  return (
    <li class={`version-row ${v.current ? 'version-current' : ''}`}>
      <div class="version-num" aria-hidden="true">
        v{v.number}
      </div>
      <div class="grow">
        <div class="version-title">
          <span class="strong">{t('files.versions.number', { n: v.number })}</span>
          {v.current ? <Badge tone="primary">{t('files.versions.current')}</Badge> : null}
        </div>
        <div class="small muted">
          {[v.createdByName ?? t('files.versions.unknownAuthor'), formatDateTime(v.createdAt), formatBytes(v.size)].join(' · ')}
        </div>
        {v.restoredFrom ? <div class="xsmall muted">{t('files.versions.restoredFrom', { n: v.restoredFrom })}</div> : null}
        {confirming ? (
          <Alert tone="warning" title={t('files.versions.confirmTitle', { n: v.number })}>
            {t('files.versions.confirmText', { n: v.number })}
            <div class="row mt-2">
              <Button size="sm" variant="primary" loading={busy} onClick={onRollback}>
                {t('files.versions.rollback')}
              </Button>
              <Button size="sm" variant="ghost" onClick={onCancel}>
                {t('common.cancel')}
              </Button>
            </div>
          </Alert>
        ) : null}
      </div>
      <div class="version-actions">
        {atLeast(node.level, 'download') ? (
          <a class="icon-btn" href={downloadUrl(node.id, v.id)} download aria-label={t('files.versions.downloadNamed', { n: v.number })} title={t('files.actions.download')}>
            <Icon name="download" size={18} />
          </a>
        ) : null}
        {!v.current && atLeast(node.level, 'edit') && !confirming ? (
          <Button size="sm" variant="ghost" icon="restore" onClick={onAsk} aria-label={t('files.versions.rollbackNamed', { n: v.number })}>
            {t('files.versions.rollback')}
          </Button>
        ) : null}
      </div>
    </li>
  );
}

export function VersionsDialog({ node, onClose, onChanged }: { node: FileNode | null; onClose: () => void; onChanged: () => void }) {
  const [versions, setVersions] = useState<FileVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const changes = node?.parentId ? folderChanges.value[node.parentId] : undefined;

  const load = () => {
    if (!node) return;
    filesApi
      .versions(node.id)
      .then((r) => setVersions(r.items))
      .catch((e) => setError(errorText(e)));
  };

  useEffect(() => {
    if (!node) return;
    setVersions(null);
    setError(null);
    setConfirm(null);
    load();
  }, [node?.id]);

  // A new version uploaded from here (or elsewhere into this folder) finished: list it.
  useEffect(() => {
    if (node && changes) load();
  }, [changes]);

  const rollback = async (v: FileVersion) => {
    if (!node) return;
    setBusy(true);
    try {
      const made = await filesApi.rollback(node.id, v.id);
      toast(t('files.versions.rolledBack', { n: v.number, m: made.number }), 'success');
      setConfirm(null);
      load();
      onChanged();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const canEdit = node ? atLeast(node.level, 'edit') : false;
  return (
    <Dialog open={node !== null} onClose={onClose} title={t('files.versions.title')} description={node?.name} wide>
      <div class="stack">
        {canEdit && node ? (
          <div class="row-between">
            <p class="small muted grow">{t('files.versions.hint')}</p>
            <label class="btn btn-secondary btn-sm">
              <Icon name="upload" size={18} />
              <span class="btn-label">{t('files.versions.upload')}</span>
              <input
                ref={input}
                type="file"
                class="sr-only"
                aria-label={t('files.versions.uploadLabel', { name: node.name })}
                onChange={(e) => {
                  const file = (e.currentTarget as HTMLInputElement).files?.[0];
                  if (file) enqueue([{ file }], { fileId: node.id }, node.name);
                  if (input.current) input.current.value = '';
                }}
              />
            </label>
          </div>
        ) : null}
        {error ? <Alert tone="danger">{error}</Alert> : null}
        {!versions && !error ? <LoadingBlock /> : null}
        {versions && node ? (
          <ol class="version-list" aria-label={t('files.versions.title')}>
            {versions.map((v) => (
              <VersionRow
                key={v.id}
                node={node}
                v={v}
                confirming={confirm === v.id}
                busy={busy}
                onAsk={() => setConfirm(v.id)}
                onCancel={() => setConfirm(null)}
                onRollback={() => void rollback(v)}
              />
            ))}
          </ol>
        ) : null}
      </div>
    </Dialog>
  );
}

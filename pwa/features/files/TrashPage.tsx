// /files/trash — 回收站: what I deleted (everything, for document administrators). Restore puts an item back
// where it was; administrators can also delete for good, after a confirmation.
import { useEffect, useState } from 'preact/hooks';
import type { TrashItem } from '../../api/types';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { formatDateTime } from '../../i18n/format';
import { usePageTitle } from '../../layout/page-title';
import type { RouteProps } from '../../layout/routing';
import { can } from '../../state/session-signals';
import { Alert, Button, Card, EmptyState, LoadingBlock, toast } from '../../ui';
import { FileIcon } from './components/FileIcon';
import { ConfirmDialog } from './dialogs/NameDialog';
import { filesApi } from './files.api';
import { formatBytes } from './files-format';
import { folderChanged } from './files-state';

export default function TrashPage(_: RouteProps) {
  usePageTitle(t('files.trash.title'));
  const [items, setItems] = useState<TrashItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [purging, setPurging] = useState<TrashItem | null>(null);
  const admin = can('files.manage');

  const load = () =>
    filesApi
      .trash()
      .then((r) => setItems(r.items))
      .catch((e) => setError(errorText(e)));
  useEffect(() => void load(), []);

  const restore = async (item: TrashItem) => {
    setBusy(item.node.id);
    try {
      const node = await filesApi.restore(item.node.id);
      toast(node.name !== item.node.name ? t('files.trash.restoredAs', { name: node.name }) : t('files.trash.restored', { name: node.name }), 'success');
      setItems((list) => list?.filter((x) => x.node.id !== item.node.id) ?? null);
      folderChanged(node.parentId);
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{t('files.trash.title')}</h1>
          <p>{admin ? t('files.trash.subtitleAdmin') : t('files.trash.subtitle')}</p>
        </div>
      </div>
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <Card flush>
        {!items && !error ? <LoadingBlock /> : null}
        {items && items.length === 0 ? <EmptyState icon="trash" title={t('files.trash.empty')} description={t('files.trash.emptyText')} /> : null}
        {items && items.length > 0 ? (
          <ul class="trash-list" aria-label={t('files.trash.title')}>
            {items.map((item) => (
              <li key={item.node.id} class="trash-row">
                <FileIcon node={item.node} size="md" />
                <div class="grow trash-text">
                  <div class="strong ellipsis" title={item.node.name}>
                    {item.node.name}
                  </div>
                  <div class="xsmall muted ellipsis" title={item.originalPath}>
                    {t('files.trash.from', { path: item.originalPath || '—' })}
                  </div>
                  <div class="xsmall muted">
                    {[
                      t('files.trash.deletedAt', { when: formatDateTime(item.deletedAt) }),
                      item.deletedByName ? t('files.trash.deletedBy', { name: item.deletedByName }) : null,
                      item.node.kind === 'folder' ? t('files.trash.contains', { n: item.contains }) : formatBytes(item.node.size),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </div>
                </div>
                <div class="trash-actions">
                  <Button size="sm" icon="restore" loading={busy === item.node.id} onClick={() => void restore(item)} aria-label={t('files.trash.restoreNamed', { name: item.node.name })}>
                    {t('files.trash.restore')}
                  </Button>
                  {admin ? (
                    <Button size="sm" variant="danger-ghost" icon="trash" onClick={() => setPurging(item)} aria-label={t('files.trash.purgeNamed', { name: item.node.name })}>
                      {t('files.trash.purge')}
                    </Button>
                  ) : null}
                </div>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      <ConfirmDialog
        open={purging !== null}
        title={t('files.trash.purgeTitle', { name: purging?.node.name ?? '' })}
        text={t('files.trash.purgeText')}
        confirmLabel={t('files.trash.purge')}
        danger
        onClose={() => setPurging(null)}
        onConfirm={async () => {
          if (!purging) return;
          await filesApi.purge(purging.node.id);
          toast(t('files.trash.purged'), 'success');
          setItems((list) => list?.filter((x) => x.node.id !== purging.node.id) ?? null);
        }}
      />
    </div>
  );
}

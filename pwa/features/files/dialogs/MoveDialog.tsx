// Move a file or folder: browse the folders of its space (a node stays in its space) and pick the target.
import { useEffect, useState } from 'preact/hooks';
import type { Crumb, FileNode } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { Alert, Button, Dialog, EmptyState, Icon, LoadingBlock } from '../../../ui';
import { filesApi } from '../files.api';

export function MoveDialog({ node, onClose, onMoved }: { node: FileNode | null; onClose: () => void; onMoved: (n: FileNode) => void }) {
  const [at, setAt] = useState<string | null>(null);
  const [trail, setTrail] = useState<Crumb[]>([]);
  const [folders, setFolders] = useState<FileNode[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (node) {
      setAt(node.parentId);
      setError(null);
    }
  }, [node?.id]);

  useEffect(() => {
    if (!node || !at) return;
    let stale = false;
    setFolders(null);
    filesApi
      .folder(at, { kind: 'folder', sort: 'name', order: 'asc', limit: 200 })
      .then((listing) => {
        if (stale) return;
        const crumbs = listing.breadcrumbs.some((c) => c.id === listing.folder.id)
          ? listing.breadcrumbs
          : [...listing.breadcrumbs, { id: listing.folder.id, name: listing.folder.name }];
        setTrail(crumbs.map((c) => (listing.folder.spaceKind === 'personal' && c.id === listing.folder.spaceId ? { ...c, name: t('files.spaces.personal') } : c)));
        setFolders(listing.items.filter((f) => f.kind === 'folder'));
      })
      .catch((e) => !stale && setError(errorText(e)));
    return () => {
      stale = true;
    };
  }, [at, node?.id]);

  const move = async () => {
    if (!node || !at) return;
    setBusy(true);
    setError(null);
    try {
      const moved = await filesApi.patch(node.id, { parentId: at });
      onMoved(moved);
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const here = trail[trail.length - 1];
  return (
    <Dialog open={node !== null} onClose={onClose} title={t('files.move.title', { name: node?.name ?? '' })} description={t('files.move.hint')}>
      <div class="stack">
        <nav class="picker-trail" aria-label={t('files.move.trail')}>
          {trail.map((c, i) => (
            <span key={c.id} class="picker-crumb">
              {i > 0 ? <Icon name="chevronRight" size={14} class="muted" /> : null}
              {i < trail.length - 1 ? (
                <button type="button" class="link-btn" onClick={() => setAt(c.id)}>
                  {c.name}
                </button>
              ) : (
                <span class="strong" aria-current="location">
                  {c.name}
                </span>
              )}
            </span>
          ))}
        </nav>
        <div class="picker-list" role="list" aria-label={t('files.move.folders')}>
          {!folders && !error ? <LoadingBlock /> : null}
          {folders && folders.length === 0 ? <EmptyState icon="folder" title={t('files.move.noFolders')} /> : null}
          {folders?.map((f) => (
            <div role="listitem" key={f.id}>
              <button type="button" class="picker-row" disabled={f.id === node?.id} onClick={() => setAt(f.id)}>
                <Icon name="folder" class="picker-folder" />
                <span class="grow ellipsis">{f.name}</span>
                {f.id === node?.id ? <span class="xsmall muted">{t('files.move.self')}</span> : <Icon name="chevronRight" size={16} class="muted" />}
              </button>
            </div>
          ))}
        </div>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <div class="dialog-actions">
          <Button variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button variant="primary" icon="move" loading={busy} disabled={!at || at === node?.parentId} onClick={() => void move()}>
            {t('files.move.here', { name: here?.name ?? '' })}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

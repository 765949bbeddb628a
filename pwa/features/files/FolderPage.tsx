// /files/f/:id — one folder: breadcrumbs, upload (files, folders, drag and drop), new folder, filters across
// the subtree, sort and list/grid, and the actions of each item.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import type { FileNode, FolderListing } from '../../api/types';
import { t } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { usePageTitle } from '../../layout/page-title';
import type { RouteProps } from '../../layout/routing';
import { Alert, Button, Card, EmptyState, Icon, LoadingBlock, toast } from '../../ui';
import { Breadcrumbs } from './components/Breadcrumbs';
import { FileList, NodeBadges } from './components/FileList';
import { FilterDialog } from './components/FilterDialog';
import { FolderToolbar, filterCount } from './components/FolderToolbar';
import { NameDialog } from './dialogs/NameDialog';
import { filesApi, type FileFilters } from './files.api';
import { atLeast, displayName } from './files-format';
import { folderChanges, usePolicy, viewPrefs } from './files-state';
import { useNodeActions } from './NodeActions';
import { dragHasFiles, filesFromDrop, type PickedFile } from './uploads/pick-files';
import { UploadButton } from './uploads/UploadButton';
import { enqueue } from './uploads/upload-store';

const PAGE = 100;

export default function FolderPage(_: RouteProps) {
  const { params } = useRoute();
  const id = params.id ?? '';
  usePolicy();
  const prefs = viewPrefs.value;
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [items, setItems] = useState<FileNode[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filters, setFilters] = useState<FileFilters>({});
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [reloadTick, setReloadTick] = useState(0);
  const dragDepth = useRef(0);
  const seq = useRef(0);
  const shownKey = useRef('');
  const changes = folderChanges.value[id] ?? 0;
  const filtering = filterCount(filters) > 0;


  const fetchPage = async (after: string | null) => {
    const sortQ = { sort: prefs.sort, order: prefs.order, cursor: after, limit: PAGE };
    if (filtering) {
      const page = await filesApi.list({ ...filters, within: id, sort: prefs.sort, order: prefs.order, cursor: after ?? undefined, limit: PAGE });
      return { items: page.items, nextCursor: page.nextCursor, listing: null };
    }
    const l = await filesApi.folder(id, sortQ);
    return { items: l.items, nextCursor: l.nextCursor, listing: l };
  };

  // Another folder: start clean (its own filters, no old rows while loading).
  useEffect(() => {
    setFilters({});
    setListing(null);
  }, [id]);

  useEffect(() => {
    const mine = ++seq.current;
    setError(null);
    const key = `${id}|${JSON.stringify(filters)}`;
    // A refresh of what is shown keeps the rows until the new ones arrive; a new folder or filter does not.
    if (shownKey.current !== key) setItems(null);
    shownKey.current = key;
    (async () => {
      try {
        // The folder itself (title, breadcrumbs, access) comes with its listing; filters need it too.
        const [page, head] = await Promise.all([fetchPage(null), filtering && !listing ? filesApi.folder(id, { limit: 1 }) : Promise.resolve(null)]);
        if (mine !== seq.current) return;
        if (page.listing) setListing(page.listing);
        else if (head) setListing(head);
        setItems(page.items);
        setCursor(page.nextCursor);
      } catch (e) {
        if (mine === seq.current) setError(errorText(e));
      }
    })();
  }, [id, prefs.sort, prefs.order, JSON.stringify(filters), changes, reloadTick]);

  const reload = () => setReloadTick((n) => n + 1);
  const { actionsFor, dialogs } = useNodeActions(reload);

  const more = async () => {
    if (!cursor) return;
    setLoadingMore(true);
    try {
      const page = await fetchPage(cursor);
      setItems([...(items ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setLoadingMore(false);
    }
  };

  const folder = listing?.folder.id === id ? listing.folder : null;
  const title = folder ? displayName(folder) : t('files.title');
  usePageTitle(title);
  const canEdit = folder ? atLeast(folder.level, 'edit') : false;

  const upload = (files: PickedFile[]) => {
    if (!folder || !files.length) return;
    enqueue(files, { parentId: folder.id }, title);
  };

  const dropHandlers = canEdit
    ? {
        onDragEnter: (e: DragEvent) => {
          if (!dragHasFiles(e)) return;
          e.preventDefault();
          dragDepth.current++;
          setDragging(true);
        },
        onDragOver: (e: DragEvent) => {
          if (!dragHasFiles(e)) return;
          e.preventDefault();
          if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
        },
        onDragLeave: () => {
          dragDepth.current = Math.max(0, dragDepth.current - 1);
          if (dragDepth.current === 0) setDragging(false);
        },
        onDrop: (e: DragEvent) => {
          e.preventDefault();
          dragDepth.current = 0;
          setDragging(false);
          if (!e.dataTransfer) return;
          filesFromDrop(e.dataTransfer)
            .then(upload)
            .catch(() => toast(t('files.upload.dropFailed'), 'danger'));
        },
      }
    : {};

  const trail = listing && folder ? (listing.breadcrumbs.some((c) => c.id === folder.id) ? listing.breadcrumbs : [...listing.breadcrumbs, { id: folder.id, name: folder.name }]) : [];
  const crumbs = trail.map((c) => (folder?.spaceKind === 'personal' && c.id === folder.spaceId ? { ...c, name: t('files.spaces.personal') } : c));

  if (error && !items) {
    return (
      <div class="page">
        <EmptyState
          icon="alert"
          title={t('files.folderError')}
          description={error}
          action={
            <Button variant="primary" onClick={reload}>
              {t('common.reload')}
            </Button>
          }
        />
      </div>
    );
  }

  return (
    <div class={`page files-page ${dragging ? 'files-dragging' : ''}`} {...dropHandlers}>
      {crumbs.length ? <Breadcrumbs crumbs={crumbs} /> : null}
      <div class="page-head files-head">
        <div class="files-head-text">
          <h1 class="ellipsis">{title}</h1>
          {folder ? (
            <p class="files-head-meta">
              <NodeBadges node={folder} />
              {folder.createdByName ? <span>{t('files.createdBy', { name: folder.createdByName })}</span> : null}
            </p>
          ) : null}
        </div>
        {canEdit ? (
          <div class="files-head-actions">
            <Button icon="folderPlus" onClick={() => setCreating(true)}>
              {t('files.newFolder')}
            </Button>
            <UploadButton onFiles={upload} />
          </div>
        ) : null}
      </div>
      <FolderToolbar filters={filters} onFilters={setFilters} onOpenFilters={() => setFiltersOpen(true)} />
      {error ? <Alert tone="danger">{error}</Alert> : null}
      {filtering && items ? <p class="small muted" aria-live="polite">{t('files.filter.results', { n: items.length })}</p> : null}
      <Card flush class="files-card">
        {!items ? <LoadingBlock /> : null}
        {items && items.length === 0 ? (
          filtering ? (
            <EmptyState icon="filter" title={t('files.filter.noMatch')} description={t('files.filter.noMatchText')} />
          ) : (
            <EmptyState
              icon="folder"
              title={t('files.emptyFolder')}
              description={canEdit ? t('files.emptyFolderEdit') : t('files.emptyFolderRead')}
            />
          )
        ) : null}
        {items && items.length > 0 ? <FileList items={items} mode={prefs.mode} actionsFor={actionsFor} label={t('files.contentsOf', { name: title })} /> : null}
      </Card>
      {cursor ? (
        <div class="center">
          <Button variant="ghost" loading={loadingMore} onClick={() => void more()}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
      {canEdit ? <p class="drop-hint small muted">{t('files.dropHint')}</p> : null}
      {dragging && folder ? (
        <div class="drop-overlay" aria-hidden="true">
          <div class="drop-overlay-card">
            <Icon name="upload" size={32} />
            <p class="strong">{t('files.dropHere', { name: title })}</p>
          </div>
        </div>
      ) : null}
      <FilterDialog open={filtersOpen} filters={filters} onApply={setFilters} onClose={() => setFiltersOpen(false)} />
      <NameDialog
        open={creating}
        title={t('files.newFolder')}
        label={t('files.folderName')}
        submitLabel={t('files.create')}
        onClose={() => setCreating(false)}
        onSubmit={async (name) => {
          if (!folder) return;
          await filesApi.createFolder(folder.id, name);
          toast(t('files.folderCreated', { name }), 'success');
          reload();
        }}
      />
      {dialogs}
    </div>
  );
}

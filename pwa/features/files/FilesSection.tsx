// /files/*: the files header (search, recycle bin), the sub-pages (each a lazy chunk) and the upload queue,
// which stays on screen while moving between folders.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { t } from '../../i18n';
import { Routes, lazyPage, type RouteProps } from '../../layout/routing';
import { Icon } from '../../ui';
import { hookFilesRealtime } from './files-state';
import { UploadPanel } from './uploads/UploadPanel';
import './files.css';

const SpacesPage = lazyPage(() => import('./SpacesPage'));
const FolderPage = lazyPage(() => import('./FolderPage'));
const TrashPage = lazyPage(() => import('./TrashPage'));
const SearchPage = lazyPage(() => import('./SearchPage'));
// The preview and annotation pages (pwa/features/files/preview/).
const PreviewPage = lazyPage(() => import('./preview/PreviewPage'));
const AssignedPage = lazyPage(() => import('./preview/AssignedPage'));

function FilesHeader() {
  const { path, query, route } = useLocation();
  const [q, setQ] = useState(query.q ?? '');
  const onSearch = path === '/files/search';
  useEffect(() => {
    if (onSearch) setQ(query.q ?? '');
  }, [onSearch, query.q]);
  const submit = (e: Event) => {
    e.preventDefault();
    const text = q.trim();
    if (text) route(`/files/search?q=${encodeURIComponent(text)}`);
  };
  return (
    <div class="files-top">
      <form class="files-search" role="search" onSubmit={submit}>
        <Icon name="search" size={18} class="files-search-icon" />
        <input
          type="search"
          class="input files-search-input"
          value={q}
          onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)}
          placeholder={t('files.search.placeholder')}
          aria-label={t('files.search.label')}
          enterKeyHint="search"
          maxLength={100}
        />
      </form>
      <a href="/files/assigned" class="icon-btn files-top-link" aria-label={t('files.assignedLink')} title={t('files.assignedLink')} aria-current={path === '/files/assigned' ? 'page' : undefined}>
        <Icon name="checklist" size={20} />
      </a>
      <a href="/files/trash" class="icon-btn files-top-link" aria-label={t('files.trash.title')} title={t('files.trash.title')} aria-current={path === '/files/trash' ? 'page' : undefined}>
        <Icon name="trash" size={20} />
      </a>
    </div>
  );
}

export default function FilesSection(_: RouteProps) {
  const { path } = useLocation();
  useEffect(hookFilesRealtime, []);
  const preview = path.startsWith('/files/p/');
  return (
    <div class="files-section">
      {preview ? null : <FilesHeader />}
      <Routes>
        <SpacesPage path="/" />
        <FolderPage path="/f/:id" />
        <TrashPage path="/trash" />
        <SearchPage path="/search" />
        <PreviewPage path="/p/:id" />
        <AssignedPage path="/assigned" />
        <SpacesPage default />
      </Routes>
      <UploadPanel />
    </div>
  );
}

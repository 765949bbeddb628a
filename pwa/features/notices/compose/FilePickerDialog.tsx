// Choose files from the documents store: the spaces (mine, the school's, my departments', projects), their
// folders, or a search; tick files in any of them and add them together. Only files the author may download
// can be attached (the server checks); the notice's recipients then download them through the notice.
import { useEffect, useState } from 'preact/hooks';
import type { Crumb, FileNode, Spaces } from '../../../api/types';
import { t } from '../../../i18n';
import { formatBytes } from '../../../i18n/format';
import { Alert, Button, Dialog, EmptyState, Icon, LoadingBlock, TextField } from '../../../ui';
import { api } from '../../../api/client';
import type { FolderListing, SearchHit } from '../../../api/types';
import { noticeErrorText } from '../notices-errors';
import type { NoticeAttachment } from '../api-notices';

const enc = encodeURIComponent;
const filesApi = {
  spaces: () => api.get<Spaces>('/api/files/spaces'),
  folder: (id: string) => api.get<FolderListing>(`/api/files/folders/${enc(id)}`, { query: { sort: 'name', order: 'asc', limit: 200 } }),
  search: (q: string, signal?: AbortSignal) => api.get<{ items: SearchHit[] }>('/api/files/search', { query: { q, limit: 30 }, signal }),
};

export const toAttachment = (n: Pick<FileNode, 'id' | 'name' | 'size' | 'mime'>): NoticeAttachment => ({ id: n.id, name: n.name, size: n.size, mime: n.mime });

function spaceRows(s: Spaces): { node: FileNode; label: string }[] {
  return [
    { node: s.personal, label: t('files.spaces.personal') },
    ...(s.school ? [{ node: s.school, label: t('files.spaces.school') }] : []),
    ...s.departments.map((d) => ({ node: d, label: d.name })),
    ...s.projects.map((p) => ({ node: p, label: p.name })),
  ];
}

export function FilePickerDialog({ open, onClose, chosen, room, onAdd }: { open: boolean; onClose: () => void; chosen: string[]; room: number; onAdd: (files: NoticeAttachment[]) => void }) {
  const [spaces, setSpaces] = useState<Spaces | null>(null);
  const [at, setAt] = useState<string | null>(null);
  const [trail, setTrail] = useState<Crumb[]>([]);
  const [items, setItems] = useState<FileNode[] | null>(null);
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [picked, setPicked] = useState<Map<string, NoticeAttachment>>(new Map());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setPicked(new Map());
    setAt(null);
    setQ('');
    setError(null);
    if (!spaces) filesApi.spaces().then(setSpaces, (e) => setError(noticeErrorText(e)));
  }, [open]);

  useEffect(() => {
    if (!at) return;
    let stale = false;
    setItems(null);
    filesApi.folder(at).then(
      (l) => {
        if (stale) return;
        const crumbs = l.breadcrumbs.some((c) => c.id === l.folder.id) ? l.breadcrumbs : [...l.breadcrumbs, { id: l.folder.id, name: l.folder.name }];
        setTrail(crumbs.map((c) => (l.folder.spaceKind === 'personal' && c.id === l.folder.spaceId ? { ...c, name: t('files.spaces.personal') } : c)));
        setItems(l.items);
      },
      (e) => !stale && setError(noticeErrorText(e)),
    );
    return () => {
      stale = true;
    };
  }, [at]);

  useEffect(() => {
    const query = q.trim();
    if (!query) return setHits(null);
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      filesApi.search(query, ctrl.signal).then(
        (r) => setHits(r.items.filter((h) => h.node.kind === 'file')),
        (e) => (e as Error).name !== 'AbortError' && setError(noticeErrorText(e)),
      );
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q]);

  const toggle = (n: FileNode) => {
    const next = new Map(picked);
    if (next.has(n.id)) next.delete(n.id);
    else if (next.size < room) next.set(n.id, toAttachment(n));
    setPicked(next);
  };

  const fileRow = (n: FileNode, detail?: string) => {
    const already = chosen.includes(n.id);
    const on = already || picked.has(n.id);
    return (
      <div role="listitem" key={n.id}>
        <label class={`picker-row nt-pick-row ${already ? 'is-disabled' : ''}`}>
          <input type="checkbox" checked={on} disabled={already || (!on && picked.size >= room)} onChange={() => toggle(n)} />
          <Icon name="file" size={18} class="muted" />
          <span class="grow nt-pick-name">
            <span class="ellipsis">{n.name}</span>
            {detail ? <span class="xsmall muted ellipsis">{detail}</span> : null}
          </span>
          <span class="xsmall muted nowrap">{already ? t('notices.attachments.already') : formatBytes(n.size)}</span>
        </label>
      </div>
    );
  };

  const folderRow = (n: FileNode, label = n.name) => (
    <div role="listitem" key={n.id}>
      <button type="button" class="picker-row" onClick={() => setAt(n.id)}>
        <Icon name="folder" class="picker-folder" />
        <span class="grow ellipsis">{label}</span>
        <Icon name="chevronRight" size={16} class="muted" />
      </button>
    </div>
  );

  return (
    <Dialog open={open} onClose={onClose} title={t('notices.attachments.pickTitle')} description={t('notices.attachments.pickHint', { n: room })} wide>
      <div class="stack">
        <TextField label={t('notices.attachments.search')} hideLabel type="search" placeholder={t('notices.attachments.search')} value={q} onValue={setQ} />
        {!q.trim() && at ? (
          <nav class="picker-trail" aria-label={t('notices.attachments.trail')}>
            <span class="picker-crumb">
              <button type="button" class="link-btn" onClick={() => setAt(null)}>
                {t('notices.attachments.spaces')}
              </button>
            </span>
            {trail.map((c, i) => (
              <span key={c.id} class="picker-crumb">
                <Icon name="chevronRight" size={14} class="muted" />
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
        ) : null}
        <div class="picker-list nt-pick-list" role="list" aria-label={t('notices.attachments.files')}>
          {q.trim() ? (
            hits === null ? (
              <LoadingBlock />
            ) : hits.length ? (
              hits.map((h) => fileRow(h.node, h.path))
            ) : (
              <EmptyState icon="search" title={t('notices.attachments.noHits')} />
            )
          ) : !at ? (
            spaces ? (
              spaceRows(spaces).map((s) => folderRow(s.node, s.label))
            ) : (
              <LoadingBlock />
            )
          ) : items === null ? (
            <LoadingBlock />
          ) : items.length ? (
            items.map((n) => (n.kind === 'folder' ? folderRow(n) : fileRow(n)))
          ) : (
            <EmptyState icon="folder" title={t('notices.attachments.emptyFolder')} />
          )}
        </div>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <div class="dialog-actions">
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            variant="primary"
            icon="plus"
            disabled={!picked.size}
            onClick={() => {
              onAdd([...picked.values()]);
              onClose();
            }}
          >
            {t('notices.attachments.addN', { n: picked.size })}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

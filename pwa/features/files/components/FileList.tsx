// Files and folders as a list (name, classification, updated, size) or as a grid of tiles. Each item is a
// link (folder → its listing, file → its preview) with a separate "more" menu.
import type { FileNode } from '../../../api/types';
import { t } from '../../../i18n';
import { formatDateTime, formatRelative } from '../../../i18n/format';
import { Badge } from '../../../ui';
import { docTypeLabel, formatBytes, nodeHref, sensitivityLabel, SENSITIVITY_TONE } from '../files-format';
import { policy } from '../files-state';
import type { ViewMode } from '../files-state';
import { ActionMenu, type MenuAction } from './ActionMenu';
import { FileIcon } from './FileIcon';

export function NodeBadges({ node }: { node: FileNode }) {
  const docType = docTypeLabel(node.docType, policy.value?.docTypes);
  const s = node.effectiveSensitivity;
  return (
    <>
      <Badge tone={SENSITIVITY_TONE[s]} title={t('files.sensitivityOf', { label: sensitivityLabel(s) })}>
        {sensitivityLabel(s)}
      </Badge>
      {docType ? <span class="doc-chip">{docType}</span> : null}
    </>
  );
}

function metaLine(node: FileNode): string {
  const parts = [node.kind === 'file' ? formatBytes(node.size) : null, formatRelative(node.updatedAt)];
  return parts.filter(Boolean).join(' · ');
}

export function FileList({
  items,
  mode,
  actionsFor,
  label,
}: {
  items: FileNode[];
  mode: ViewMode;
  actionsFor?: (n: FileNode) => MenuAction[];
  label: string;
}) {
  if (mode === 'grid') {
    return (
      <ul class="file-grid" aria-label={label}>
        {items.map((n) => {
          const actions = actionsFor?.(n) ?? [];
          return (
            <li key={n.id} class="file-card">
              <a class="file-card-link" href={nodeHref(n)}>
                <span class="file-card-face">
                  <FileIcon node={n} size="lg" />
                </span>
                <span class="file-card-name" title={n.name}>
                  {n.name}
                </span>
                <span class="file-card-meta">{metaLine(n)}</span>
                <span class="file-card-badges">
                  <NodeBadges node={n} />
                </span>
              </a>
              {actions.length ? (
                <span class="file-card-menu">
                  <ActionMenu label={t('files.actions.moreFor', { name: n.name })} title={n.name} actions={actions} />
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    );
  }
  return (
    <div class="file-table">
      <div class="file-table-head" aria-hidden="true">
        <span>{t('files.col.name')}</span>
        <span>{t('files.col.updated')}</span>
        <span>{t('files.col.size')}</span>
        <span />
      </div>
      <ul class="file-list" aria-label={label}>
        {items.map((n) => {
          const actions = actionsFor?.(n) ?? [];
          return (
            <li key={n.id} class="file-row">
              <a class="file-main" href={nodeHref(n)}>
                <FileIcon node={n} size="md" />
                <span class="file-text">
                  <span class="file-name" title={n.name}>
                    {n.name}
                  </span>
                  <span class="file-sub">
                    <NodeBadges node={n} />
                    <span class="file-sub-meta">{metaLine(n)}</span>
                  </span>
                </span>
              </a>
              <span class="file-col file-col-time" title={formatDateTime(n.updatedAt)}>
                {formatRelative(n.updatedAt)}
                {n.updatedByName ? <span class="xsmall muted ellipsis">{n.updatedByName}</span> : null}
              </span>
              <span class="file-col file-col-size">{n.kind === 'file' ? formatBytes(n.size) : '—'}</span>
              <span class="file-col-menu">
                {actions.length ? <ActionMenu label={t('files.actions.moreFor', { name: n.name })} title={n.name} actions={actions} /> : null}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

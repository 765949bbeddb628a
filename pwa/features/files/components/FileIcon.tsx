// A file's face in lists: its thumbnail when the server made one, else a coloured tile with the kind (PDF, DOC …).
import { useState } from 'preact/hooks';
import type { FileNode } from '../../../api/types';
import { Icon } from '../../../ui';
import { thumbnailUrl } from '../files.api';
import { fileKind, kindLabel } from '../files-format';

type Face = Pick<FileNode, 'kind' | 'name' | 'mime'> & Partial<Pick<FileNode, 'hasThumbnail' | 'versionId'>>;

export function FileIcon({ node, size = 'md' }: { node: Face; size?: 'sm' | 'md' | 'lg' }) {
  const [broken, setBroken] = useState(false);
  const kind = fileKind(node);
  if (node.hasThumbnail && node.versionId && !broken) {
    return (
      <span class={`file-icon file-icon-${size} file-icon-thumb`} aria-hidden="true">
        <img src={thumbnailUrl(node.versionId)} alt="" loading="lazy" decoding="async" onError={() => setBroken(true)} />
      </span>
    );
  }
  if (kind === 'folder') {
    return (
      <span class={`file-icon file-icon-${size} file-kind-folder`} aria-hidden="true">
        <Icon name="folder" size={size === 'lg' ? 40 : size === 'md' ? 24 : 18} />
      </span>
    );
  }
  return (
    <span class={`file-icon file-icon-${size} file-kind-${kind}`} aria-hidden="true">
      {kind === 'image' ? <Icon name="image" size={size === 'lg' ? 32 : size === 'md' ? 20 : 16} /> : <span class="file-icon-label">{kindLabel(node)}</span>}
    </span>
  );
}

// The actions on one file or folder (menu entries by access level) and the dialogs they open.
import { useState } from 'preact/hooks';
import type { FileNode } from '../../api/types';
import { t } from '../../i18n';
import { navigate } from '../../state/navigate';
import { toast } from '../../ui';
import type { MenuAction } from './components/ActionMenu';
import { ClassifyDialog } from './dialogs/ClassifyDialog';
import { MoveDialog } from './dialogs/MoveDialog';
import { ConfirmDialog, NameDialog } from './dialogs/NameDialog';
import { ShareDialog } from './dialogs/ShareDialog';
import { VersionsDialog } from './dialogs/VersionsDialog';
import { downloadUrl, filesApi } from './files.api';
import { atLeast, baseNameLength, nodeHref } from './files-format';

type Kind = 'rename' | 'move' | 'classify' | 'versions' | 'share' | 'delete';

/**
 * `onChanged` runs after anything changed (reload the list). Returns the menu entries for a node and the
 * dialogs to render once in the page.
 */
export function useNodeActions(onChanged: () => void) {
  const [open, setOpen] = useState<{ kind: Kind; node: FileNode } | null>(null);
  const close = () => setOpen(null);
  const nodeFor = (kind: Kind) => (open?.kind === kind ? open.node : null);
  const show = (kind: Kind, node: FileNode) => () => setOpen({ kind, node });

  const actionsFor = (n: FileNode): MenuAction[] => {
    const file = n.kind === 'file';
    const root = n.parentId === null;
    const list: MenuAction[] = [
      { id: 'open', label: file ? t('files.actions.preview') : t('files.actions.open'), icon: file ? 'eye' : 'folder', onSelect: () => navigate(nodeHref(n)) },
    ];
    if (file && atLeast(n.level, 'download')) list.push({ id: 'download', label: t('files.actions.download'), icon: 'download', href: downloadUrl(n.id), download: true });
    if (atLeast(n.level, 'edit') && !root) list.push({ id: 'rename', label: t('files.actions.rename'), icon: 'edit', onSelect: show('rename', n) });
    if (atLeast(n.level, 'manage') && !root) list.push({ id: 'move', label: t('files.actions.move'), icon: 'move', onSelect: show('move', n) });
    if (atLeast(n.level, 'edit')) list.push({ id: 'classify', label: t('files.actions.classify'), icon: 'tag', onSelect: show('classify', n) });
    if (file) list.push({ id: 'versions', label: t('files.actions.versions'), icon: 'history', onSelect: show('versions', n) });
    if (atLeast(n.level, 'manage')) list.push({ id: 'share', label: t('files.actions.share'), icon: 'share', onSelect: show('share', n) });
    if (atLeast(n.level, 'edit') && !root) list.push({ id: 'delete', label: t('files.actions.delete'), icon: 'trash', danger: true, onSelect: show('delete', n) });
    return list;
  };

  const renaming = nodeFor('rename');
  const deleting = nodeFor('delete');
  const dialogs = (
    <>
      <NameDialog
        open={renaming !== null}
        title={renaming?.kind === 'folder' ? t('files.rename.folderTitle') : t('files.rename.fileTitle')}
        label={t('files.rename.label')}
        initial={renaming?.name ?? ''}
        selectUntil={renaming ? baseNameLength(renaming.name, renaming.kind === 'folder') : undefined}
        submitLabel={t('files.rename.submit')}
        onClose={close}
        onSubmit={async (name) => {
          if (!renaming) return;
          await filesApi.patch(renaming.id, { name });
          toast(t('files.rename.done'), 'success');
          onChanged();
        }}
      />
      <MoveDialog
        node={nodeFor('move')}
        onClose={close}
        onMoved={(n) => {
          toast(t('files.move.done', { name: n.name }), 'success');
          onChanged();
        }}
      />
      <ClassifyDialog
        node={nodeFor('classify')}
        onClose={close}
        onSaved={() => {
          toast(t('files.classify.saved'), 'success');
          onChanged();
        }}
      />
      <VersionsDialog node={nodeFor('versions')} onClose={close} onChanged={onChanged} />
      <ShareDialog node={nodeFor('share')} onClose={close} onSaved={() => onChanged()} />
      <ConfirmDialog
        open={deleting !== null}
        title={t('files.delete.title', { name: deleting?.name ?? '' })}
        text={deleting?.kind === 'folder' ? t('files.delete.folderText') : t('files.delete.fileText')}
        confirmLabel={t('files.delete.confirm')}
        danger
        onClose={close}
        onConfirm={async () => {
          if (!deleting) return;
          await filesApi.remove(deleting.id);
          toast(t('files.delete.done'), 'success');
          onChanged();
        }}
      />
    </>
  );
  return { actionsFor, dialogs };
}

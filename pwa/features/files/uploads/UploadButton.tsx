// "上传": a menu with 上传文件 and 上传文件夹, each backed by a real (hidden, labelled) file input.
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../../i18n';
import { ActionMenu } from '../components/ActionMenu';
import { filesFromInput, type PickedFile } from './pick-files';

export function UploadButton({ onFiles, compact }: { onFiles: (files: PickedFile[]) => void; compact?: boolean }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const dirInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Not in Preact's JSX types; the property works in every current browser.
    if (dirInput.current) dirInput.current.webkitdirectory = true;
  }, []);
  const take = (input: HTMLInputElement | null) => {
    if (!input) return;
    const files = filesFromInput(input.files);
    input.value = '';
    if (files.length) onFiles(files);
  };
  return (
    <>
      <ActionMenu
        label={t('files.upload.button')}
        title={t('files.upload.button')}
        icon="upload"
        buttonLabel={compact ? undefined : t('files.upload.button')}
        buttonClass={compact ? 'icon-btn' : 'btn btn-primary btn-md'}
        actions={[
          { id: 'files', label: t('files.upload.files'), icon: 'file', onSelect: () => fileInput.current?.click() },
          { id: 'folder', label: t('files.upload.folder'), icon: 'folder', onSelect: () => dirInput.current?.click() },
        ]}
      />
      <input ref={fileInput} type="file" multiple class="sr-only" tabIndex={-1} aria-label={t('files.upload.pickFiles')} onChange={(e) => take(e.currentTarget as HTMLInputElement)} />
      <input ref={dirInput} type="file" multiple class="sr-only" tabIndex={-1} aria-label={t('files.upload.pickFolder')} onChange={(e) => take(e.currentTarget as HTMLInputElement)} />
    </>
  );
}

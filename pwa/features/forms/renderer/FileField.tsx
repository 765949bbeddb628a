// Attachment and image fields: pick files, watch them upload (progress, cancel), see the result as a list of
// files or a grid of thumbnails, remove one. The answer is the list of uploaded file node ids.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AnswerValue, FormField } from '../../../../server/lib/form-schema';
import { FILES_MAX_DEFAULT } from '../../../../server/lib/form-validate';
import type { FileNode } from '../../../api/types';
import { t } from '../../../i18n';
import { Button, Icon } from '../../../ui';
import { contentUrl, rendererApi, thumbnailUrl } from './api-renderer';
import { useRenderer } from './context';
import { FieldShell, shellIds } from './FieldShell';
import type { FieldProps } from './fields-basic';
import { formatSize } from './form-state';
import { uploadFormFile, type RunningUpload } from './form-uploads';

type FilesField = Extract<FormField, { type: 'attachment' | 'image' }>;

interface Pending {
  key: number;
  name: string;
  size: number;
  progress: number;
  error: string | null;
  preview: string | null;
  run: RunningUpload | null;
}

/** Pictures just uploaded from this device: shown from memory until the server's thumbnail exists. */
const localPreviews = new Map<string, string>();
let seq = 0;

const ids = (v: AnswerValue | undefined): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** A file already in the answer: its name and size (from refs or the files API) and, for images, a thumbnail. */
function useFileInfo(id: string): { name: string; size: number | null; thumb: string | null } {
  const { refs } = useRenderer();
  const known = refs?.files[id];
  const [node, setNode] = useState<FileNode | null>(null);
  useEffect(() => {
    let live = true;
    void rendererApi.node(id).then((n) => live && setNode(n));
    return () => {
      live = false;
    };
  }, [id]);
  const thumb = localPreviews.get(id) ?? (node ? (node.hasThumbnail && node.versionId ? thumbnailUrl(node.versionId) : contentUrl(id)) : null);
  return { name: node?.name ?? known?.name ?? t('forms.field.file'), size: node?.size ?? known?.size ?? null, thumb };
}

function DoneFile({ id, image, onRemove, disabled }: { id: string; image: boolean; onRemove: () => void; disabled: boolean }) {
  const info = useFileInfo(id);
  const remove = !disabled ? (
    <button type="button" class="fr-file-x" aria-label={t('forms.field.removeItem', { name: info.name })} onClick={onRemove}>
      <Icon name="close" size={16} />
    </button>
  ) : null;
  if (image) {
    return (
      <li class="fr-thumb">
        {info.thumb ? <img src={info.thumb} alt={info.name} loading="lazy" /> : <span class="fr-thumb-blank" aria-label={info.name} />}
        {remove}
      </li>
    );
  }
  return (
    <li class="fr-file">
      <Icon name="file" size={18} />
      <span class="fr-file-name ellipsis">{info.name}</span>
      <span class="fr-file-size">{formatSize(info.size)}</span>
      {remove}
    </li>
  );
}

function PendingFile({ p, image, onDrop }: { p: Pending; image: boolean; onDrop: () => void }) {
  const pct = Math.round(p.progress * 100);
  return (
    <li class={`${image ? 'fr-thumb fr-thumb-pending' : 'fr-file'} ${p.error ? 'fr-file-bad' : ''}`}>
      {image && p.preview ? <img src={p.preview} alt={p.name} /> : <Icon name={image ? 'image' : 'upload'} size={18} />}
      <span class="fr-file-main">
        {!image ? <span class="fr-file-name ellipsis">{p.name}</span> : null}
        {p.error ? (
          <span class="fr-file-err">{p.error}</span>
        ) : (
          <span class="fr-progress" role="progressbar" aria-label={t('forms.field.uploading', { name: p.name })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
            <span style={{ width: `${pct}%` }} />
          </span>
        )}
      </span>
      <button type="button" class="fr-file-x" aria-label={p.error ? t('forms.field.removeItem', { name: p.name }) : t('forms.field.cancelUpload', { name: p.name })} onClick={onDrop}>
        <Icon name="close" size={16} />
      </button>
    </li>
  );
}

export function FileField({ field, value, error, base, pointer }: FieldProps<FilesField>) {
  const { disabled, update, uploadDir } = useRenderer();
  const shell = shellIds(base, field.help, error);
  const image = field.type === 'image';
  const max = field.maxFiles ?? FILES_MAX_DEFAULT;
  const done = ids(value);
  const [pending, setPending] = useState<Pending[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const running = useRef(new Map<number, RunningUpload>());

  // Leaving the form stops its uploads.
  useEffect(() => () => running.current.forEach((r) => r.cancel()), []);

  const patch = (key: number, change: Partial<Pending>) => setPending((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));
  const drop = (key: number) => {
    running.current.get(key)?.cancel();
    running.current.delete(key);
    setPending((list) => list.filter((p) => p.key !== key));
  };

  const start = (files: File[]) => {
    const room = max - done.length - pending.filter((p) => !p.error).length;
    const accepted = files.slice(0, Math.max(0, room));
    setNote(accepted.length < files.length ? t('forms.field.tooManyFiles', { n: max }) : null);
    const added: Pending[] = accepted.map((file) => {
      const key = ++seq;
      const preview = image && file.type.startsWith('image/') ? URL.createObjectURL(file) : null;
      const run = uploadFormFile(file, uploadDir, (f) => patch(key, { progress: f }));
      running.current.set(key, run);
      run.done
        .then((result) => {
          running.current.delete(key);
          if (preview) localPreviews.set(result.node.id, preview);
          setPending((list) => list.filter((p) => p.key !== key));
          update(field.key, (prev) => [...ids(prev).filter((x) => x !== result.node.id), result.node.id]);
        })
        .catch((e: unknown) => {
          running.current.delete(key);
          patch(key, { error: (e as Error).message || t('forms.field.uploadFailed') });
        });
      return { key, name: file.name, size: file.size, progress: 0, error: null, preview, run };
    });
    if (added.length) setPending((list) => [...list, ...added]);
  };

  const full = done.length + pending.filter((p) => !p.error).length >= max;
  return (
    <FieldShell base={base} pointer={pointer} label={field.label} required={field.required} help={field.help} error={error} group wide>
      {done.length || pending.length ? (
        <ul class={image ? 'fr-thumbs' : 'fr-files'} aria-label={field.label}>
          {done.map((id) => (
            <DoneFile key={id} id={id} image={image} disabled={disabled} onRemove={() => update(field.key, (prev) => ids(prev).filter((x) => x !== id))} />
          ))}
          {pending.map((p) => (
            <PendingFile key={p.key} p={p} image={image} onDrop={() => drop(p.key)} />
          ))}
        </ul>
      ) : null}
      {note ? <p class="fr-help fr-warn">{note}</p> : null}
      {!disabled && !full ? (
        <div class="fr-upload-row">
          <Button id={shell.inputId} icon={image ? 'image' : 'upload'} aria-describedby={shell.describedBy} onClick={() => picker.current?.click()}>
            {image ? t('forms.field.addImages') : t('forms.field.addFiles')}
          </Button>
          <span class="fr-help">{t('forms.field.filesLimit', { n: max })}</span>
          <input
            ref={picker}
            type="file"
            class="sr-only"
            tabIndex={-1}
            aria-hidden="true"
            multiple={max > 1}
            accept={image ? 'image/*' : undefined}
            onChange={(e) => {
              const el = e.currentTarget as HTMLInputElement;
              start(Array.from(el.files ?? []));
              el.value = '';
            }}
          />
        </div>
      ) : null}
    </FieldShell>
  );
}

// The notice's attachments: files from the documents store (picked in FilePickerDialog) or uploaded from this
// device into the author's own space (通知附件/<date time>/, the forms' tus upload), shown as a list with
// progress and a remove button each.
import { useEffect, useRef, useState } from 'preact/hooks';
import { NOTICE_ATTACHMENTS_MAX } from '../../../../server/modules/notices/notices.dto';
import { t } from '../../../i18n';
import { formatBytes } from '../../../i18n/format';
import { Button, Icon } from '../../../ui';
import { uploadDirFor, uploadFormFile, type RunningUpload } from '../../forms/renderer/form-uploads';
import type { NoticeAttachment } from '../api-notices';
import { FilePickerDialog, toAttachment } from './FilePickerDialog';

interface Pending {
  key: number;
  name: string;
  progress: number;
  error: string | null;
}
let seq = 0;

export function AttachmentsEditor({
  value,
  onChange,
  error,
  folder,
}: {
  value: NoticeAttachment[];
  onChange: (update: (prev: NoticeAttachment[]) => NoticeAttachment[]) => void;
  error?: string | null;
  /** The upload folder's name in the author's space (meetings pass their own). */
  folder?: string;
}) {
  const [pending, setPending] = useState<Pending[]>([]);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const running = useRef(new Map<number, RunningUpload>());
  // One folder per compose page, so two files of the same name are not versions of each other.
  const dir = useRef(uploadDirFor(new Date(), folder ?? t('notices.attachments.uploadFolder')));
  useEffect(() => () => running.current.forEach((r) => r.cancel()), []);

  const busy = pending.filter((p) => !p.error).length;
  const room = NOTICE_ATTACHMENTS_MAX - value.length - busy;
  const patch = (key: number, change: Partial<Pending>) => setPending((l) => l.map((p) => (p.key === key ? { ...p, ...change } : p)));
  const drop = (key: number) => {
    running.current.get(key)?.cancel();
    running.current.delete(key);
    setPending((l) => l.filter((p) => p.key !== key));
  };

  const upload = (files: File[]) => {
    const accepted = files.slice(0, Math.max(0, room));
    setNote(accepted.length < files.length ? t('notices.attachments.tooMany', { n: NOTICE_ATTACHMENTS_MAX }) : null);
    for (const file of accepted) {
      const key = ++seq;
      const run = uploadFormFile(file, dir.current, (f) => patch(key, { progress: f }));
      running.current.set(key, run);
      setPending((l) => [...l, { key, name: file.name, progress: 0, error: null }]);
      run.done
        .then((res) => {
          running.current.delete(key);
          setPending((l) => l.filter((p) => p.key !== key));
          onChange((prev) => (prev.some((a) => a.id === res.node.id) ? prev : [...prev, toAttachment(res.node)]));
        })
        .catch((e: unknown) => {
          running.current.delete(key);
          patch(key, { error: (e as Error).message || t('forms.field.uploadFailed') });
        });
    }
  };

  return (
    <div class={`nt-attach ${error ? 'is-invalid' : ''}`}>
      {value.length || pending.length ? (
        <ul class="nt-files" aria-label={t('notices.compose.attachments')}>
          {value.map((a) => (
            <li key={a.id} class="nt-file">
              <Icon name="file" size={18} />
              <span class="grow ellipsis">{a.name}</span>
              <span class="xsmall muted nowrap">{formatBytes(a.size)}</span>
              <button type="button" class="icon-btn" aria-label={t('forms.field.removeItem', { name: a.name })} onClick={() => onChange((prev) => prev.filter((x) => x.id !== a.id))}>
                <Icon name="close" size={16} />
              </button>
            </li>
          ))}
          {pending.map((p) => (
            <li key={p.key} class={`nt-file ${p.error ? 'nt-file-bad' : ''}`}>
              <Icon name="upload" size={18} />
              <span class="grow nt-file-main">
                <span class="ellipsis">{p.name}</span>
                {p.error ? (
                  <span class="xsmall danger-text">{p.error}</span>
                ) : (
                  <span class="fr-progress" role="progressbar" aria-label={t('forms.field.uploading', { name: p.name })} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(p.progress * 100)}>
                    <span style={{ width: `${Math.round(p.progress * 100)}%` }} />
                  </span>
                )}
              </span>
              <button type="button" class="icon-btn" aria-label={p.error ? t('forms.field.removeItem', { name: p.name }) : t('forms.field.cancelUpload', { name: p.name })} onClick={() => drop(p.key)}>
                <Icon name="close" size={16} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {note ? <p class="fr-help fr-warn">{note}</p> : null}
      {room > 0 ? (
        <div class="nt-attach-actions">
          <Button icon="upload" onClick={() => input.current?.click()}>
            {t('notices.attachments.upload')}
          </Button>
          <Button icon="folder" onClick={() => setPickerOpen(true)}>
            {t('notices.attachments.pick')}
          </Button>
          <span class="fr-help">{t('notices.attachments.limit', { n: NOTICE_ATTACHMENTS_MAX })}</span>
          <input
            ref={input}
            type="file"
            multiple
            class="sr-only"
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => {
              const el = e.currentTarget as HTMLInputElement;
              upload(Array.from(el.files ?? []));
              el.value = '';
            }}
          />
        </div>
      ) : null}
      <FilePickerDialog
        open={pickerOpen}
        onClose={() => setPickerOpen(false)}
        chosen={value.map((a) => a.id)}
        room={room}
        onAdd={(files) => onChange((prev) => [...prev, ...files.filter((f) => !prev.some((a) => a.id === f.id))])}
      />
    </div>
  );
}

// Choose or drop one spreadsheet. The real <input type=file> stays in the page (labelled, keyboard-usable).
import { useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { Icon, Spinner } from '../../../ui';

const ACCEPT = '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function FileDrop({ onFile, busy }: { onFile: (f: File) => void; busy: boolean }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const take = (files: FileList | null | undefined) => {
    const f = files?.[0];
    if (f) onFile(f);
  };
  return (
    <div
      class={`dropzone ${over ? 'dropzone-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        take(e.dataTransfer?.files);
      }}
    >
      <span class="dropzone-icon" aria-hidden="true">
        {busy ? <Spinner size={26} /> : <Icon name="upload" size={26} />}
      </span>
      <p class="strong">{busy ? t('import.reading') : t('import.dropTitle')}</p>
      <p class="small muted">{t('import.dropHint')}</p>
      <label class="btn btn-primary btn-md dropzone-button">
        <span class="btn-label">{t('import.choose')}</span>
        <input
          ref={input}
          type="file"
          class="sr-only"
          accept={ACCEPT}
          disabled={busy}
          aria-label={t('import.fileLabel')}
          onChange={(e) => {
            take((e.currentTarget as HTMLInputElement).files);
            if (input.current) input.current.value = '';
          }}
        />
      </label>
    </div>
  );
}

// Ask for one name: new folder, rename, new project space. The error of the save is shown in the dialog.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { Alert, Button, Dialog, TextField } from '../../../ui';

export function NameDialog({
  open,
  title,
  label,
  initial = '',
  selectUntil,
  submitLabel,
  hint,
  maxLength = 300,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  label: string;
  initial?: string;
  /** Preselect the first n characters (a file name without its extension). */
  selectUntil?: number;
  submitLabel: string;
  hint?: string;
  maxLength?: number;
  /** Resolves when saved (the dialog closes); a rejection is shown as the error. */
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (!open) return;
    setName(initial);
    setError(null);
    setBusy(false);
    requestAnimationFrame(() => {
      const input = form.current?.querySelector('input');
      if (!input) return;
      input.focus();
      input.setSelectionRange(0, selectUntil ?? initial.length);
    });
  }, [open, initial]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const value = name.trim();
    if (!value) return setError(t('files.nameMissing'));
    if (/[\\/]/.test(value)) return setError(t('errors.FILE_NAME_INVALID'));
    if (value === initial) return onClose();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(value);
      onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <form ref={form} class="stack" onSubmit={submit} noValidate>
        <TextField label={label} value={name} onValue={setName} maxLength={maxLength} hint={hint} error={error} autoComplete="off" required />
        <div class="dialog-actions">
          <Button variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" loading={busy}>
            {submitLabel}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

/** A yes/no question before something that cannot be undone easily. */
export function ConfirmDialog({
  open,
  title,
  text,
  confirmLabel,
  danger,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  text: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) setError(null);
  }, [open]);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <div class="stack">
        <p class="text-2">{text}</p>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <div class="dialog-actions">
          <Button variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button variant={danger ? 'danger' : 'primary'} loading={busy} onClick={() => void go()}>
            {confirmLabel}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

// Add or edit one document type: Chinese and English names and the key files are filed under. A new
// type's key follows the English name until typed over; a saved type's key is fixed. Removing asks first.
import { useEffect, useState } from 'preact/hooks';
import type { DocType } from '../../../api/types';
import { t } from '../../../i18n';
import { Alert, Button, Dialog, TextField } from '../../../ui';
import { docTypeProblem, keyFromLabel } from './files-admin';

export function DocTypeDialog({
  open,
  type,
  keyLocked,
  others,
  canRemove,
  onSave,
  onRemove,
  onClose,
}: {
  open: boolean;
  /** null: a new type. */
  type: DocType | null;
  /** The key is already saved (files may carry it). */
  keyLocked: boolean;
  /** Every other type in the list (for unique keys). */
  others: readonly DocType[];
  canRemove: boolean;
  onSave: (type: DocType) => void;
  onRemove: () => void;
  onClose: () => void;
}) {
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const takenKeys = others.map((o) => o.key);

  useEffect(() => {
    if (!open) return;
    setZh(type?.zh ?? '');
    setEn(type?.en ?? '');
    setKey(type?.key ?? '');
    setKeyTouched(type !== null);
    setError(null);
    setConfirmRemove(false);
  }, [open, type]);

  const onEn = (v: string) => {
    setEn(v);
    if (!keyTouched && !keyLocked) setKey(v.trim() ? keyFromLabel(v, takenKeys) : '');
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const next: DocType = { key: key.trim(), zh: zh.trim(), en: en.trim() };
    const problem = docTypeProblem(next, others);
    if (problem) return setError(problem);
    onSave(next);
  };

  const name = type?.zh ?? '';
  return (
    <Dialog open={open} onClose={onClose} title={type ? t('filesAdmin.editTitle') : t('filesAdmin.addTitle')}>
      <form class="stack" onSubmit={submit} noValidate>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <TextField label={t('filesAdmin.zhLabel')} value={zh} onValue={setZh} maxLength={40} required />
        <TextField label={t('filesAdmin.enLabel')} value={en} onValue={onEn} maxLength={60} required lang="en" />
        <TextField
          label={t('filesAdmin.key')}
          value={key}
          onValue={(v) => (setKey(v.toLowerCase()), setKeyTouched(true))}
          maxLength={40}
          disabled={keyLocked}
          class="mono-field"
          autoCapitalize="off"
          autoComplete="off"
          spellcheck={false}
          hint={keyLocked ? t('filesAdmin.keyLocked') : t('filesAdmin.keyHint')}
        />
        {confirmRemove ? (
          <Alert tone="warning" title={t('filesAdmin.removeTitle', { name })}>
            {keyLocked ? <p>{t('filesAdmin.removeEffect')}</p> : null}
            <div class="row mt-2">
              <Button size="sm" variant="danger" onClick={onRemove}>
                {t('common.delete')}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setConfirmRemove(false)}>
                {t('common.cancel')}
              </Button>
            </div>
          </Alert>
        ) : null}
        <div class="dialog-actions dialog-actions-split">
          {type && !confirmRemove ? (
            <Button variant="danger-ghost" icon="trash" disabled={!canRemove} title={canRemove ? undefined : t('filesAdmin.lastType')} onClick={() => setConfirmRemove(true)}>
              {t('common.delete')}
            </Button>
          ) : (
            <span />
          )}
          <div class="row">
            <Button variant="ghost" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" variant="primary">
              {type ? t('filesAdmin.apply') : t('filesAdmin.add')}
            </Button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}

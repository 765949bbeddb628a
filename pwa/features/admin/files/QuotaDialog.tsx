// Set one space's quota: a number of GB, or no limit → PUT /api/files/quotas.
import { useEffect, useState } from 'preact/hooks';
import type { QuotaUsage } from '../../../api/types';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatBytes } from '../../../i18n/format';
import { Alert, Button, Dialog, Switch, TextField, toast } from '../../../ui';
import { filesAdminApi } from '../admin.api';
import { bytesToGbText, parseGb } from './files-admin';

export function QuotaDialog({ space, onClose, onSaved }: { space: QuotaUsage | null; onClose: () => void; onSaved: (next: QuotaUsage) => void }) {
  const [gb, setGb] = useState('');
  const [unlimited, setUnlimited] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!space) return;
    setGb(bytesToGbText(space.limit));
    setUnlimited(space.limit === null);
    setError(null);
  }, [space?.spaceId]);

  const parsed = unlimited ? null : parseGb(gb);
  const fieldError = !unlimited && gb.trim() !== '' && parsed === undefined ? t('filesAdmin.gbInvalid') : null;
  const below = space && typeof parsed === 'number' && parsed < space.used;

  const save = async (e: Event) => {
    e.preventDefault();
    if (!space) return;
    if (!unlimited && (parsed === undefined || parsed === null)) return setError(parsed === null ? t('filesAdmin.limitRequired') : t('filesAdmin.gbInvalid'));
    setBusy(true);
    setError(null);
    try {
      const next = await filesAdminApi.setQuota(space.spaceId, unlimited ? null : parsed!);
      toast(t('filesAdmin.quotaSaved'), 'success');
      onSaved(next);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={space !== null}
      onClose={onClose}
      title={t('filesAdmin.setQuota')}
      description={space ? t('filesAdmin.quotaDialogDesc', { name: space.name, used: formatBytes(space.used) }) : undefined}
    >
      <form class="stack" onSubmit={save} noValidate>
        {error ? <Alert tone="danger">{error}</Alert> : null}
        <Switch label={t('filesAdmin.noLimit')} checked={unlimited} onChange={setUnlimited} />
        <TextField
          label={t('filesAdmin.limitGb')}
          inputMode="decimal"
          value={unlimited ? '' : gb}
          onValue={setGb}
          disabled={unlimited}
          placeholder={unlimited ? t('filesAdmin.unlimited') : undefined}
          error={fieldError}
          autoComplete="off"
          class="narrow-field"
        />
        {below ? <Alert tone="warning">{t('filesAdmin.belowUsed')}</Alert> : null}
        <div class="dialog-actions">
          <Button variant="ghost" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" variant="primary" loading={busy}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

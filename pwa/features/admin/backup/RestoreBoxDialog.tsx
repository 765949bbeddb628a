// "Restore the whole box" is the most dangerous button in the product: the dialog says what will happen
// (maintenance, everyone signed out, later changes gone, a pre-restore snapshot to undo it) and asks for the
// school's name typed in, as deleting a repository on GitHub does.
import { useState } from 'preact/hooks';
import type { SnapshotView } from '../../../../server/modules/backup/backup.dto';
import { t } from '../../../i18n';
import { formatDateTime } from '../../../i18n/format';
import { me } from '../../../state/session-signals';
import { Alert, Button, Dialog, Icon, TextField } from '../../../ui';
import { backupApi } from './backup.api';
import { noteRun } from './backup-live';
import { backupErrorText, sameSchoolName } from './backup-view';

export function RestoreBoxDialog({ snapshot, onClose, onStarted }: { snapshot: SnapshotView; onClose: () => void; onStarted: () => void }) {
  const school = me.value?.school.name ?? '';
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ok = sameSchoolName(typed, school);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const run = await backupApi.restoreBox(snapshot.id, { confirm: typed.trim() });
      noteRun(run);
      onStarted();
    } catch (e) {
      setError(backupErrorText(e));
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('backup.restoreBox.title')}
      description={t('backup.restoreBox.intro', { time: formatDateTime(snapshot.time) })}
      footer={
        <div class="dialog-actions">
          <Button variant="ghost" onClick={onClose}>
            {t('backup.restoreBox.cancel')}
          </Button>
          <Button variant="danger" icon="restore" disabled={!ok} loading={busy} onClick={start}>
            {t('backup.restoreBox.confirm')}
          </Button>
        </div>
      }
    >
      <div class="stack">
        <ul class="bk-warn-list">
          <li>
            <Icon name="lock" size={18} />
            <span>{t('backup.restoreBox.maintenance')}</span>
          </li>
          <li>
            <Icon name="alert" size={18} />
            <span>{t('backup.restoreBox.lost')}</span>
          </li>
          <li>
            <Icon name="undo" size={18} />
            <span>{t('backup.restoreBox.undo')}</span>
          </li>
        </ul>
        <TextField
          label={t('backup.restoreBox.typeName', { school })}
          value={typed}
          onValue={setTyped}
          autoComplete="off"
          error={typed.trim().length >= school.length && !ok ? t('backup.restoreBox.mismatch') : null}
        />
        {error ? <Alert tone="danger">{error}</Alert> : null}
      </div>
    </Dialog>
  );
}

// Where the backups go: a mounted disk, an SFTP server or a rest-server; a new repository (init) or an
// existing one (its password from the recovery sheet). PUT target answers with the sheet, shown once.
import { useEffect, useState } from 'preact/hooks';
import type { RecoverySheet, TargetKind, TargetView } from '../../../../server/modules/backup/backup.dto';
import { t } from '../../../i18n';
import { Alert, Button, Card, Icon, TextField } from '../../../ui';
import { backupApi } from './backup.api';
import { backupErrorText, emptyTargetDraft, targetInputOf, type TargetDraft, type TargetErrors } from './backup-view';
import { SshKeyBox } from './SshKeyBox';

const KINDS: TargetKind[] = ['local', 'sftp', 'rest'];
const KIND_ICON = { local: 'hardDrive', sftp: 'lock', rest: 'globe' } as const;

export function TargetWizard({
  first,
  current,
  onDone,
  onCancel,
}: {
  first: boolean;
  current: TargetView | null;
  onDone: (r: { sheet: RecoverySheet | null; target: TargetView }) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState<TargetDraft>(() => ({ ...emptyTargetDraft(), kind: current?.kind ?? 'local' }));
  const [errors, setErrors] = useState<TargetErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<TargetDraft>) => setDraft((d) => ({ ...d, ...patch }));
  // SFTP: the server must know the box's key before the repository can be created, so show it first.
  const [sshKey, setSshKey] = useState<string | null>(current?.sshPublicKey ?? null);
  useEffect(() => {
    if (draft.kind !== 'sftp' || sshKey) return;
    backupApi.sshKey().then((k) => setSshKey(k.publicKey), (err: unknown) => setError(backupErrorText(err)));
  }, [draft.kind, sshKey]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const { input, errors: errs } = targetInputOf(draft);
    setErrors(errs);
    if (!input) return;
    setBusy(true);
    setError(null);
    try {
      const r = await backupApi.setTarget(input);
      onDone({ sheet: r.sheet, target: r.target });
    } catch (err) {
      setError(backupErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card class="bk-wizard" title={first ? t('backup.target.wizardTitle') : t('backup.target.changeTitle')} description={first ? t('backup.target.wizardDesc') : t('backup.target.changeDesc')}>
      <form class="stack" onSubmit={submit} noValidate>
        <fieldset class="bk-kinds">
          <legend class="field-label">{t('backup.target.kindLabel')}</legend>
          {KINDS.map((k) => (
            <label key={k} class={`bk-kind ${draft.kind === k ? 'bk-kind-on' : ''}`}>
              <input type="radio" name="bk-kind" value={k} checked={draft.kind === k} onChange={() => set({ kind: k })} />
              <Icon name={KIND_ICON[k]} size={20} />
              <span class="grow">
                <span class="strong bk-kind-name">{t(`backup.target.kinds.${k}`)}</span>
                <span class="xsmall muted bk-kind-hint">{t(`backup.target.kindHints.${k}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>

        {draft.kind === 'local' ? (
          <TextField label={t('backup.target.path')} value={draft.path} onValue={(path) => set({ path })} hint={t('backup.target.pathHint')} error={errors.path} class="mono-input" autoComplete="off" spellcheck={false} />
        ) : null}
        {draft.kind === 'sftp' ? (
          <div class="bk-form-grid">
            <TextField label={t('backup.target.host')} value={draft.host} onValue={(host) => set({ host })} error={errors.host} autoComplete="off" spellcheck={false} />
            <TextField label={t('backup.target.port')} value={draft.port} onValue={(port) => set({ port })} error={errors.port} inputMode="numeric" class="bk-port" />
            <TextField label={t('backup.target.user')} value={draft.user} onValue={(user) => set({ user })} error={errors.user} autoComplete="off" spellcheck={false} />
            <TextField label={t('backup.target.remotePath')} value={draft.remotePath} onValue={(remotePath) => set({ remotePath })} hint={t('backup.target.remotePathHint')} error={errors.remotePath} class="mono-input" spellcheck={false} />
            {sshKey ? <SshKeyBox publicKey={sshKey} setup /> : null}
          </div>
        ) : null}
        {draft.kind === 'rest' ? (
          <TextField label={t('backup.target.url')} value={draft.url} onValue={(url) => set({ url })} hint={t('backup.target.urlHint')} error={errors.url} class="mono-input" inputMode="url" spellcheck={false} />
        ) : null}

        <label class="check bk-existing">
          <input type="checkbox" checked={draft.existing} onChange={(e) => set({ existing: (e.currentTarget as HTMLInputElement).checked })} />
          <span>
            <span>{t('backup.target.existing')}</span>
            <span class="field-hint bk-block">{t('backup.target.existingHint')}</span>
          </span>
        </label>
        {draft.existing ? (
          <TextField label={t('backup.target.existingPassword')} type="password" revealable value={draft.existingPassword} onValue={(existingPassword) => set({ existingPassword })} error={errors.existingPassword} autoComplete="off" class="mono-input" />
        ) : null}

        {error ? <Alert tone="danger">{error}</Alert> : null}
        <div class="form-actions">
          {onCancel ? (
            <Button variant="ghost" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          ) : null}
          <Button type="submit" variant="primary" loading={busy}>
            {draft.existing ? t('backup.target.connect') : t('backup.target.create')}
          </Button>
        </div>
      </form>
    </Card>
  );
}

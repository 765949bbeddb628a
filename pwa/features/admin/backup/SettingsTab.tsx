// Settings: where the backups go (change target, SSH key) and the schedule and retention policy.
import { useState } from 'preact/hooks';
import type { BackupOverview, BackupPolicy } from '../../../../server/modules/backup/backup.dto';
import { t } from '../../../i18n';
import { formatDateTime } from '../../../i18n/format';
import { Alert, Button, Card, Select, TextField, toast } from '../../../ui';
import { backupApi } from './backup.api';
import { backupErrorText, policyDraftOf, policyOf, WEEKDAYS, weekdayText, type PolicyDraft } from './backup-view';
import { SshKeyBox } from './SshKeyBox';

export function SettingsTab({ view, onSaved, onChangeTarget }: { view: BackupOverview; onSaved: (v: BackupOverview) => void; onChangeTarget: () => void }) {
  const [draft, setDraft] = useState<PolicyDraft>(() => policyDraftOf(view.policy));
  const [errors, setErrors] = useState<Partial<Record<keyof BackupPolicy, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof BackupPolicy) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const changed = (Object.keys(draft) as (keyof BackupPolicy)[]).some((k) => draft[k] !== String(view.policy[k]));

  const save = async (e: Event) => {
    e.preventDefault();
    const { policy, errors: errs } = policyOf(draft);
    setErrors(errs);
    if (!policy) return;
    setBusy(true);
    setError(null);
    try {
      const next = await backupApi.setPolicy(policy);
      onSaved(next);
      setDraft(policyDraftOf(next.policy));
      toast(t('backup.policy.saved'), 'success');
    } catch (err) {
      setError(backupErrorText(err));
    } finally {
      setBusy(false);
    }
  };

  const num = (k: keyof BackupPolicy, label: string, hint?: string) => (
    <TextField label={label} value={draft[k]} onValue={set(k)} error={errors[k]} hint={hint} inputMode="numeric" class="bk-num" />
  );

  return (
    <div class="stack-lg">
      <Card
        title={t('backup.overview.target')}
        actions={
          <Button size="sm" icon="edit" onClick={onChangeTarget}>
            {t('backup.overview.changeTarget')}
          </Button>
        }
      >
        <dl class="kv">
          <div class="kv-row">
            <dt>{t('backup.target.kindLabel')}</dt>
            <dd>{view.target ? t(`backup.target.kinds.${view.target.kind}`) : '—'}</dd>
          </div>
          <div class="kv-row">
            <dt>{t('backup.sheet.repository')}</dt>
            <dd class="mono bk-break">{view.target?.repository ?? '—'}</dd>
          </div>
          <div class="kv-row">
            <dt>{t('backup.sheet.date')}</dt>
            <dd>{view.target ? formatDateTime(view.target.createdAt) : '—'}</dd>
          </div>
        </dl>
        {view.target?.sshPublicKey ? <SshKeyBox publicKey={view.target.sshPublicKey} /> : null}
      </Card>

      <Card title={t('backup.policy.title')} description={t('backup.policy.desc')}>
        <form class="stack" onSubmit={save} noValidate>
          <fieldset class="bk-fieldset">
            <legend>{t('backup.policy.schedule')}</legend>
            <div class="bk-form-grid">
              <TextField label={t('backup.policy.dailyAt')} type="time" value={draft.dailyAt} onValue={set('dailyAt')} error={errors.dailyAt} />
              {num('dbSnapshotMinutes', t('backup.policy.dbSnapshotMinutes'), t('backup.policy.dbSnapshotMinutesHint'))}
              {num('dbSnapshotsKept', t('backup.policy.dbSnapshotsKept'))}
            </div>
          </fieldset>
          <fieldset class="bk-fieldset">
            <legend>{t('backup.policy.retention')}</legend>
            <div class="bk-form-grid bk-form-grid-3">
              {num('keepDaily', t('backup.policy.keepDaily'))}
              {num('keepWeekly', t('backup.policy.keepWeekly'))}
              {num('keepMonthly', t('backup.policy.keepMonthly'))}
            </div>
          </fieldset>
          <fieldset class="bk-fieldset">
            <legend>{t('backup.policy.weekly')}</legend>
            <div class="bk-form-grid">
              <Select label={t('backup.policy.weeklyOn')} value={draft.weeklyOn} onValue={set('weeklyOn')} options={WEEKDAYS.map((d) => ({ value: String(d), label: weekdayText(d) }))} />
              <TextField label={t('backup.policy.weeklyAt')} type="time" value={draft.weeklyAt} onValue={set('weeklyAt')} error={errors.weeklyAt} />
              {num('drillSampleBlobs', t('backup.policy.drillSampleBlobs'), t('backup.policy.drillHint'))}
            </div>
          </fieldset>
          {error ? <Alert tone="danger">{error}</Alert> : null}
          <div class="form-actions">
            <Button variant="ghost" disabled={!changed} onClick={() => (setDraft(policyDraftOf(view.policy)), setErrors({}))}>
              {t('common.reset')}
            </Button>
            <Button type="submit" variant="primary" loading={busy} disabled={!changed}>
              {t('common.save')}
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}

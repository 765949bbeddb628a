// 版本保留策略 and 默认配额: the number fields of the document rules, edited in the page's draft.
import { t } from '../../../i18n';
import { Card, Icon, TextField } from '../../../ui';
import { KEEP_ALL_RANGE, WEEKLY_RANGE, parseDays, retentionSentence, type DraftCheck, type PolicyDraft } from './files-admin';

type SetField = (k: keyof Omit<PolicyDraft, 'docTypes'>, v: string) => void;

export function RetentionCard({ draft, errors, set }: { draft: PolicyDraft; errors: DraftCheck['errors']; set: SetField }) {
  const keepAllDays = parseDays(draft.keepAllDays, KEEP_ALL_RANGE);
  const weeklyForDays = parseDays(draft.weeklyForDays, WEEKLY_RANGE);
  return (
    <Card title={t('filesAdmin.retention')} description={t('filesAdmin.retentionHint')}>
      <div class="form-grid">
        <TextField
          label={t('filesAdmin.keepAllDays')}
          type="number"
          inputMode="numeric"
          min={KEEP_ALL_RANGE.min}
          max={KEEP_ALL_RANGE.max}
          value={draft.keepAllDays}
          onValue={(v) => set('keepAllDays', v)}
          error={errors.keepAllDays}
        />
        <TextField
          label={t('filesAdmin.weeklyForDays')}
          type="number"
          inputMode="numeric"
          min={WEEKLY_RANGE.min}
          max={WEEKLY_RANGE.max}
          value={draft.weeklyForDays}
          onValue={(v) => set('weeklyForDays', v)}
          error={errors.weeklyForDays}
          hint={t('filesAdmin.weeklyHint')}
        />
      </div>
      {keepAllDays !== undefined && weeklyForDays !== undefined ? (
        <p class="retention-effect" aria-live="polite">
          <Icon name="history" size={18} />
          <span>{retentionSentence({ keepAllDays, weeklyForDays })}</span>
        </p>
      ) : null}
    </Card>
  );
}

export function QuotaDefaultsCard({ draft, errors, set }: { draft: PolicyDraft; errors: DraftCheck['errors']; set: SetField }) {
  const field = (k: 'personalGb' | 'departmentGb', label: string) => (
    <TextField
      label={label}
      inputMode="decimal"
      placeholder={t('filesAdmin.unlimited')}
      value={draft[k]}
      onValue={(v) => set(k, v)}
      error={errors[k]}
      hint={t('filesAdmin.quotaHint')}
      autoComplete="off"
    />
  );
  return (
    <Card title={t('filesAdmin.quotas')} description={t('filesAdmin.quotasHint')}>
      <div class="form-grid">
        {field('personalGb', t('filesAdmin.personalQuota'))}
        {field('departmentGb', t('filesAdmin.departmentQuota'))}
      </div>
    </Card>
  );
}

import { t, tMaybe } from '../../../i18n';
import { Select, TextField } from '../../../ui';

export interface AuditFilterState {
  event: string;
  actor: string;
  outcome: string;
  from: string;
  to: string;
}

export const EMPTY_FILTERS: AuditFilterState = { event: '', actor: '', outcome: '', from: '', to: '' };

const EVENTS = [
  'auth.login.*',
  'auth.login.failed',
  'auth.account.locked',
  'auth.password.*',
  'auth.session.*',
  'auth.totp.*',
  'org.person.*',
  'org.role.*',
  'org.department.*',
  'org.import.*',
  'admin.*',
  'audit.exported',
];

export function eventLabel(event: string): string {
  return tMaybe(`auditEvents.${event.replace(/\.\*$/, '._all')}`) ?? event;
}

export function AuditFilters({ value, onChange }: { value: AuditFilterState; onChange: (v: AuditFilterState) => void }) {
  const set = (k: keyof AuditFilterState) => (v: string) => onChange({ ...value, [k]: v });
  return (
    <div class="filter-grid" role="search" aria-label={t('audit.filters')}>
      <Select label={t('audit.event')} value={value.event} onValue={set('event')} options={[{ value: '', label: t('audit.allEvents') }, ...EVENTS.map((e) => ({ value: e, label: eventLabel(e) }))]} />
      <TextField label={t('audit.actor')} value={value.actor} onValue={set('actor')} placeholder={t('audit.actorPlaceholder')} type="search" />
      <Select
        label={t('audit.outcome')}
        value={value.outcome}
        onValue={set('outcome')}
        options={[
          { value: '', label: t('audit.allOutcomes') },
          { value: 'success', label: t('audit.success') },
          { value: 'failure', label: t('audit.failure') },
        ]}
      />
      <TextField label={t('audit.from')} type="date" value={value.from} onValue={set('from')} max={value.to || undefined} />
      <TextField label={t('audit.to')} type="date" value={value.to} onValue={set('to')} min={value.from || undefined} />
    </div>
  );
}

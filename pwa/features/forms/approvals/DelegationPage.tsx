// /forms/delegation — 外出期间由谁代我审批: one delegate and a date range. While it is in force the delegate
// receives the caller's approval tasks and decides "代 X 审批".
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { schoolTimeZone } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { me } from '../../../state/session-signals';
import { Alert, Button, Card, Icon, LoadingBlock, TextField, toast } from '../../../ui';
import { approvalsApi, type Delegation, type PersonRef } from './api-approvals';
import { delegationRangeValid, todayIn } from './approvals-format';
import { DelegationPerson } from './DelegationSummary';
import { PersonField } from './pickers';

function Current({ d, onClear, clearing }: { d: Delegation; onClear: () => void; clearing: boolean }) {
  return (
    <div class="deleg-current">
      <DelegationPerson d={d} />
      <Button variant="danger-ghost" icon="trash" onClick={onClear} loading={clearing}>
        {t('forms.approvals.delegation.clear')}
      </Button>
    </div>
  );
}

export default function DelegationPage(_: RouteProps) {
  usePageTitle(t('forms.approvals.delegation.title'));
  const [current, setCurrent] = useState<Delegation | null | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [person, setPerson] = useState<PersonRef | null>(null);
  const today = todayIn(schoolTimeZone.value);
  const [startsOn, setStartsOn] = useState(today);
  const [endsOn, setEndsOn] = useState(today);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [clearing, setClearing] = useState(false);

  const load = () => {
    setLoadError(null);
    approvalsApi
      .delegation()
      .then((r) => {
        setCurrent(r.delegation);
        if (r.delegation) {
          setPerson(r.delegation.delegate);
          setStartsOn(r.delegation.startsOn);
          setEndsOn(r.delegation.endsOn);
        }
      })
      .catch((e) => setLoadError(errorText(e)));
  };
  useEffect(load, []);

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (!person) return setError(t('forms.approvals.delegation.needPerson'));
    if (person.id === me.value?.user.id) return setError(t('forms.approvals.delegation.notSelf'));
    if (!delegationRangeValid(startsOn, endsOn)) return setError(t('forms.approvals.delegation.badRange'));
    setSaving(true);
    try {
      const r = await approvalsApi.setDelegation({ delegateId: person.id, startsOn, endsOn });
      setCurrent(r.delegation);
      toast(t('forms.approvals.delegation.saved'), 'success');
    } catch (err) {
      setError(errorText(err));
    } finally {
      setSaving(false);
    }
  };

  const clear = async () => {
    setClearing(true);
    try {
      await approvalsApi.clearDelegation();
      setCurrent(null);
      setPerson(null);
      toast(t('forms.approvals.delegation.cleared'), 'success');
    } catch (err) {
      toast(errorText(err), 'danger');
    } finally {
      setClearing(false);
    }
  };

  return (
    <div class="page deleg-page">
      <a class="appr-back" href="/forms">
        <Icon name="chevronRight" size={16} class="flip" />
        {t('forms.approvals.back')}
      </a>
      <div class="page-head">
        <div>
          <h1>{t('forms.approvals.delegation.title')}</h1>
          <p>{t('forms.approvals.delegation.subtitle')}</p>
        </div>
      </div>
      {loadError ? (
        <Alert tone="danger">
          {loadError}{' '}
          <button type="button" class="link-btn" onClick={load}>
            {t('common.reload')}
          </button>
        </Alert>
      ) : null}
      {current === undefined && !loadError ? <LoadingBlock /> : null}
      {current ? (
        <Card title={t('forms.approvals.delegation.current')}>
          <Current d={current} onClear={() => void clear()} clearing={clearing} />
        </Card>
      ) : null}
      {current !== undefined ? (
        <Card title={current ? t('forms.approvals.delegation.change') : t('forms.approvals.delegation.set')} description={t('forms.approvals.delegation.hint')}>
          <form class="stack narrow-form deleg-form" onSubmit={(e) => void save(e)} noValidate>
            <PersonField label={t('forms.approvals.delegation.delegate')} value={person} onChange={setPerson} excludeIds={me.value ? [me.value.user.id] : []} />
            <div class="form-grid">
              <TextField type="date" label={t('forms.approvals.delegation.startsOn')} value={startsOn} onValue={setStartsOn} required />
              <TextField type="date" label={t('forms.approvals.delegation.endsOn')} value={endsOn} onValue={setEndsOn} min={startsOn} required />
            </div>
            {error ? <Alert tone="danger">{error}</Alert> : null}
            <div class="form-actions">
              <Button type="submit" variant="primary" loading={saving}>
                {t('common.save')}
              </Button>
            </div>
          </form>
        </Card>
      ) : null}
    </div>
  );
}

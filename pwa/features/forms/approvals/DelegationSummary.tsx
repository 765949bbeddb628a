// Who approves for me while I am away, in brief: the delegate with the dates and whether it is in force — on the
// delegation page and as the 代理审批 card of the profile page (which links to the page to change it).
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { formatDate, schoolTimeZone } from '../../../i18n/format';
import { Avatar, Badge, ButtonLink, Card } from '../../../ui';
import { approvalsApi, type Delegation } from './api-approvals';
import { dateOnlyInstant, delegationPhase, todayIn } from './approvals-format';
import '../forms.css';

const PHASE_TONE = { upcoming: 'primary', active: 'success', ended: 'neutral' } as const;

export function DelegationPerson({ d }: { d: Delegation }) {
  const phase = delegationPhase(d, todayIn(schoolTimeZone.value));
  return (
    <>
      <Avatar name={d.delegate.displayName} />
      <div class="grow">
        <div class="row deleg-name">
          <span class="strong">{d.delegate.displayName}</span>
          <Badge tone={PHASE_TONE[phase]}>{t(`forms.approvals.delegation.phase.${phase}`)}</Badge>
        </div>
        <div class="small muted">
          {d.delegate.departmentName ? `${d.delegate.departmentName} · ` : ''}
          {t('forms.approvals.delegation.range', { from: formatDate(dateOnlyInstant(d.startsOn)), to: formatDate(dateOnlyInstant(d.endsOn)) })}
        </div>
      </div>
    </>
  );
}

/** The profile page's card: the current or next delegation, or that there is none. */
export function DelegationCard() {
  const [current, setCurrent] = useState<Delegation | null | undefined>(undefined);
  useEffect(() => {
    approvalsApi
      .delegation()
      .then((r) => setCurrent(r.delegation))
      // The card still links to the page, which says what went wrong.
      .catch(() => setCurrent(undefined));
  }, []);
  const shown = current && delegationPhase(current, todayIn(schoolTimeZone.value)) !== 'ended' ? current : null;
  return (
    <Card
      title={t('forms.approvals.delegation.title')}
      description={t('forms.approvals.delegation.subtitle')}
      class="deleg-card"
      actions={
        <ButtonLink href="/forms/delegation" icon="forward">
          {shown ? t('forms.approvals.delegation.edit') : t('forms.approvals.delegation.open')}
        </ButtonLink>
      }
    >
      {shown ? (
        <div class="deleg-current">
          <DelegationPerson d={shown} />
        </div>
      ) : current !== undefined ? (
        <p class="small muted">{t('forms.approvals.delegation.none')}</p>
      ) : null}
    </Card>
  );
}

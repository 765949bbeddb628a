// The sentence for one history event ("杜建华 退回到「部门负责人审批」"), in the current language.
import { t, tMaybe } from '../../../i18n';
import type { HistoryView, SubmissionDetail } from './api-approvals';

/** One line per event. `detail` carries machine values (a return's target, an added signer's position, why a step approved itself). */
export function sentence(h: HistoryView, detail: Pick<SubmissionDetail, 'status' | 'steps'>): string {
  const actor = h.actor?.displayName ?? t('forms.approvals.system');
  const target = h.target?.displayName ?? '';
  switch (h.type) {
    case 'returned': {
      if (h.detail === null || h.detail === 'initiator') return t('forms.approvals.history.returnedInitiator', { actor });
      const step = detail.steps.find((s) => String(s.index) === h.detail);
      return t('forms.approvals.history.returnedStep', { actor, step: step?.name ?? '' });
    }
    case 'signerAdded':
      return t(h.detail === 'before' ? 'forms.approvals.history.signerAddedBefore' : 'forms.approvals.history.signerAddedAfter', { actor, target });
    case 'autoApproved':
      if (!h.target) return t('forms.approvals.history.autoNoApprover');
      return t(h.detail === 'initiator' ? 'forms.approvals.history.autoInitiator' : 'forms.approvals.history.autoRepeat', { target });
    case 'delegated':
      return t('forms.approvals.history.delegated', { owner: h.onBehalfOf?.displayName ?? '', target });
    case 'completed':
      return tMaybe(`forms.approvals.outcome.${detail.status}`) ?? t('forms.approvals.history.completed');
    default:
      return tMaybe(`forms.approvals.history.${h.type}`, { actor, target }) ?? h.type;
  }
}

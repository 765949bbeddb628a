// Everything that happened to a submission, newest first: who did what and when, with comments and
// signatures — including urging, reminders, escalations, transfers and added signers.
import { t } from '../../../i18n';
import { formatDateTime } from '../../../i18n/format';
import { Icon, type IconName } from '../../../ui';
import { signatureUrl, type HistoryView, type SubmissionDetail } from './api-approvals';
import { historyNewestFirst } from './approvals-format';
import { sentence } from './history-text';

const ICONS: Record<HistoryView['type'], IconName> = {
  submitted: 'upload',
  resubmitted: 'refresh',
  approved: 'check',
  rejected: 'close',
  returned: 'undo',
  transferred: 'forward',
  signerAdded: 'userPlus',
  commented: 'chat',
  withdrawn: 'undo',
  urged: 'bell',
  reminded: 'clock',
  escalated: 'arrowUp',
  autoApproved: 'sparkle',
  delegated: 'forward',
  cc: 'inbox',
  completed: 'stamp',
};

const TONE: Partial<Record<HistoryView['type'], string>> = {
  approved: 'hist-success',
  autoApproved: 'hist-success',
  rejected: 'hist-danger',
  returned: 'hist-warning',
  withdrawn: 'hist-warning',
  urged: 'hist-warning',
  escalated: 'hist-warning',
};

export function HistoryList({ detail }: { detail: SubmissionDetail }) {
  const items = historyNewestFirst(detail.history);
  const rounds = new Set(detail.history.map((h) => h.round)).size > 1;
  return (
    <ol class="hist" aria-label={t('forms.approvals.historyTitle')}>
      {items.map((h) => (
        <li key={h.id} class={`hist-item ${TONE[h.type] ?? ''}`}>
          <span class="hist-icon" aria-hidden="true">
            <Icon name={ICONS[h.type] ?? 'info'} size={16} />
          </span>
          <div class="hist-main">
            <p class="hist-line">
              <span>{sentence(h, detail)}</span>
              {h.onBehalfOf && h.type !== 'delegated' ? <span class="appr-behalf">{t('forms.approvals.onBehalfOf', { name: h.onBehalfOf.displayName })}</span> : null}
            </p>
            <p class="hist-meta">
              <time dateTime={h.at}>{formatDateTime(h.at)}</time>
              {h.stepName ? <span> · {h.stepName}</span> : null}
              {rounds ? <span> · {t('forms.approvals.round', { n: h.round })}</span> : null}
            </p>
            {h.comment ? <p class="flow-comment">{h.comment}</p> : null}
            {h.hasSignature ? (
              <a class="flow-sig" href={signatureUrl(detail.id, h.id)} target="_blank" rel="noopener">
                <img src={signatureUrl(detail.id, h.id)} alt={t('forms.approvals.signatureOf', { name: h.actor?.displayName ?? '' })} loading="lazy" />
              </a>
            ) : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

// "1 份申请待发送 / 已发送": the offline outbox as the person sees it. Pending items say they go out once online;
// failed ones say why and can be reopened (answers back in the form) or dismissed; sent ones link to the result.
import { useEffect } from 'preact/hooks';
import type { Answers } from '../../../../server/lib/form-schema';
import { t } from '../../../i18n';
import { online } from '../../../state/connectivity';
import { navigate } from '../../../state/navigate';
import { clearOutboxSent, dismissOutboxItem, flushOutbox, myOutboxItems, outboxSent, type OutboxItem } from '../../../state/outbox';
import { me } from '../../../state/session-signals';
import { Button, Icon } from '../../../ui';
import { draftKey, saveDraft, type DraftTarget } from './drafts';
import './fill.css';

const SENT_NOTICE_MS = 8000;

/** Where a failed item can be fixed: the form (new submission) or the returned submission's edit page. */
function fixTarget(item: OutboxItem): { draft: DraftTarget; url: string } | null {
  if (item.method === 'POST' && item.formId) return { draft: { formId: item.formId }, url: `/forms/new/${encodeURIComponent(item.formId)}` };
  const m = /^\/api\/submissions\/([^/?]+)$/.exec(item.url);
  if (item.method === 'PUT' && m) {
    const id = decodeURIComponent(m[1]!);
    return { draft: { submissionId: id }, url: `/forms/s/${encodeURIComponent(id)}/edit` };
  }
  return null;
}

/** Put a failed submission's answers back into the form's draft and open the form to fix them. */
function reopen(item: OutboxItem): void {
  const userId = me.value?.user.id;
  const target = fixTarget(item);
  const body = item.body as { version?: number; answers?: Answers } | null;
  if (!userId || !target || !body?.answers) return;
  saveDraft(draftKey(userId, target.draft), body.version ?? 0, body.answers);
  void dismissOutboxItem(item.id);
  navigate(target.url);
}

export function OutboxBanner() {
  const items = myOutboxItems.value;
  const sent = outboxSent.value;
  const pending = items.filter((i) => i.status === 'pending');
  const failed = items.filter((i) => i.status === 'failed');

  useEffect(() => {
    if (!sent.length) return;
    const timer = setTimeout(() => clearOutboxSent(), SENT_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [sent.length]);

  if (!pending.length && !failed.length && !sent.length) return null;
  return (
    <div class="ob" role="status" aria-live="polite">
      {pending.length ? (
        <div class="ob-row ob-pending">
          <Icon name={online.value ? 'refresh' : 'wifiOff'} size={18} />
          <div class="grow">
            <p class="ob-title">{t('forms.fill.outboxPending', { n: pending.length })}</p>
            <p class="ob-desc">
              {!online.value ? t('forms.fill.outboxOffline') : pending.some((i) => i.attempts > 0) ? t('forms.fill.outboxWaiting') : t('forms.fill.outboxSending')} ·{' '}
              {pending.map((i) => i.formName).join('、')}
            </p>
          </div>
          {online.value ? (
            <Button size="sm" variant="ghost" onClick={() => void flushOutbox()}>
              {t('forms.fill.outboxRetry')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {failed.map((item) => (
        <div key={item.id} class="ob-row ob-failed">
          <Icon name="alert" size={18} />
          <div class="grow">
            <p class="ob-title">{t('forms.fill.outboxFailed', { name: item.formName })}</p>
            {item.lastError ? <p class="ob-desc">{item.lastError}</p> : null}
          </div>
          <div class="ob-actions">
            {fixTarget(item) && item.errorCode !== 'ALREADY_SUBMITTED' && item.errorCode !== 'FORM_FULL' ? (
              <Button size="sm" variant="secondary" onClick={() => reopen(item)}>
                {t('forms.fill.outboxFix')}
              </Button>
            ) : null}
            <Button size="sm" variant="ghost" onClick={() => void dismissOutboxItem(item.id)}>
              {t('forms.fill.outboxDismiss')}
            </Button>
          </div>
        </div>
      ))}
      {sent.length ? (
        <div class="ob-row ob-sent">
          <Icon name="check" size={18} />
          <div class="grow">
            <p class="ob-title">{t('forms.fill.outboxSent', { n: sent.length })}</p>
            <p class="ob-desc">{sent.map((s) => s.formName).join('、')}</p>
          </div>
          {sent.length === 1 && sent[0]!.submissionId ? (
            <a class="btn btn-ghost btn-sm" href={`/forms/s/${encodeURIComponent(sent[0]!.submissionId)}`} onClick={() => clearOutboxSent()}>
              {t('forms.fill.outboxView')}
            </a>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export default OutboxBanner;

// What the reader does with a notice, by its confirmation mode: click → 确认收到; comment → a required comment
// in a sheet; signature → the forms' SignaturePad (comment optional). Once confirmed: 已确认 with the time.
import { useState } from 'preact/hooks';
import { NOTICE_COMMENT_MAX, NOTICE_SIGNATURE_MAX_CHARS } from '../../../../server/modules/notices/notices.dto';
import { newIdempotencyKey } from '../../../api/client';
import { t } from '../../../i18n';
import { formatDateTime } from '../../../i18n/format';
import { Alert, Button, Dialog, Icon, toast } from '../../../ui';
import { SignaturePad } from '../../forms/renderer/SignaturePad';
import { noticesApi, type NoticeDetail } from '../api-notices';
import { noticeErrorText } from '../notices-errors';
import { ACTIVE_CONFIRM } from '../notices-format';
import '../../forms/renderer/renderer.css';

/** The reader's own confirmation, shown in the notice's header once given. */
export function ConfirmedNote({ detail }: { detail: NoticeDetail }) {
  const me = detail.me;
  if (!me) return null;
  if (ACTIVE_CONFIRM.has(detail.confirmMode) && me.confirmedAt) {
    return (
      <div class="nt-confirmed" role="status">
        <Icon name="check" size={18} />
        <div class="grow">
          <p class="strong">{t('notices.confirm.done', { time: formatDateTime(me.confirmedAt) })}</p>
          {me.comment ? <p class="nt-confirmed-comment">{me.comment}</p> : null}
          {me.hasSignature ? <p class="xsmall muted">{t('notices.confirm.signed')}</p> : null}
        </div>
      </div>
    );
  }
  if (detail.confirmMode === 'read' && me.readAt) {
    return (
      <p class="nt-read-note">
        <Icon name="check" size={16} />
        {t('notices.confirm.readDone', { time: formatDateTime(me.readAt) })}
      </p>
    );
  }
  return null;
}

function CommentField({ value, onValue, error, required }: { value: string; onValue: (v: string) => void; error: string | null; required: boolean }) {
  return (
    <div class={`field ${error ? 'field-invalid' : ''}`}>
      <label class="field-label" for="nt-confirm-comment">
        {required ? t('notices.confirm.comment') : t('notices.confirm.commentOptional')}
      </label>
      <textarea
        id="nt-confirm-comment"
        class="input nt-textarea"
        rows={4}
        maxLength={NOTICE_COMMENT_MAX}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'nt-confirm-comment-err' : undefined}
        placeholder={required ? t('notices.confirm.commentPlaceholder') : undefined}
        onInput={(e) => onValue((e.currentTarget as HTMLTextAreaElement).value)}
      />
      <span class="nt-count">
        {[...value].length}/{NOTICE_COMMENT_MAX}
      </span>
      {error ? (
        <p id="nt-confirm-comment-err" class="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function ConfirmBar({ detail, onConfirmed }: { detail: NoticeDetail; onConfirmed: (d: NoticeDetail) => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [comment, setComment] = useState('');
  const [signature, setSignature] = useState<string | null>(null);
  const [problem, setProblem] = useState<{ comment?: string; signature?: string; general?: string }>({});
  // One key per confirmation: a retry after a network failure is the same confirmation.
  const [key, setKey] = useState(newIdempotencyKey);
  const mode = detail.confirmMode;
  const me = detail.me;
  if (!me || !ACTIVE_CONFIRM.has(mode) || me.confirmedAt || detail.status !== 'published') return null;
  if (detail.expired) {
    return <p class="nt-expired-note">{t('notices.confirm.expired')}</p>;
  }

  const send = async () => {
    const c = comment.trim();
    const next: typeof problem = {};
    if (mode === 'comment' && !c) next.comment = t('notices.confirm.commentRequired');
    if (mode === 'signature' && !signature) next.signature = t('notices.confirm.signatureRequired');
    setProblem(next);
    if (next.comment || next.signature) return;
    setBusy(true);
    try {
      const body = mode === 'click' ? {} : mode === 'comment' ? { comment: c } : { signature: signature!, ...(c ? { comment: c } : {}) };
      const d = await noticesApi.confirm(detail.id, body, key);
      setOpen(false);
      setKey(newIdempotencyKey());
      toast(t('notices.confirm.toast'), 'success');
      onConfirmed(d);
    } catch (e) {
      const text = noticeErrorText(e);
      if (open) setProblem({ general: text });
      else toast(text, 'danger');
    } finally {
      setBusy(false);
    }
  };

  const label = t(`notices.confirm.button.${mode as 'click' | 'comment' | 'signature'}`);
  return (
    <>
      <div class="sticky-actions nt-confirm-bar" role="region" aria-label={t('notices.confirm.region')}>
        <span class="nt-confirm-text">
          <Icon name="info" size={18} />
          <span>{t(`notices.confirm.ask.${mode as 'click' | 'comment' | 'signature'}`)}</span>
        </span>
        <Button variant="primary" icon={mode === 'signature' ? 'pen' : 'check'} loading={busy && !open} onClick={() => (mode === 'click' ? void send() : setOpen(true))}>
          {label}
        </Button>
      </div>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title={mode === 'signature' ? t('notices.confirm.signatureTitle') : t('notices.confirm.commentTitle')}
        description={detail.title}
      >
        <form
          class="stack"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          {mode === 'signature' ? (
            <div class={`field ${problem.signature ? 'fr-invalid' : ''}`}>
              <SignaturePad value={signature} onChange={setSignature} label={t('notices.confirm.signature')} invalid={!!problem.signature} maxChars={NOTICE_SIGNATURE_MAX_CHARS} />
              {problem.signature ? (
                <p class="field-error" role="alert">
                  {problem.signature}
                </p>
              ) : null}
            </div>
          ) : null}
          <CommentField value={comment} onValue={setComment} error={problem.comment ?? null} required={mode === 'comment'} />
          {problem.general ? <Alert tone="danger">{problem.general}</Alert> : null}
          <div class="dialog-actions">
            <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
            <Button type="submit" variant="primary" icon="check" loading={busy}>
              {t('notices.confirm.submit')}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

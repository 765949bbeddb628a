// The dialogs behind the action bar: 同意 (comment + optional handwritten signature), 驳回 (comment required),
// 退回 (to the initiator or a finished step), 转交, 加签 (before/after), 评论, 撤回 (confirm).
// One idempotency key per opened dialog: a retry after a network failure cannot act twice.
import { useState } from 'preact/hooks';
import { newIdempotencyKey } from '../../../api/client';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { me } from '../../../state/session-signals';
import { Alert, Button, Dialog } from '../../../ui';
import { approvalsApi, type ActionRequest, type ActionType, type PersonRef, type SubmissionDetail } from './api-approvals';
import { returnTargets } from './approvals-format';
import { PersonField, SignatureField } from './pickers';

export type DialogAction = Exclude<ActionType, 'urge'>;

const DANGER: ReadonlySet<DialogAction> = new Set(['reject', 'withdraw']);

function CommentBox({ value, onValue, required, label }: { value: string; onValue: (v: string) => void; required: boolean; label: string }) {
  return (
    <div class="field">
      <label class="field-label" for="appr-comment">
        {label}
      </label>
      <textarea
        id="appr-comment"
        class="input appr-textarea"
        rows={3}
        maxLength={1000}
        required={required}
        aria-required={required ? 'true' : undefined}
        value={value}
        onInput={(e) => onValue((e.currentTarget as HTMLTextAreaElement).value)}
      />
    </div>
  );
}

function Body({ type, detail, onDone, onClose }: { type: DialogAction; detail: SubmissionDetail; onDone: (d: SubmissionDetail) => void; onClose: () => void }) {
  const [key] = useState(newIdempotencyKey);
  const [comment, setComment] = useState('');
  const [signature, setSignature] = useState<string | null>(null);
  const [person, setPerson] = useState<PersonRef | null>(null);
  const [position, setPosition] = useState<'before' | 'after'>('after');
  const targets = type === 'return' ? returnTargets(detail) : [];
  const [to, setTo] = useState<'initiator' | number>('initiator');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const commentRequired = type === 'reject' || type === 'comment';
  const needsPerson = type === 'transfer' || type === 'addSigner';

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const text = comment.trim();
    if (commentRequired && !text) {
      setError(t('forms.approvals.action.commentRequired'));
      return;
    }
    if (needsPerson && !person) {
      setError(t('forms.approvals.action.personRequired'));
      return;
    }
    const body: ActionRequest = { type };
    if (text) body.comment = text;
    if (type === 'approve' && signature) body.signature = signature;
    if (type === 'return') body.to = to;
    if (needsPerson && person) body.userId = person.id;
    if (type === 'addSigner') body.position = position;
    setBusy(true);
    try {
      onDone(await approvalsApi.act(detail.id, body, key));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="stack" onSubmit={(e) => void submit(e)} noValidate>
      {type === 'withdraw' ? <p class="small text-2">{t('forms.approvals.action.withdrawText')}</p> : null}
      {type === 'return' ? (
        <fieldset class="checks">
          <legend class="field-label">{t('forms.approvals.action.returnTo')}</legend>
          {targets.map((target) => (
            <label key={String(target.to)} class="check">
              <input type="radio" name="return-to" checked={to === target.to} onChange={() => setTo(target.to)} />
              {target.to === 'initiator' ? t('forms.approvals.action.returnInitiator', { name: detail.initiator.displayName }) : t('forms.approvals.action.returnStep', { step: target.stepName ?? '' })}
            </label>
          ))}
        </fieldset>
      ) : null}
      {type === 'addSigner' ? (
        <fieldset class="checks appr-inline-checks">
          <legend class="field-label">{t('forms.approvals.action.position')}</legend>
          <label class="check">
            <input type="radio" name="position" checked={position === 'before'} onChange={() => setPosition('before')} />
            {t('forms.approvals.action.before')}
          </label>
          <label class="check">
            <input type="radio" name="position" checked={position === 'after'} onChange={() => setPosition('after')} />
            {t('forms.approvals.action.after')}
          </label>
        </fieldset>
      ) : null}
      {needsPerson ? (
        <PersonField
          label={type === 'transfer' ? t('forms.approvals.action.transferTo') : t('forms.approvals.action.signer')}
          value={person}
          onChange={setPerson}
          excludeIds={[detail.initiator.id, ...(me.value ? [me.value.user.id] : [])]}
        />
      ) : null}
      <CommentBox
        value={comment}
        onValue={setComment}
        required={commentRequired}
        label={commentRequired ? t('forms.approvals.action.comment') : t('forms.approvals.action.commentOptional')}
      />
      {type === 'approve' ? <SignatureField value={signature} onChange={setSignature} /> : null}
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <div class="dialog-actions">
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button type="submit" variant={DANGER.has(type) ? 'danger' : 'primary'} loading={busy}>
          {t(`forms.approvals.action.submit.${type}`)}
        </Button>
      </div>
    </form>
  );
}

export function ActionDialog({
  type,
  detail,
  onClose,
  onDone,
}: {
  type: DialogAction | null;
  detail: SubmissionDetail;
  onClose: () => void;
  onDone: (d: SubmissionDetail) => void;
}) {
  return (
    <Dialog open={type !== null} onClose={onClose} title={type ? t(`forms.approvals.action.title.${type}`) : ''} description={detail.title}>
      {type ? <Body key={type} type={type} detail={detail} onDone={onDone} onClose={onClose} /> : null}
    </Dialog>
  );
}

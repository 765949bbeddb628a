// One annotation opened in the panel: who wrote what where, its status and assignee (assign, resolve,
// reopen), edit and delete for the author, and the thread of replies with a reply box.
import type { JSX } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import type { Annotation } from '../../../api/types';
import { t } from '../../../i18n';
import { formatDateTime, formatRelative } from '../../../i18n/format';
import { Alert, Avatar, Badge, Button, Dialog, toast } from '../../../ui';
import { isFromOtherVersion, pinStyle } from './annotation-tools';
import { PersonPicker } from './PersonPicker';
import { PvIcon } from './preview-icons';
import { usePreview } from './preview-store';

function Assignee({ a, canChange }: { a: Annotation; canChange: boolean }) {
  const store = usePreview();
  const [picking, setPicking] = useState(false);
  if (picking)
    return (
      <PersonPicker
        label={t('preview.assignee')}
        onCancel={() => setPicking(false)}
        onPick={async (p) => {
          setPicking(false);
          if (await store.patch(a.id, { assigneeId: p.id })) toast(t('preview.assignedToast', { name: p.displayName }), 'success');
        }}
      />
    );
  return (
    <div class="pv-assignee">
      <PvIcon name="userPlus" size={18} />
      <span class="grow">{a.assigneeName ? t('preview.assignedTo', { name: a.assigneeName }) : t('preview.unassigned')}</span>
      {canChange ? (
        <button type="button" class="link-btn" onClick={() => setPicking(true)}>
          {a.assigneeId ? t('preview.changeAssignee') : t('preview.assign')}
        </button>
      ) : null}
      {canChange && a.assigneeId ? (
        <button type="button" class="link-btn" onClick={() => void store.patch(a.id, { assigneeId: null })}>
          {t('preview.unassign')}
        </button>
      ) : null}
    </div>
  );
}

function ReplyBox({ a }: { a: Annotation }) {
  const store = usePreview();
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const id = useId();
  const send = async (e: JSX.TargetedEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!body.trim() || busy) return;
    setBusy(true);
    if (await store.reply(a.id, body.trim())) setBody('');
    setBusy(false);
  };
  return (
    <form class="pv-reply-box" onSubmit={(e) => void send(e)}>
      <label class="sr-only" for={`rb-${id}`}>
        {t('preview.replyLabel')}
      </label>
      <textarea
        id={`rb-${id}`}
        class="input pv-textarea"
        rows={2}
        maxLength={2000}
        value={body}
        placeholder={t('preview.replyPlaceholder')}
        onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send(e as unknown as JSX.TargetedEvent<HTMLFormElement>);
        }}
      />
      <Button type="submit" size="sm" variant="primary" icon="chat" loading={busy} disabled={!body.trim()}>
        {t('preview.send')}
      </Button>
    </form>
  );
}

function TextEditor({ a, onDone }: { a: Annotation; onDone: () => void }) {
  const store = usePreview();
  const [text, setText] = useState(a.text);
  const [busy, setBusy] = useState(false);
  const id = useId();
  return (
    <form
      class="stack-sm"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        if (await store.patch(a.id, { text: text.trim() })) onDone();
        setBusy(false);
      }}
    >
      <label class="sr-only" for={`te-${id}`}>
        {t('preview.editorNote')}
      </label>
      <textarea id={`te-${id}`} class="input pv-textarea" rows={3} maxLength={2000} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
      <div class="pv-editor-actions">
        <Button size="sm" variant="ghost" onClick={onDone}>
          {t('common.cancel')}
        </Button>
        <Button size="sm" variant="primary" type="submit" loading={busy} disabled={a.shape.type === 'note' && !text.trim()}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}

export function AnnotationThread({ a, n }: { a: Annotation; n: number }) {
  const store = usePreview();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const mayEdit = store.may(a, 'edit-text');
  const mayHandle = store.may(a, 'handle');
  const mayDelete = store.may(a, 'delete');
  const old = isFromOtherVersion(a, store.viewedVersionId.value);

  useEffect(() => setEditing(false), [a.id]);

  const toggleStatus = async () => {
    setBusy(true);
    const resolving = a.status === 'open';
    if (await store.patch(a.id, { status: resolving ? 'resolved' : 'open' })) toast(resolving ? t('preview.resolvedToast') : t('preview.reopenedToast'), 'success');
    setBusy(false);
  };

  return (
    <article class="pv-thread" aria-label={t('preview.threadLabel', { n })}>
      <header class="pv-thread-head">
        <span class="pv-item-num" style={pinStyle(a.colour) as JSX.CSSProperties}>
          {n}
        </span>
        <div class="grow">
          <p class="pv-thread-author">{a.authorName}</p>
          <p class="xsmall muted">
            <time dateTime={a.createdAt} title={formatDateTime(a.createdAt)}>
              {formatRelative(a.createdAt)}
            </time>
            {' · '}
            {t('preview.page', { n: a.page })}
            {' · '}
            {t(`preview.kind.${a.shape.type}`)}
          </p>
        </div>
        <Badge tone={a.status === 'resolved' ? 'success' : 'warning'}>{t(`preview.status.${a.status}`)}</Badge>
      </header>
      {old ? <Alert tone="info">{t('preview.oldVersionLong', { n: a.versionNumber })}</Alert> : null}
      {editing ? <TextEditor a={a} onDone={() => setEditing(false)} /> : <p class={a.text ? 'pv-thread-text' : 'pv-thread-text muted'}>{a.text || t('preview.noText')}</p>}
      {a.status === 'resolved' && a.resolvedByName && a.resolvedAt ? (
        <p class="xsmall success-text">{t('preview.resolvedBy', { name: a.resolvedByName, date: formatDateTime(a.resolvedAt) })}</p>
      ) : null}
      <Assignee a={a} canChange={mayHandle} />
      <div class="pv-thread-actions">
        {mayHandle ? (
          <Button size="sm" variant={a.status === 'open' ? 'primary' : 'secondary'} icon={a.status === 'open' ? 'check' : 'refresh'} loading={busy} onClick={() => void toggleStatus()}>
            {a.status === 'open' ? t('preview.resolve') : t('preview.reopen')}
          </Button>
        ) : null}
        {mayEdit && !editing ? (
          <Button size="sm" variant="ghost" icon="edit" onClick={() => setEditing(true)}>
            {t('preview.edit')}
          </Button>
        ) : null}
        {mayDelete ? (
          <Button size="sm" variant="danger-ghost" icon="trash" onClick={() => setConfirming(true)}>
            {t('preview.delete')}
          </Button>
        ) : null}
      </div>
      <section class="pv-replies" aria-label={t('preview.replies')}>
        {a.replies.length ? (
          <ol class="pv-reply-list">
            {a.replies.map((r) => (
              <li key={r.id} class="pv-reply">
                <Avatar name={r.authorName} />
                <div class="grow">
                  <p class="pv-reply-head">
                    <span class="strong">{r.authorName}</span>
                    <time class="xsmall muted" dateTime={r.createdAt} title={formatDateTime(r.createdAt)}>
                      {formatRelative(r.createdAt)}
                    </time>
                  </p>
                  <p class="pv-reply-body">{r.body}</p>
                </div>
              </li>
            ))}
          </ol>
        ) : null}
        <ReplyBox a={a} />
      </section>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t('preview.delete')}
        footer={
          <div class="dialog-actions">
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              variant="danger"
              onClick={async () => {
                setConfirming(false);
                if (await store.remove(a.id)) toast(t('preview.deleted'), 'success');
              }}
            >
              {t('common.delete')}
            </Button>
          </div>
        }
      >
        <p>{t('preview.deleteConfirm')}</p>
      </Dialog>
    </article>
  );
}

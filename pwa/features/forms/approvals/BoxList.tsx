// One approvals box (待我审批 / 我已审批 / 我发起的 / 抄送我) as a list: cursor paging with infinite scroll,
// live reload on 'approvals.changed', and — in 待我审批 — a batch mode that approves the rows that allow it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatDateTime, formatRelative } from '../../../i18n/format';
import { Alert, Button, Card, Dialog, EmptyState, Icon, LoadingBlock, toast, type IconName } from '../../../ui';
import { approvalsApi, type ApprovalBox, type SubmissionListItem, type SubmissionStatus } from './api-approvals';
import { batchableIds, chunk, mergePage, pruneSelection, toggleSelected, waitingNames } from './approvals-format';
import { approvalsVersion, refreshApprovalCounts } from './approvals-state';
import { FormIcon, StatusChip } from './FormBits';

const EMPTY: Record<ApprovalBox, { icon: IconName; title: 'forms.approvals.empty.todo' | 'forms.approvals.empty.done' | 'forms.approvals.empty.mine' | 'forms.approvals.empty.cc' }> = {
  todo: { icon: 'check', title: 'forms.approvals.empty.todo' },
  done: { icon: 'history', title: 'forms.approvals.empty.done' },
  mine: { icon: 'stamp', title: 'forms.approvals.empty.mine' },
  cc: { icon: 'inbox', title: 'forms.approvals.empty.cc' },
};

function RowBody({ item, box, selecting }: { item: SubmissionListItem; box: ApprovalBox; selecting?: boolean }) {
  const waiting = waitingNames(item.waitingFor, 2, t('forms.approvals.nameSeparator'));
  const waitingText = waiting.more > 0 ? t('forms.approvals.waitingMore', { names: waiting.names, n: item.waitingFor.length }) : waiting.names;
  return (
    <>
      <FormIcon icon={item.formIcon} />
      <span class="appr-row-main">
        <span class="appr-row-top">
          <span class={`appr-row-title ${item.unread ? 'appr-row-unread' : ''}`}>{item.title}</span>
          {box === 'todo' ? null : <StatusChip status={item.status} />}
        </span>
        {item.summary ? <span class="appr-row-summary">{item.summary}</span> : null}
        <span class="appr-row-meta">
          {/* Titles usually carry the initiator's name already: their department says more. Mine: the form. */}
          <span class="nowrap">{box === 'mine' ? item.formName : (item.initiator.departmentName ?? item.initiator.displayName)}</span>
          {item.status === 'running' && item.currentStepName ? (
            <span class="appr-row-step">
              {item.currentStepName}
              {item.waitingFor.length && box !== 'todo' ? ` · ${t('forms.approvals.waitingFor', { names: waitingText })}` : ''}
            </span>
          ) : null}
          <time class="appr-row-time" dateTime={item.updatedAt} title={formatDateTime(item.updatedAt)}>
            {formatRelative(item.updatedAt)}
          </time>
        </span>
      </span>
      {item.unread ? (
        <span class="unread-dot" aria-label={t('forms.approvals.unread')} role="img" />
      ) : selecting ? null : (
        <Icon name="chevronRight" size={18} class="appr-row-go" />
      )}
    </>
  );
}

function Row({ item, box, batch, selected, onToggle }: { item: SubmissionListItem; box: ApprovalBox; batch: boolean; selected: boolean; onToggle: (id: string) => void }) {
  if (batch && item.batchable) {
    return (
      <li>
        <label class={`appr-row appr-row-select ${selected ? 'appr-row-selected' : ''}`}>
          <input type="checkbox" class="appr-check" checked={selected} onChange={() => onToggle(item.id)} aria-label={t('forms.approvals.batch.select', { title: item.title })} />
          <RowBody item={item} box={box} selecting />
        </label>
      </li>
    );
  }
  return (
    <li>
      <a class={`appr-row ${batch ? 'appr-row-dim' : ''}`} href={`/forms/s/${encodeURIComponent(item.id)}`}>
        {batch ? <span class="appr-check-gap" title={t('forms.approvals.batch.notBatchable')} /> : null}
        <RowBody item={item} box={box} />
      </a>
    </li>
  );
}

export function BoxList({
  box,
  formId,
  status,
  batch,
  onBatchEnd,
  onItems,
}: {
  box: ApprovalBox;
  formId?: string;
  status?: SubmissionStatus;
  batch: boolean;
  onBatchEnd: () => void;
  /** The rows shown (the page offers 批量审批 only when some are batchable, and filters by their forms). */
  onItems?: (items: SubmissionListItem[]) => void;
}) {
  const [items, setItems] = useState<SubmissionListItem[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [stale, setStale] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const sentinel = useRef<HTMLDivElement>(null);
  const request = useRef(0);
  const pagesLoaded = useRef(0);

  const loadFirst = () => {
    const mine = ++request.current;
    setError(null);
    setStale(false);
    approvalsApi
      .list({ box, formId, status })
      .then((page) => {
        if (mine !== request.current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        pagesLoaded.current = 1;
        setSelected((s) => pruneSelection(s, page.items));
      })
      .catch((e) => {
        if (mine === request.current) setError(errorText(e));
      });
  };

  const loadMore = () => {
    if (!cursor || loadingMore) return;
    const mine = request.current;
    setLoadingMore(true);
    approvalsApi
      .list({ box, formId, status, cursor })
      .then((page) => {
        if (mine !== request.current) return;
        setItems((shown) => mergePage(shown ?? [], page.items));
        setCursor(page.nextCursor);
        pagesLoaded.current++;
      })
      .catch((e) => toast(errorText(e), 'danger'))
      .finally(() => setLoadingMore(false));
  };

  useEffect(() => {
    setItems(null);
    setSelected(new Set());
    loadFirst();
  }, [box, formId, status]);

  // Live: reload quietly when only the first page is shown; otherwise offer it, so the list does not jump.
  const version = approvalsVersion.value;
  const firstVersion = useRef(version);
  useEffect(() => {
    if (version === firstVersion.current) return;
    if (pagesLoaded.current <= 1) loadFirst();
    else setStale(true);
  }, [version]);

  useEffect(() => {
    const el = sentinel.current;
    if (!el || !cursor) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    }, { rootMargin: '240px' });
    io.observe(el);
    return () => io.disconnect();
  }, [cursor, loadingMore, items]);

  useEffect(() => {
    if (!batch) setSelected(new Set());
  }, [batch]);

  const toggle = (id: string) => setSelected((s) => toggleSelected(s, id));
  const selectable = items ? batchableIds(items) : [];
  useEffect(() => onItems?.(items ?? []), [items]);
  const allSelected = selectable.length > 0 && selectable.every((id) => selected.has(id));

  const runBatch = async () => {
    setSending(true);
    let approved = 0;
    const failed = new Set<string>();
    try {
      for (const ids of chunk([...selected])) {
        const r = await approvalsApi.batch(ids, comment.trim() || undefined);
        approved += r.approved.length;
        r.failed.forEach((f) => failed.add(f.id));
      }
      toast(
        failed.size ? t('forms.approvals.batch.resultSome', { n: approved, m: failed.size }) : t('forms.approvals.batch.resultAll', { n: approved }),
        failed.size ? 'warning' : 'success',
      );
      setConfirming(false);
      setComment('');
      setSelected(failed);
      if (!failed.size) onBatchEnd();
      void refreshApprovalCounts();
      loadFirst();
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setSending(false);
    }
  };

  const empty = EMPTY[box];
  return (
    <>
      {stale ? (
        <button type="button" class="appr-stale" onClick={loadFirst}>
          <Icon name="refresh" size={16} />
          {t('forms.approvals.listUpdated')}
        </button>
      ) : null}
      {error && !items ? (
        <Alert tone="danger">
          {error}{' '}
          <button type="button" class="link-btn" onClick={loadFirst}>
            {t('common.reload')}
          </button>
        </Alert>
      ) : null}
      <Card flush class="appr-list-card">
        {!items && !error ? <LoadingBlock /> : null}
        {items && items.length === 0 ? (
          <EmptyState icon={empty.icon} title={t(empty.title)} description={formId || status ? t('forms.approvals.empty.filtered') : undefined} />
        ) : null}
        {items && items.length > 0 ? (
          <ul class="appr-list" aria-label={t(`forms.approvals.box.${box}`)}>
            {items.map((item) => (
              <Row key={item.id} item={item} box={box} batch={batch} selected={selected.has(item.id)} onToggle={toggle} />
            ))}
          </ul>
        ) : null}
      </Card>
      {cursor ? (
        <div class="center" ref={sentinel}>
          <Button variant="ghost" onClick={loadMore} loading={loadingMore}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
      {batch ? (
        <div class="sticky-actions appr-batch-bar row">
          <label class="check appr-batch-all">
            <input
              type="checkbox"
              checked={allSelected}
              disabled={!selectable.length}
              onChange={() => setSelected(allSelected ? new Set() : new Set(selectable))}
            />
            {t('forms.approvals.batch.all')}
          </label>
          <span class="small muted grow" aria-live="polite">
            {selectable.length ? t('forms.approvals.batch.selected', { n: selected.size }) : t('forms.approvals.batch.none')}
          </span>
          <Button variant="primary" icon="check" disabled={!selected.size} onClick={() => setConfirming(true)}>
            {t('forms.approvals.batch.approve')}
          </Button>
        </div>
      ) : null}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={t('forms.approvals.batch.confirmTitle', { n: selected.size })}
        description={t('forms.approvals.batch.confirmText')}
      >
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void runBatch();
          }}
        >
          <div class="field">
            <label class="field-label" for="batch-comment">
              {t('forms.approvals.action.commentOptional')}
            </label>
            <textarea
              id="batch-comment"
              class="input appr-textarea"
              rows={3}
              maxLength={1000}
              value={comment}
              onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)}
            />
          </div>
          <div class="dialog-actions">
            <Button onClick={() => setConfirming(false)}>{t('common.cancel')}</Button>
            <Button type="submit" variant="primary" loading={sending}>
              {t('forms.approvals.batch.approveN', { n: selected.size })}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

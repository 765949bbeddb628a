// /notices/:id — one notice: marks, title, author and time, the sanitised body (the server's HTML, rendered as
// HTML inside a styled article), attachments, edit history, withdrawn state, and the confirmation bar. Managers
// also see the progress and their actions (回执名单, 编辑, 撤回, 删除). Reloads when the notice changes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError } from '../../../api/client';
import { t } from '../../../i18n';
import { formatBytes, formatDateTime } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Avatar, Button, ButtonLink, Card, Dialog, EmptyState, Icon, LoadingBlock, toast } from '../../../ui';
import { attachmentUrl, noticesApi, type NoticeDetail } from '../api-notices';
import { noticeErrorText } from '../notices-errors';
import { lastChangedNotice, noticesChanged, noticesVersion, refreshNoticeCounts } from '../notices-state';
import { BackLink, CategoryTag, PinMark, ProgressBars, StatusBadge, UrgencyBadge } from '../NoticeBits';
import { ConfirmBar, ConfirmedNote } from './ConfirmBar';
import { me } from '../../../state/session-signals';
import { StartMeetingButton } from '../../meetings/StartMeetingButton';

function Header({ detail }: { detail: NoticeDetail }) {
  const time = detail.publishedAt ?? detail.publishAt ?? detail.updatedAt;
  return (
    <section class="card nt-head" aria-labelledby="nt-title">
      <div class="nt-head-marks">
        {detail.pinned ? <PinMark /> : null}
        <CategoryTag category={detail.category} />
        <UrgencyBadge urgency={detail.urgency} />
        {detail.status !== 'published' || detail.expired ? <StatusBadge status={detail.status} expired={detail.expired} /> : null}
      </div>
      <h1 id="nt-title" class="nt-head-title">
        {detail.title}
      </h1>
      <div class="nt-head-person">
        <Avatar name={detail.author.displayName} />
        <div class="grow">
          <div class="strong">{detail.author.displayName}</div>
          <div class="xsmall muted">
            {detail.author.departmentName ? `${detail.author.departmentName} · ` : ''}
            {detail.status === 'scheduled' && detail.publishAt
              ? t('notices.detail.scheduledFor', { time: formatDateTime(detail.publishAt) })
              : detail.publishedAt
                ? t('notices.detail.publishedAt', { time: formatDateTime(time) })
                : t('notices.detail.savedAt', { time: formatDateTime(detail.updatedAt) })}
          </div>
        </div>
      </div>
      {detail.editedAt ? (
        <p class="xsmall muted nt-edited">
          <Icon name="history" size={14} />
          <span>{t('notices.detail.edited', { time: formatDateTime(detail.editedAt), n: detail.version })}</span>
          <a href={`/notices/${encodeURIComponent(detail.id)}/versions`}>{t('notices.detail.history')}</a>
        </p>
      ) : null}
      <ConfirmedNote detail={detail} />
    </section>
  );
}

/** Links in the body open in a new tab, so the notice stays open behind them. */
function Body({ html }: { html: string }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    ref.current?.querySelectorAll('a[href]').forEach((a) => {
      a.setAttribute('target', '_blank');
      a.setAttribute('rel', 'noopener noreferrer');
    });
  }, [html]);
  return <article ref={ref} class="nt-body" aria-labelledby="nt-title" dangerouslySetInnerHTML={{ __html: html }} />;
}

function Attachments({ detail }: { detail: NoticeDetail }) {
  if (!detail.attachments.length) return null;
  return (
    <Card title={t('notices.detail.attachments', { n: detail.attachments.length })}>
      <ul class="nt-files" aria-label={t('notices.detail.attachmentsLabel')}>
        {detail.attachments.map((f) => (
          <li key={f.id} class="nt-file">
            <Icon name="file" size={18} />
            <a class="grow ellipsis" href={attachmentUrl(detail.id, f.id)} target="_blank" rel="noopener">
              {f.name}
            </a>
            <span class="xsmall muted nowrap">{formatBytes(f.size)}</span>
            <a class="icon-btn" href={attachmentUrl(detail.id, f.id)} download={f.name} aria-label={t('notices.detail.download', { name: f.name })} title={t('notices.detail.download', { name: f.name })}>
              <Icon name="download" size={18} />
            </a>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Details({ detail }: { detail: NoticeDetail }) {
  return (
    <Card title={t('notices.detail.info')}>
      <dl class="kv">
        <div class="kv-row">
          <dt>{t('notices.compose.category')}</dt>
          <dd>{t(`notices.category.${detail.category}`)}</dd>
        </div>
        <div class="kv-row">
          <dt>{t('notices.compose.urgency')}</dt>
          <dd>{t(`notices.urgency.${detail.urgency}`)}</dd>
        </div>
        <div class="kv-row">
          <dt>{t('notices.compose.confirmMode')}</dt>
          <dd>{t(`notices.mode.${detail.confirmMode}`)}</dd>
        </div>
        <div class="kv-row">
          <dt>{t('notices.compose.expires')}</dt>
          <dd>{detail.expiresAt ? formatDateTime(detail.expiresAt) : t('notices.detail.noExpiry')}</dd>
        </div>
      </dl>
    </Card>
  );
}

function ManagerCard({ detail, onChange }: { detail: NoticeDetail; onChange: (d: NoticeDetail | null) => void }) {
  const [dialog, setDialog] = useState<'withdraw' | 'delete' | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const { route } = useLocation();
  const id = encodeURIComponent(detail.id);
  const run = async (fn: () => Promise<NoticeDetail | null>, done: string) => {
    setBusy(true);
    try {
      const d = await fn();
      setDialog(null);
      toast(done, 'success');
      onChange(d);
    } catch (e) {
      toast(noticeErrorText(e), 'danger');
    } finally {
      setBusy(false);
    }
  };
  const editable = detail.status !== 'withdrawn';
  return (
    <Card title={t('notices.detail.manage')} class="nt-manage-card">
      {detail.stats && (detail.status === 'published' || detail.status === 'withdrawn') ? <ProgressBars stats={detail.stats} mode={detail.confirmMode} /> : null}
      <div class="nt-manage-actions">
        {detail.status === 'published' || detail.status === 'withdrawn' ? (
          <ButtonLink href={`/notices/${id}/roster`} variant="primary" icon="checklist">
            {t('notices.roster.title')}
          </ButtonLink>
        ) : null}
        {detail.status === 'published' && detail.author.id === me.value?.user.id ? <StartMeetingButton noticeId={detail.id} /> : null}
        {editable ? (
          <ButtonLink href={`/notices/${id}/edit`} icon="edit">
            {t('common.edit')}
          </ButtonLink>
        ) : null}
        {detail.status === 'scheduled' ? (
          <Button icon="pause" loading={busy && !dialog} onClick={() => void run(() => noticesApi.unschedule(detail.id), t('notices.detail.unscheduled'))}>
            {t('notices.detail.unschedule')}
          </Button>
        ) : null}
        {detail.status === 'published' ? (
          <Button variant="danger-ghost" icon="undo" onClick={() => setDialog('withdraw')}>
            {t('notices.detail.withdraw')}
          </Button>
        ) : null}
        {detail.status === 'draft' || detail.status === 'scheduled' ? (
          <Button variant="danger-ghost" icon="trash" onClick={() => setDialog('delete')}>
            {t('common.delete')}
          </Button>
        ) : null}
      </div>
      <Dialog open={dialog === 'withdraw'} onClose={() => setDialog(null)} title={t('notices.detail.withdrawTitle')} description={t('notices.detail.withdrawText')}>
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void run(() => noticesApi.withdraw(detail.id, reason.trim()), t('notices.detail.withdrawn'));
          }}
        >
          <div class="field">
            <label class="field-label" for="nt-withdraw-reason">
              {t('notices.detail.withdrawReason')}
            </label>
            <textarea id="nt-withdraw-reason" class="input nt-textarea" rows={3} maxLength={200} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />
          </div>
          <div class="dialog-actions">
            <Button onClick={() => setDialog(null)}>{t('common.cancel')}</Button>
            <Button type="submit" variant="danger" loading={busy}>
              {t('notices.detail.withdrawConfirm')}
            </Button>
          </div>
        </form>
      </Dialog>
      <Dialog open={dialog === 'delete'} onClose={() => setDialog(null)} title={t('notices.detail.deleteTitle')} description={detail.title}>
        <div class="dialog-actions">
          <Button onClick={() => setDialog(null)}>{t('common.cancel')}</Button>
          <Button
            variant="danger"
            loading={busy}
            onClick={() =>
              void run(async () => {
                await noticesApi.remove(detail.id);
                route('/notices/manage', true);
                return null;
              }, t('notices.detail.deleted'))
            }
          >
            {t('common.delete')}
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}

export default function NoticePage({ id }: RouteProps & { id?: string }) {
  const noticeId = id ?? '';
  const [detail, setDetail] = useState<NoticeDetail | null>(null);
  const [error, setError] = useState<{ text: string; missing: boolean } | null>(null);
  const request = useRef(0);
  usePageTitle(detail?.title ?? t('notices.title'));

  const load = () => {
    const mine = ++request.current;
    noticesApi
      .detail(noticeId)
      .then((d) => {
        if (mine !== request.current) return;
        setDetail(d);
        setError(null);
        // Opening it marked it read on the server: the badges follow.
        void refreshNoticeCounts();
      })
      .catch((e) => {
        if (mine !== request.current) return;
        setError({ text: noticeErrorText(e), missing: e instanceof ApiError && e.status === 404 });
      });
  };

  useEffect(() => {
    setDetail(null);
    setError(null);
    load();
  }, [noticeId]);

  // Edited or withdrawn while open: show the new state.
  const version = noticesVersion.value;
  const seen = useRef(version);
  useEffect(() => {
    if (version === seen.current) return;
    seen.current = version;
    const changed = lastChangedNotice.value;
    if (!changed || changed === noticeId) load();
  }, [version]);

  /** The page's own change: shown at once; other views reload (this one does not reload itself). */
  const changedHere = (d: NoticeDetail) => {
    request.current++;
    setDetail(d);
    noticesChanged(d.id);
    seen.current = noticesVersion.value;
  };

  if (error && !detail) {
    return (
      <div class="page">
        <BackLink href="/notices" label={t('notices.back')} />
        {error.missing ? (
          <EmptyState icon="search" title={t('notices.detail.notFound')} description={t('notices.detail.notFoundText')} />
        ) : (
          <Alert tone="danger">
            {error.text}{' '}
            <button type="button" class="link-btn" onClick={load}>
              {t('common.reload')}
            </button>
          </Alert>
        )}
      </div>
    );
  }
  if (!detail) {
    return (
      <div class="page">
        <LoadingBlock />
      </div>
    );
  }

  const withdrawn = detail.status === 'withdrawn';
  return (
    <div class="page nt-detail">
      <BackLink href={detail.canManage && !detail.me ? '/notices/manage' : '/notices'} label={detail.canManage && !detail.me ? t('notices.manage.back') : t('notices.back')} />
      <Header detail={detail} />
      <div class="nt-detail-grid">
        <div class="stack nt-detail-main">
          {withdrawn ? (
            <Alert tone="warning" title={t('notices.detail.withdrawnTitle', { time: detail.withdrawnAt ? formatDateTime(detail.withdrawnAt) : '' })}>
              {detail.withdrawReason ? t('notices.detail.withdrawnReason', { reason: detail.withdrawReason }) : t('notices.detail.withdrawnText')}
            </Alert>
          ) : null}
          {detail.bodyHtml ? (
            <section class="card nt-article">
              <Body html={detail.bodyHtml} />
            </section>
          ) : null}
          <Attachments detail={detail} />
        </div>
        <div class="stack nt-detail-side">
          {detail.canManage ? <ManagerCard detail={detail} onChange={(d) => d && changedHere(d)} /> : null}
          <Details detail={detail} />
        </div>
      </div>
      <ConfirmBar detail={detail} onConfirmed={changedHere} />
    </div>
  );
}

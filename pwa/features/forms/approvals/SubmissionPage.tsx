// /forms/s/:id — one submission: header, the answers, the flow as a timeline, the full history, and the
// actions the caller may take now in a bar at the bottom. Reloads live when the submission changes.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, newIdempotencyKey } from '../../../api/client';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatDateTime } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Avatar, ButtonLink, Card, EmptyState, Icon, LoadingBlock, toast } from '../../../ui';
import { AnswersView } from '../renderer/AnswersView';
import { ActionBar } from './ActionBar';
import { ActionDialog, type DialogAction } from './ActionDialogs';
import { approvalsApi, pdfUrl, type ActionType, type SubmissionDetail } from './api-approvals';
import { retryMinutes } from './approvals-format';
import { approvalsChanged, approvalsVersion, lastChangedIds, refreshApprovalCounts } from './approvals-state';
import { FlowTimeline } from './FlowTimeline';
import { FormIcon, StatusChip } from './FormBits';
import { HistoryList } from './HistoryList';

function Header({ detail }: { detail: SubmissionDetail }) {
  const current = detail.currentStep !== null ? detail.steps.find((s) => s.index === detail.currentStep) : undefined;
  const waiting = current?.tasks.filter((x) => x.status === 'pending').map((x) => x.person.displayName) ?? [];
  return (
    <section class="card appr-head" aria-labelledby="appr-title">
      <div class="appr-head-form">
        <FormIcon icon={detail.formIcon} size="sm" />
        <span class="ellipsis">{detail.formName}</span>
        <span class="mono xsmall muted nowrap">{t('forms.approvals.serial', { serial: detail.serial })}</span>
      </div>
      <h1 id="appr-title" class="appr-head-title">
        {detail.title}
      </h1>
      <div class="appr-head-status">
        <StatusChip status={detail.status} />
        {detail.status === 'running' && current ? (
          <span class="small text-2">
            {current.name}
            {waiting.length ? ` · ${t('forms.approvals.waitingFor', { names: waiting.join(t('forms.approvals.nameSeparator')) })}` : ''}
          </span>
        ) : null}
      </div>
      <div class="appr-head-person">
        <Avatar name={detail.initiator.displayName} />
        <div class="grow">
          <div class="strong">{detail.initiator.displayName}</div>
          <div class="xsmall muted">
            {detail.initiator.departmentName ? `${detail.initiator.departmentName} · ` : ''}
            {t('forms.approvals.submittedAt', { time: formatDateTime(detail.createdAt) })}
          </div>
        </div>
      </div>
      <div class="appr-head-links">
        <a class="btn btn-ghost btn-sm" href={pdfUrl(detail.id)} target="_blank" rel="noopener">
          <Icon name="printer" size={18} />
          <span class="btn-label">{t('forms.approvals.print')}</span>
        </a>
        {detail.archivedFileId ? (
          <ButtonLink href={`/files/p/${encodeURIComponent(detail.archivedFileId)}`} variant="ghost" size="sm" icon="folder">
            {t('forms.approvals.archived')}
          </ButtonLink>
        ) : null}
      </div>
    </section>
  );
}

export default function SubmissionPage({ id }: RouteProps & { id?: string }) {
  const submissionId = id ?? '';
  const [detail, setDetail] = useState<SubmissionDetail | null>(null);
  const [error, setError] = useState<{ text: string; missing: boolean } | null>(null);
  const [dialog, setDialog] = useState<DialogAction | null>(null);
  const [urging, setUrging] = useState(false);
  const request = useRef(0);
  usePageTitle(detail?.title ?? t('forms.approvals.detailTitle'));

  const load = () => {
    const mine = ++request.current;
    approvalsApi
      .detail(submissionId)
      .then((d) => {
        if (mine !== request.current) return;
        setDetail(d);
        setError(null);
        // Opening a cc'd submission marks it read on the server: the badge follows.
        void refreshApprovalCounts();
      })
      .catch((e) => {
        if (mine !== request.current) return;
        setError({ text: errorText(e), missing: e instanceof ApiError && e.status === 404 });
      });
  };

  useEffect(() => {
    setDetail(null);
    setError(null);
    load();
  }, [submissionId]);

  const version = approvalsVersion.value;
  const firstVersion = useRef(version);
  useEffect(() => {
    if (version === firstVersion.current) return;
    const ids = lastChangedIds.value;
    if (!ids || ids.has(submissionId)) load();
  }, [version]);

  const acted = (d: SubmissionDetail, type: ActionType) => {
    request.current++;
    setDetail(d);
    setDialog(null);
    toast(t(`forms.approvals.action.done.${type}`), 'success');
    approvalsChanged({ submissionId: d.id });
  };

  const urge = async () => {
    setUrging(true);
    try {
      const d = await approvalsApi.act(submissionId, { type: 'urge' }, newIdempotencyKey());
      acted(d, 'urge');
    } catch (e) {
      if (e instanceof ApiError && (e.code === 'APPROVAL_URGE_TOO_SOON' || e.status === 429)) toast(t('forms.approvals.urgeWait', { n: retryMinutes(e.extras) }), 'warning');
      else toast(errorText(e), 'danger');
    } finally {
      setUrging(false);
    }
  };

  const onAction = (a: ActionType) => {
    if (a === 'urge') void urge();
    else setDialog(a);
  };

  if (error && !detail) {
    return (
      <div class="page">
        <a class="appr-back" href="/forms">
          <Icon name="chevronRight" size={16} class="flip" />
          {t('forms.approvals.back')}
        </a>
        {error.missing ? (
          <EmptyState icon="search" title={t('forms.approvals.notFound')} description={t('forms.approvals.notFoundText')} />
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

  return (
    <div class="page appr-detail">
      <a class="appr-back" href="/forms">
        <Icon name="chevronRight" size={16} class="flip" />
        {t('forms.approvals.back')}
      </a>
      <Header detail={detail} />
      <div class="appr-detail-grid">
        <div class="stack">
          <Card title={t('forms.approvals.answers')}>
            <AnswersView schema={detail.schema} answers={detail.answers} refs={detail.refs} submissionId={detail.id} />
          </Card>
          <Card title={t('forms.approvals.historyTitle')} class="appr-history-card">
            <HistoryList detail={detail} />
          </Card>
        </div>
        <Card title={t('forms.approvals.flow')} class="appr-flow-card">
          <FlowTimeline detail={detail} />
        </Card>
      </div>
      <ActionBar detail={detail} onAction={onAction} urging={urging} />
      <ActionDialog type={dialog} detail={detail} onClose={() => setDialog(null)} onDone={(d) => acted(d, dialog ?? 'comment')} />
    </div>
  );
}

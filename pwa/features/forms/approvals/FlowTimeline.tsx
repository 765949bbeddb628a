// The approval flow as a vertical timeline: 发起 → each step (mode, approvers, decisions, comments,
// signatures, delegates, automatic approvals) → the outcome.
import { t, tMaybe } from '../../../i18n';
import { formatDateTime, formatRelative } from '../../../i18n/format';
import { Avatar, Badge } from '../../../ui';
import { signatureUrl, type StepView, type SubmissionDetail, type TaskView } from './api-approvals';
import { STATUS_TONE, TASK_TONE, signatureHistoryId } from './approvals-format';
import { OnBehalf } from './FormBits';

function Time({ at }: { at: string }) {
  return (
    <time class="flow-time" dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at)}
    </time>
  );
}

function TaskRow({ detail, step, task }: { detail: SubmissionDetail; step: StepView; task: TaskView }) {
  const sig = signatureHistoryId(detail.history, step, task);
  const cc = step.kind === 'cc';
  // A copy step has no decisions: it was sent, is still to come, or was skipped (then no badge at all).
  const label = cc
    ? step.status === 'done'
      ? t('forms.approvals.task.ccDone')
      : step.status === 'cancelled'
        ? null
        : t('forms.approvals.task.ccWaiting')
    : (tMaybe(`forms.approvals.task.${task.status}`) ?? task.status);
  const tone = cc ? (step.status === 'done' ? 'success' : 'neutral') : TASK_TONE[task.status];
  const addedBy = task.addedBy ? (detail.refs.people[task.addedBy] ?? null) : null;
  return (
    <li class={`flow-task flow-task-${task.status}`}>
      <Avatar name={task.person.displayName} />
      <div class="flow-task-main">
        <div class="flow-task-top">
          <span class="flow-person">{task.person.displayName}</span>
          {task.person.departmentName ? <span class="flow-dept ellipsis">{task.person.departmentName}</span> : null}
          {label ? <Badge tone={tone}>{label}</Badge> : null}
          {task.decidedAt ? <Time at={task.decidedAt} /> : null}
        </div>
        {task.onBehalfOf ? <OnBehalf name={task.onBehalfOf.displayName} /> : null}
        {task.autoReason ? <p class="flow-note">{t(`forms.approvals.auto.${task.autoReason}`)}</p> : null}
        {addedBy ? <p class="flow-note">{t('forms.approvals.task.addedBy', { name: addedBy })}</p> : null}
        {task.comment ? <p class="flow-comment">{task.comment}</p> : null}
        {sig !== null ? (
          <a class="flow-sig" href={signatureUrl(detail.id, sig)} target="_blank" rel="noopener">
            <img src={signatureUrl(detail.id, sig)} alt={t('forms.approvals.signatureOf', { name: task.person.displayName })} loading="lazy" />
          </a>
        ) : null}
      </div>
    </li>
  );
}

export function FlowTimeline({ detail }: { detail: SubmissionDetail }) {
  const submitted = [...detail.history].reverse().find((h) => h.type === 'submitted' || h.type === 'resubmitted');
  const finished = detail.status !== 'running' && detail.finishedAt;
  return (
    <ol class="flow" aria-label={t('forms.approvals.flow')}>
      <li class="flow-node flow-node-done">
        <span class="flow-dot" aria-hidden="true" />
        <div class="flow-body">
          <div class="flow-head">
            <span class="flow-step">{submitted?.type === 'resubmitted' ? t('forms.approvals.flowResubmitted') : t('forms.approvals.flowStart')}</span>
            <Time at={submitted?.at ?? detail.createdAt} />
          </div>
          <ul class="flow-tasks">
            <li class="flow-task">
              <Avatar name={detail.initiator.displayName} />
              <div class="flow-task-main">
                <div class="flow-task-top">
                  <span class="flow-person">{detail.initiator.displayName}</span>
                  {detail.initiator.departmentName ? <span class="flow-dept ellipsis">{detail.initiator.departmentName}</span> : null}
                </div>
              </div>
            </li>
          </ul>
        </div>
      </li>
      {detail.steps.map((step) => {
        const state = step.status;
        return (
          <li key={step.index} class={`flow-node flow-node-${state}`} aria-current={state === 'active' ? 'step' : undefined}>
            <span class="flow-dot" aria-hidden="true" />
            <div class="flow-body">
              <div class="flow-head">
                <span class="flow-step">{step.name}</span>
                {step.kind === 'cc' ? (
                  <Badge>{t('forms.approvals.mode.cc')}</Badge>
                ) : step.tasks.length > 1 ? (
                  <Badge tone="primary" title={t(`forms.approvals.modeHint.${step.mode}`)}>
                    {t(`forms.approvals.mode.${step.mode}`)}
                  </Badge>
                ) : null}
                {state === 'active' ? <span class="flow-now">{t('forms.approvals.stepActive')}</span> : null}
                {state === 'cancelled' ? <span class="flow-now muted">{t('forms.approvals.stepCancelled')}</span> : null}
              </div>
              {step.tasks.length ? (
                <ul class="flow-tasks">
                  {step.tasks.map((task) => (
                    <TaskRow key={task.id} detail={detail} step={step} task={task} />
                  ))}
                </ul>
              ) : (
                <p class="flow-note">{t('forms.approvals.noApprovers')}</p>
              )}
            </div>
          </li>
        );
      })}
      {finished ? (
        <li class={`flow-node flow-node-end flow-end-${STATUS_TONE[detail.status]}`}>
          <span class="flow-dot" aria-hidden="true" />
          <div class="flow-body">
            <div class="flow-head">
              <span class="flow-step">{t(`forms.approvals.outcome.${detail.status}`)}</span>
              <Time at={detail.finishedAt!} />
            </div>
          </div>
        </li>
      ) : null}
    </ol>
  );
}

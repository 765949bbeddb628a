// The confirm sheet before submitting: who will approve, step by step (and who is copied), with the steps that
// approve automatically marked — so nobody submits to the wrong person by surprise.
import type { RoutePreview } from '../../../../server/modules/forms/forms.dto';
import { t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { Alert, Avatar, Badge, Button, Dialog, LoadingBlock } from '../../../ui';

type Step = RoutePreview['steps'][number];

function modeText(step: Step): string {
  if (step.kind === 'cc') return t('forms.fill.modeCc');
  if (step.people.length < 2) return t('forms.fill.modeSingle');
  return step.mode === 'all' ? t('forms.fill.modeAll') : step.mode === 'any' ? t('forms.fill.modeAny') : t('forms.fill.modeSequential');
}

function autoText(auto: Step['people'][number]['auto']): string | null {
  if (auto === 'initiator') return t('forms.fill.autoInitiator');
  if (auto === 'repeat') return t('forms.fill.autoRepeat');
  if (auto === 'fallback') return t('forms.fill.autoFallback');
  return null;
}

export function RoutePreviewSheet({
  open,
  preview,
  error,
  submitting,
  onConfirm,
  onClose,
}: {
  open: boolean;
  preview: RoutePreview | null;
  error: unknown;
  submitting: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const approvals = preview?.steps.filter((s) => s.kind === 'approve') ?? [];
  return (
    <Dialog
      open={open}
      onClose={() => !submitting && onClose()}
      title={t('forms.fill.confirmTitle')}
      description={preview ? (approvals.length ? t('forms.fill.confirmDesc') : t('forms.fill.confirmNoApproval')) : undefined}
      footer={
        <>
          <Button variant="ghost" onClick={onClose} disabled={submitting}>
            {t('forms.fill.backToEdit')}
          </Button>
          <Button variant="primary" onClick={onConfirm} loading={submitting} disabled={!preview && !error}>
            {t('forms.fill.confirmSubmit')}
          </Button>
        </>
      }
    >
      {error ? (
        <Alert tone="warning" title={t('forms.fill.previewFailed')}>
          {errorText(error)}
        </Alert>
      ) : null}
      {!preview && !error ? <LoadingBlock /> : null}
      {preview && preview.steps.length ? (
        <ol class="rp-steps">
          {preview.steps.map((step, i) => (
            <li key={i} class={`rp-step ${step.kind === 'cc' ? 'rp-step-cc' : ''}`}>
              <span class="rp-dot" aria-hidden="true">
                {step.kind === 'cc' ? t('forms.fill.ccMark') : approvals.indexOf(step) + 1}
              </span>
              <div class="rp-body">
                <div class="rp-head">
                  <span class="rp-name">{step.name}</span>
                  <Badge tone={step.kind === 'cc' ? 'neutral' : 'primary'}>{modeText(step)}</Badge>
                </div>
                {step.people.length ? (
                  <ul class="rp-people">
                    {step.people.map((p) => {
                      const auto = autoText(p.auto);
                      return (
                        <li key={p.id} class="rp-person">
                          <Avatar name={p.displayName} />
                          <span class="rp-person-text">
                            <span class="rp-person-name">{p.displayName}</span>
                            {p.departmentName ? <span class="rp-person-dept">{p.departmentName}</span> : null}
                          </span>
                          {auto ? <Badge tone={p.auto === 'fallback' ? 'warning' : 'success'}>{auto}</Badge> : null}
                        </li>
                      );
                    })}
                  </ul>
                ) : (
                  <p class="small muted">{t('forms.fill.nobody')}</p>
                )}
              </div>
            </li>
          ))}
        </ol>
      ) : null}
    </Dialog>
  );
}

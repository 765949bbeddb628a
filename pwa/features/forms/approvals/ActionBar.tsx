// The bar at the bottom of a submission with what the caller may do now (`allowed` from the server):
// the common actions as buttons, the rest in a "更多" sheet; 重新提交 when it came back to the initiator.
import { useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { useIsDesktop } from '../../../layout/use-media';
import { Button, ButtonLink, Dialog, Icon, type IconName } from '../../../ui';
import type { ActionType, SubmissionDetail } from './api-approvals';
import { arrangeActions } from './approvals-format';

export const ACTION_ICON: Record<ActionType, IconName> = {
  approve: 'check',
  reject: 'close',
  return: 'undo',
  transfer: 'forward',
  addSigner: 'userPlus',
  comment: 'chat',
  withdraw: 'undo',
  urge: 'bell',
};

const VARIANT: Partial<Record<ActionType, 'primary' | 'danger-ghost' | 'secondary'>> = {
  approve: 'primary',
  reject: 'danger-ghost',
  withdraw: 'danger-ghost',
};

export function ActionBar({ detail, onAction, urging }: { detail: SubmissionDetail; onAction: (a: ActionType) => void; urging: boolean }) {
  const [moreOpen, setMoreOpen] = useState(false);
  const desktop = useIsDesktop();
  const { primary, more } = arrangeActions(detail.allowed);
  if (!primary.length && !more.length && !detail.canResubmit) return null;
  return (
    <div class="sticky-actions appr-actionbar" role="toolbar" aria-label={t('forms.approvals.actionsLabel')}>
      {desktop
        ? more.map((a) => (
            <Button key={a} variant={a === 'withdraw' ? 'danger-ghost' : 'ghost'} icon={ACTION_ICON[a]} loading={a === 'urge' && urging} onClick={() => onAction(a)}>
              {t(`forms.approvals.action.label.${a}`)}
            </Button>
          ))
        : null}
      {more.length && !desktop ? (
        <Button variant="ghost" icon="more" onClick={() => setMoreOpen(true)} aria-haspopup="dialog">
          {t('forms.approvals.more')}
        </Button>
      ) : null}
      <span class="grow" />
      {detail.canResubmit ? (
        <ButtonLink href={`/forms/s/${encodeURIComponent(detail.id)}/edit`} variant={primary.length ? 'secondary' : 'primary'} icon="edit">
          {t('forms.approvals.action.resubmit')}
        </ButtonLink>
      ) : null}
      {primary.map((a) => (
        <Button key={a} variant={VARIANT[a] ?? 'secondary'} icon={ACTION_ICON[a]} loading={a === 'urge' && urging} onClick={() => onAction(a)} class="appr-action-btn">
          {t(`forms.approvals.action.label.${a}`)}
        </Button>
      ))}
      <Dialog open={moreOpen} onClose={() => setMoreOpen(false)} title={t('forms.approvals.moreActions')}>
        <ul class="appr-menu">
          {more.map((a) => (
            <li key={a}>
              <button
                type="button"
                class={`appr-menu-link ${a === 'withdraw' ? 'danger-text' : ''}`}
                onClick={() => {
                  setMoreOpen(false);
                  onAction(a);
                }}
              >
                <Icon name={ACTION_ICON[a]} />
                <span class="grow">{t(`forms.approvals.action.label.${a}`)}</span>
              </button>
            </li>
          ))}
        </ul>
      </Dialog>
    </div>
  );
}

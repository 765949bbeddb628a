// A form's status as chips: 草稿, 已发布 vN (+ 有未发布修改), 已停用.
import { t } from '../../../i18n';
import { Badge } from '../../../ui';

export function StatusChips({ status, publishedVersion, draftChanged }: { status: string; publishedVersion: number | null; draftChanged: boolean }) {
  if (status === 'archived') return <Badge tone="neutral">{t('forms.builder.status.archived')}</Badge>;
  if (publishedVersion === null) return <Badge tone="warning">{t('forms.builder.status.draft')}</Badge>;
  return (
    <span class="fb-chips">
      <Badge tone="success">{t('forms.builder.status.published', { n: publishedVersion })}</Badge>
      {draftChanged ? <Badge tone="warning">{t('forms.builder.status.changed')}</Badge> : null}
    </span>
  );
}

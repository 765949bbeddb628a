// 我的审批 on the home page: what waits for the caller, what they started, what came back, what was cc'd.
import { t, type MessageKey } from '../../../i18n';
import { Card, Icon } from '../../../ui';
import type { ApprovalCounts } from './api-approvals';
import { useApprovalCounts } from './approvals-state';
import '../forms.css';

const TILES: { key: keyof ApprovalCounts; label: MessageKey; href: string; tone: string }[] = [
  { key: 'todo', label: 'home.approvals.todo', href: '/forms', tone: 'appr-stat-primary' },
  { key: 'mine', label: 'home.approvals.mine', href: '/forms?box=mine&status=running', tone: '' },
  { key: 'returned', label: 'home.approvals.returned', href: '/forms?box=mine&status=returned', tone: 'appr-stat-warning' },
  { key: 'ccUnread', label: 'home.approvals.ccUnread', href: '/forms?box=cc', tone: '' },
];

export function HomeApprovalsCard() {
  const counts = useApprovalCounts();
  return (
    <Card
      title={t('home.approvals.title')}
      actions={
        <a href="/forms" class="link-more">
          {t('home.approvals.open')}
          <Icon name="chevronRight" size={16} />
        </a>
      }
    >
      <ul class="appr-stats">
        {TILES.map((tile) => {
          const n = counts?.[tile.key];
          return (
            <li key={tile.key}>
              <a href={tile.href} class={`appr-stat ${n ? tile.tone : ''}`}>
                <span class="appr-stat-num">{n ?? '–'}</span>
                <span class="appr-stat-label">{t(tile.label)}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

// The modules of the office: those already here are links; the ones arriving later are calm cards with a
// small badge saying they are on the way.
import { t, type MessageKey } from '../../i18n';
import { Badge, CountBubble, Icon, type IconName } from '../../ui';
import { approvalCounts } from '../forms/approvals/approvals-state';
import { noticeCounts } from '../notices/notices-state';

const MODULES: { id: string; icon: IconName; name: MessageKey; desc: MessageKey; href?: string }[] = [
  { id: 'docs', icon: 'folder', name: 'home.modules.docs', desc: 'home.modules.docsDesc', href: '/files' },
  { id: 'approvals', icon: 'stamp', name: 'home.modules.approvals', desc: 'home.modules.approvalsDesc', href: '/forms' },
  { id: 'notices', icon: 'megaphone', name: 'home.modules.notices', desc: 'home.modules.noticesDesc', href: '/notices' },
  { id: 'meetings', icon: 'video', name: 'home.modules.meetings', desc: 'home.modules.meetingsDesc', href: '/meetings' },
  { id: 'tasks', icon: 'checklist', name: 'home.modules.tasks', desc: 'home.modules.tasksDesc' },
  { id: 'chat', icon: 'chat', name: 'home.modules.chat', desc: 'home.modules.chatDesc' },
];

export function ModuleGrid() {
  // 待我审批 on the approvals tile (HomeApprovalsCard on the same page loads and refreshes the counts).
  const todo = approvalCounts.value?.todo ?? 0;
  // 未读 on the notices tile (HomeNoticesCard loads and refreshes the counts).
  const unreadNotices = noticeCounts.value?.unread ?? 0;
  return (
    <ul class="module-grid" aria-label={t('home.modulesTitle')}>
      {MODULES.map((m) => {
        const body = (
          <>
            <span class="module-icon" aria-hidden="true">
              <Icon name={m.icon} size={22} />
            </span>
            <span class="module-text">
              <span class="module-name">
                {t(m.name)}
                {m.href ? null : <Badge tone="neutral">{t('home.comingSoon')}</Badge>}
                {m.id === 'approvals' ? <CountBubble count={todo} label={t('forms.approvals.todoCount', { n: todo })} /> : null}
                {m.id === 'notices' ? <CountBubble count={unreadNotices} label={t('notices.unreadCount', { n: unreadNotices })} /> : null}
              </span>
              <span class="module-desc">{t(m.desc)}</span>
            </span>
          </>
        );
        return (
          <li key={m.id} class="module-item">
            {m.href ? (
              <a href={m.href} class={`module-card module-link module-${m.id}`}>
                {body}
              </a>
            ) : (
              <div class={`module-card module-${m.id}`}>{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

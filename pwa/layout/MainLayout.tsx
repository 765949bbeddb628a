import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { t } from '../i18n';
import { AppShell, Avatar, CountBubble, Icon, type NavItem } from '../ui';
import { useApprovalCounts } from '../features/forms/approvals/approvals-state';
import { useNoticeCounts } from '../features/notices/notices-state';
import { unreadCount } from '../state/inbox';
import { isAdmin, me } from '../state/session-signals';
import { OfflineBanner } from './OfflineBanner';
import { pageTitle } from './page-title';

function InboxBell() {
  const n = unreadCount.value;
  const label = n > 0 ? t('inbox.bellUnread', { n }) : t('inbox.bell');
  return (
    <a href="/inbox" class="icon-btn bell" aria-label={label} title={label}>
      <Icon name="bell" size={22} />
      {n > 0 ? (
        <span class="bell-dot" aria-hidden="true">
          {n > 99 ? '99+' : n}
        </span>
      ) : null}
    </a>
  );
}

function UserChip() {
  const user = me.value?.user;
  if (!user) return null;
  return (
    <a href="/profile" class="user-chip">
      <Avatar name={user.displayName} />
      <span class="grow">
        <span class="user-chip-name ellipsis">{user.displayName}</span>
        <span class="user-chip-sub ellipsis">{user.departmentName ?? user.username}</span>
      </span>
    </a>
  );
}

export function MainLayout({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  const unread = unreadCount.value;
  const todo = useApprovalCounts()?.todo ?? 0;
  const notices = useNoticeCounts()?.unread ?? 0;
  const nav: NavItem[] = [
    { href: '/', label: t('nav.home'), icon: 'home' },
    {
      href: '/inbox',
      label: t('nav.inbox'),
      icon: 'inbox',
      extra: <CountBubble count={unread} label={t('inbox.unreadCount', { n: unread })} />,
    },
    {
      href: '/notices',
      label: t('notices.nav'),
      icon: 'megaphone',
      extra: <CountBubble count={notices} label={t('notices.unreadCount', { n: notices })} />,
    },
    { href: '/meetings', label: t('meetings.nav'), icon: 'video' },
    {
      href: '/forms',
      label: t('nav.forms'),
      icon: 'stamp',
      extra: <CountBubble count={todo} label={t('forms.approvals.todoCount', { n: todo })} />,
    },
    { href: '/files', label: t('nav.files'), icon: 'folder' },
    ...(isAdmin.value ? [{ href: '/admin', label: t('nav.admin'), icon: 'shield' as const }] : []),
    { href: '/profile', label: t('nav.profile'), icon: 'user' },
  ];
  return (
    <AppShell
      brand={t('app.name')}
      subtitle={me.value?.school.name}
      nav={nav}
      path={path}
      title={pageTitle.value || t('app.name')}
      navLabel={t('nav.label')}
      skipLabel={t('nav.skip')}
      headerActions={<InboxBell />}
      sidebarFooter={<UserChip />}
      banner={<OfflineBanner />}
    >
      {children}
    </AppShell>
  );
}


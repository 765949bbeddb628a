// Home: greeting, recent messages, the modules of the office.
import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '../../i18n';
import { formatLongDate, schoolHour } from '../../i18n/format';
import { usePageTitle } from '../../layout/page-title';
import type { RouteProps } from '../../layout/routing';
import { inboxItems, loadInbox, unreadCount } from '../../state/inbox';
import { isAdmin, me, permissions } from '../../state/session-signals';
import { ADMIN_SECTIONS } from '../admin/admin-sections';
import { Card, EmptyState, Icon, LoadingBlock } from '../../ui';
import { HomeApprovalsCard } from '../forms/approvals/HomeApprovalsCard';
import { HomeNoticesCard } from '../notices/home/HomeNoticesCard';
import { InboxItemRow } from '../inbox/InboxItemRow';
import { ModuleGrid } from './ModuleGrid';

const SHORTCUTS: string[] = ['people', 'import', 'org', 'audit'];

function greetingKey(hour: number): MessageKey {
  if (hour < 5) return 'home.greeting.night';
  if (hour < 9) return 'home.greeting.morning';
  if (hour < 12) return 'home.greeting.forenoon';
  if (hour < 14) return 'home.greeting.noon';
  if (hour < 18) return 'home.greeting.afternoon';
  return 'home.greeting.evening';
}

function RecentInbox() {
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!inboxItems.value) loadInbox().catch(() => setFailed(true));
  }, []);
  const items = inboxItems.value;
  return (
    <Card
      title={t('home.recent')}
      description={unreadCount.value > 0 ? t('home.unreadSummary', { n: unreadCount.value }) : t('home.allRead')}
      actions={
        <a href="/inbox" class="link-more">
          {t('home.viewAll')}
          <Icon name="chevronRight" size={16} />
        </a>
      }
      flush
    >
      {!items && !failed ? <LoadingBlock /> : null}
      {failed && !items ? <p class="card-pad muted small">{t('errors.NETWORK')}</p> : null}
      {items && items.length === 0 ? <EmptyState icon="inbox" title={t('inbox.emptyTitle')} description={t('inbox.emptyText')} /> : null}
      {items && items.length > 0 ? (
        <ul class="inbox-list">
          {items.slice(0, 5).map((item) => (
            <li key={item.id}>
              <a href="/inbox" class="inbox-link">
                <InboxItemRow item={item} compact />
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

function AdminShortcuts() {
  // The shortcuts a person may actually open (a principal sees no import, a department head no audit log).
  const links = ADMIN_SECTIONS.filter((s) => SHORTCUTS.includes(s.slug) && permissions.value.has(s.permission)).map((s) => ({
    href: `/admin/${s.slug}`,
    icon: s.icon,
    label: t(s.label),
  }));
  if (!links.length) return null;
  return (
    <Card title={t('home.adminShortcuts')}>
      <div class="shortcut-grid">
        {links.map((l) => (
          <a key={l.href} href={l.href} class="shortcut">
            <Icon name={l.icon} />
            <span>{l.label}</span>
          </a>
        ))}
      </div>
    </Card>
  );
}

export default function HomePage(_: RouteProps) {
  usePageTitle(t('nav.home'));
  const user = me.value?.user;
  const now = new Date();
  return (
    <div class="page">
      <section class="hero" aria-labelledby="greeting">
        <p class="hero-date">{formatLongDate(now)}</p>
        <h1 id="greeting" class="hero-title">
          {t(greetingKey(schoolHour(now)), { name: user?.displayName ?? '' })}
        </h1>
        <p class="hero-sub">
          {me.value?.school.name}
          {user?.departmentName ? ` · ${user.departmentName}` : ''}
          {user?.positionName ? ` · ${user.positionName}` : ''}
        </p>
      </section>
      <div class="home-grid">
        <div class="stack">
          <HomeNoticesCard />
          <HomeApprovalsCard />
          <RecentInbox />
          {isAdmin.value ? <AdminShortcuts /> : null}
        </div>
        <section class="stack-sm" aria-labelledby="modules-title">
          <div class="section-head">
            <h2 id="modules-title">{t('home.modulesTitle')}</h2>
            <p class="small muted">{t('home.modulesHint')}</p>
          </div>
          <ModuleGrid />
        </section>
      </div>
    </div>
  );
}

// /notices — 通知公告: my notices in tabs (全部 / 未读 / 待确认 / 已过期) with counts, category chips, pinned first.
// The tab and category live in the URL so "back" from a notice returns to the same list. Publishers get 发布通知
// and 我发布的; on a desktop a side column shows the counts and the publisher's latest notices.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { NOTICE_CATEGORIES } from '../../../../server/modules/notices/notices.dto';
import { t } from '../../../i18n';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { ButtonLink, Card, CountBubble, Icon, Tabs } from '../../../ui';
import { noticesApi, type NoticeCategory, type NoticeSummary, type PublishScope } from '../api-notices';
import { ProgressBars, StatusBadge } from '../NoticeBits';
import { publishScope, useNoticeCounts } from '../notices-state';
import { NoticeList, type MyFilter } from './NoticeList';

const FILTERS: readonly MyFilter[] = ['all', 'unread', 'unconfirmed', 'expired'];
const isFilter = (v: string | undefined): v is MyFilter => !!v && (FILTERS as readonly string[]).includes(v);
const isCategory = (v: string | undefined): v is NoticeCategory => !!v && (NOTICE_CATEGORIES as readonly string[]).includes(v);

export function listUrl(filter: MyFilter, category?: NoticeCategory): string {
  const q = new URLSearchParams();
  if (filter !== 'all') q.set('filter', filter);
  if (category) q.set('category', category);
  const s = q.toString();
  return s ? `/notices?${s}` : '/notices';
}

function CategoryChips({ value, onChange }: { value: NoticeCategory | undefined; onChange: (c: NoticeCategory | undefined) => void }) {
  const chips: { id: NoticeCategory | undefined; label: string }[] = [
    { id: undefined, label: t('notices.category.all') },
    ...NOTICE_CATEGORIES.map((c) => ({ id: c, label: t(`notices.category.${c}`) })),
  ];
  return (
    <div class="nt-chips" role="group" aria-label={t('notices.categoryFilter')}>
      {chips.map((c) => (
        <button key={c.id ?? 'all'} type="button" class={`nt-chip ${value === c.id ? 'is-on' : ''}`} aria-pressed={value === c.id} onClick={() => onChange(c.id)}>
          {c.label}
        </button>
      ))}
    </div>
  );
}

/** The publisher's latest notices with their progress (desktop side column). */
function MyLatest() {
  const [items, setItems] = useState<NoticeSummary[] | null>(null);
  useEffect(() => {
    noticesApi
      .managed({ scope: 'mine', limit: 4 })
      .then((p) => setItems(p.items))
      .catch(() => setItems([]));
  }, []);
  if (!items || !items.length) return null;
  return (
    <Card
      title={t('notices.manage.title')}
      actions={
        <a href="/notices/manage" class="link-more">
          {t('home.viewAll')}
          <Icon name="chevronRight" size={16} />
        </a>
      }
    >
      <ul class="nt-mini">
        {items.map((n) => (
          <li key={n.id}>
            <a href={n.status === 'draft' || n.status === 'scheduled' ? `/notices/${n.id}/edit` : `/notices/${n.id}/roster`} class="nt-mini-link">
              <span class="nt-mini-top">
                <span class="ellipsis grow">{n.title}</span>
                <StatusBadge status={n.status} expired={n.expired} />
              </span>
              {n.stats && n.status !== 'draft' && n.status !== 'scheduled' ? <ProgressBars stats={n.stats} mode={n.confirmMode} /> : null}
            </a>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export default function NoticesHome(_: RouteProps) {
  usePageTitle(t('notices.title'));
  const { query, route } = useLocation();
  const filter: MyFilter = isFilter(query.filter) ? query.filter : 'all';
  const category = isCategory(query.category) ? query.category : undefined;
  const counts = useNoticeCounts();
  const [scope, setScope] = useState<PublishScope | null>(null);
  useEffect(() => {
    publishScope()
      .then(setScope)
      .catch(() => undefined);
  }, []);

  const tabLabel = (f: MyFilter) => {
    const n = f === 'unread' ? (counts?.unread ?? 0) : f === 'unconfirmed' ? (counts?.unconfirmed ?? 0) : 0;
    return (
      <span class="nt-tab">
        {t(`notices.filter.${f}`)}
        <CountBubble count={n} label={f === 'unread' ? t('notices.unreadCount', { n }) : t('notices.unconfirmedCount', { n })} />
      </span>
    );
  };

  return (
    <div class="page nt-home">
      <div class="page-head">
        <div>
          <h1>{t('notices.title')}</h1>
          <p>{t('notices.subtitle')}</p>
        </div>
        {scope?.canPublish ? (
          <div class="nt-head-actions">
            <ButtonLink href="/notices/manage" variant="ghost" icon="list">
              {t('notices.manage.title')}
            </ButtonLink>
            <ButtonLink href="/notices/new" variant="primary" icon="plus">
              {t('notices.compose.new')}
            </ButtonLink>
          </div>
        ) : null}
      </div>
      <div class="nt-home-grid">
        <section class="stack nt-home-main" aria-label={t('notices.listLabel')}>
          <Tabs label={t('notices.filterLabel')} value={filter} onChange={(f) => route(listUrl(f as MyFilter, category), true)} items={FILTERS.map((f) => ({ id: f, label: tabLabel(f) }))} />
          <CategoryChips value={category} onChange={(c) => route(listUrl(filter, c), true)} />
          <NoticeList filter={filter} category={category} label={t(`notices.filter.${filter}`)} />
        </section>
        <aside class="stack nt-home-side">
          <Card title={t('notices.overview')}>
            <ul class="nt-stats">
              <li>
                <a href={listUrl('unread')} class={`nt-stat ${counts?.unread ? 'nt-stat-primary' : ''}`}>
                  <span class="nt-stat-num">{counts?.unread ?? '–'}</span>
                  <span class="nt-stat-label">{t('notices.filter.unread')}</span>
                </a>
              </li>
              <li>
                <a href={listUrl('unconfirmed')} class={`nt-stat ${counts?.unconfirmed ? 'nt-stat-warning' : ''}`}>
                  <span class="nt-stat-num">{counts?.unconfirmed ?? '–'}</span>
                  <span class="nt-stat-label">{t('notices.filter.unconfirmed')}</span>
                </a>
              </li>
            </ul>
          </Card>
          {scope?.canPublish ? <MyLatest /> : null}
        </aside>
      </div>
    </div>
  );
}

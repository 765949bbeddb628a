// 通知公告 on the home page: unread and to-confirm counts, and the newest pinned or urgent notices (topped up with
// the newest others). Refreshes when a notice arrives or changes.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n';
import { formatRelative } from '../../../i18n/format';
import { Card, Icon } from '../../../ui';
import { noticesApi, type NoticeSummary } from '../api-notices';
import { awaitsConfirmation, homePicks, isUnread } from '../notices-format';
import { noticesVersion, useNoticeCounts } from '../notices-state';
import { PinMark, UrgencyBadge } from '../NoticeBits';
import '../notices.css';

export function HomeNoticesCard() {
  const counts = useNoticeCounts();
  const [items, setItems] = useState<NoticeSummary[] | null>(null);
  const [failed, setFailed] = useState(false);
  const version = noticesVersion.value;
  useEffect(() => {
    noticesApi.mine({ limit: 20 }).then(
      (p) => {
        setItems(homePicks(p.items, 3));
        setFailed(false);
      },
      () => setFailed(true),
    );
  }, [version]);
  const tiles = [
    { key: 'unread', n: counts?.unread, href: '/notices?filter=unread', label: t('notices.filter.unread'), tone: 'nt-stat-primary' },
    { key: 'unconfirmed', n: counts?.unconfirmed, href: '/notices?filter=unconfirmed', label: t('notices.filter.unconfirmed'), tone: 'nt-stat-warning' },
  ];
  return (
    <Card
      title={t('notices.home.title')}
      class="nt-home-card"
      actions={
        <a href="/notices" class="link-more">
          {t('notices.home.open')}
          <Icon name="chevronRight" size={16} />
        </a>
      }
    >
      <ul class="nt-stats">
        {tiles.map((x) => (
          <li key={x.key}>
            <a href={x.href} class={`nt-stat ${x.n ? x.tone : ''}`}>
              <span class="nt-stat-num">{x.n ?? '–'}</span>
              <span class="nt-stat-label">{x.label}</span>
            </a>
          </li>
        ))}
      </ul>
      {failed && !items ? <p class="small muted">{t('errors.NETWORK')}</p> : null}
      {items && items.length === 0 ? <p class="small muted">{t('notices.home.none')}</p> : null}
      {items && items.length ? (
        <ul class="nt-home-list" aria-label={t('notices.home.latest')}>
          {items.map((n) => (
            <li key={n.id}>
              <a href={`/notices/${encodeURIComponent(n.id)}`} class={`nt-home-item ${isUnread(n) ? 'nt-row-unread' : ''}`}>
                {n.pinned ? <PinMark /> : null}
                <UrgencyBadge urgency={n.urgency} />
                <span class="nt-row-title">{n.title}</span>
                {awaitsConfirmation(n) ? <span class="nt-home-todo">{t('notices.toConfirm')}</span> : null}
                <span class="nt-row-time">{formatRelative(n.publishedAt ?? n.updatedAt)}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}

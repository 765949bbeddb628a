// One notice in a list: marks (pinned, 重要/紧急), title (bold while unread), excerpt, category, author and time,
// and on the right what the reader still has to do.
import { t } from '../../../i18n';
import { formatDateTime, formatRelative } from '../../../i18n/format';
import { Badge, Icon } from '../../../ui';
import type { NoticeSummary } from '../api-notices';
import { awaitsConfirmation, isUnread } from '../notices-format';
import { CategoryTag, PinMark, UrgencyBadge, authorLine } from '../NoticeBits';

export function NoticeRow({ item }: { item: NoticeSummary }) {
  const unread = isUnread(item);
  const waiting = awaitsConfirmation(item);
  const withdrawn = item.status === 'withdrawn';
  const time = item.publishedAt ?? item.updatedAt;
  return (
    <li>
      <a class={`nt-row ${unread ? 'nt-row-unread' : ''} ${withdrawn || item.expired ? 'nt-row-dim' : ''}`} href={`/notices/${encodeURIComponent(item.id)}`}>
        <span class="nt-row-main">
          <span class="nt-row-top">
            {item.pinned ? <PinMark /> : null}
            <UrgencyBadge urgency={item.urgency} />
            <span class="nt-row-title">{item.title}</span>
          </span>
          {item.excerpt ? <span class="nt-row-excerpt">{item.excerpt}</span> : null}
          <span class="nt-row-meta">
            <CategoryTag category={item.category} />
            <span class="nt-row-author ellipsis">{authorLine(item)}</span>
            {item.attachmentCount ? (
              <span class="nt-row-clip" title={t('notices.attachmentCount', { n: item.attachmentCount })}>
                <Icon name="paperclip" size={13} label={t('notices.attachmentCount', { n: item.attachmentCount })} />
                {item.attachmentCount}
              </span>
            ) : null}
            <time class="nt-row-time" dateTime={time} title={formatDateTime(time)}>
              {formatRelative(time)}
            </time>
          </span>
        </span>
        <span class="nt-row-side">
          {withdrawn ? <Badge tone="neutral">{t('notices.status.withdrawn')}</Badge> : null}
          {!withdrawn && item.expired ? <Badge tone="neutral">{t('notices.expiredBadge')}</Badge> : null}
          {waiting ? <Badge tone="primary">{t('notices.toConfirm')}</Badge> : null}
          {!waiting && item.me?.confirmedAt && item.confirmMode !== 'read' ? (
            <span class="nt-row-done">
              <Icon name="check" size={14} />
              {t('notices.confirmedShort')}
            </span>
          ) : null}
          {unread ? <span class="unread-dot" role="img" aria-label={t('notices.unread')} /> : null}
        </span>
      </a>
    </li>
  );
}

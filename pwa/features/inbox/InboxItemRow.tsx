// One inbox entry: unread dot, urgency badge, title, first line of the body, time.
import type { InboxItem, Urgency } from '../../api/types';
import { t } from '../../i18n';
import { formatRelative, formatDateTime } from '../../i18n/format';
import { Badge, type Tone } from '../../ui';

const URGENCY_TONE: Record<Urgency, Tone | null> = { low: null, normal: null, high: 'warning', urgent: 'danger' };

export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  const tone = URGENCY_TONE[urgency];
  if (!tone) return null;
  return <Badge tone={tone}>{t(`inbox.urgency.${urgency}` as 'inbox.urgency.high')}</Badge>;
}

export function InboxItemRow({ item, onOpen, expanded, compact }: { item: InboxItem; onOpen?: (item: InboxItem) => void; expanded?: boolean; compact?: boolean }) {
  const unread = !item.readAt;
  const content = (
    <>
      <span class={unread ? 'unread-dot' : 'unread-dot unread-dot-off'} aria-hidden="true" />
      <span class="inbox-main">
        <span class="inbox-title-row">
          <span class="inbox-title">{item.title}</span>
          <UrgencyBadge urgency={item.urgency} />
        </span>
        {item.body ? <span class={expanded ? 'inbox-body inbox-body-full' : 'inbox-body'}>{item.body}</span> : null}
      </span>
      <time class="inbox-time" dateTime={item.createdAt} title={formatDateTime(item.createdAt)}>
        {formatRelative(item.createdAt)}
      </time>
      {unread ? <span class="sr-only">{t('inbox.unread')}</span> : null}
    </>
  );
  const cls = `inbox-row ${unread ? 'inbox-row-unread' : ''} ${compact ? 'inbox-row-compact' : ''}`;
  if (!onOpen) return <div class={cls}>{content}</div>;
  return (
    <button type="button" class={cls} aria-expanded={expanded} onClick={() => onOpen(item)}>
      {content}
    </button>
  );
}

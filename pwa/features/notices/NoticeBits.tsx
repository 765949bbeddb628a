// Small pieces every notice page shows the same way: category tag, urgency badge, status badge, pin mark,
// progress bars, and the back link.
import { t } from '../../i18n';
import { Badge, Icon } from '../../ui';
import type { NoticeCategory, NoticeStatus, NoticeSummary, NoticeUrgency, RosterCounts } from './api-notices';
import { CATEGORY_TONE, STATUS_TONE, URGENCY_TONE, percent, progressOf } from './notices-format';
import type { ConfirmMode } from './api-notices';

export function CategoryTag({ category }: { category: NoticeCategory }) {
  return <span class={`nt-cat nt-cat-${CATEGORY_TONE[category]}`}>{t(`notices.category.${category}`)}</span>;
}

export function UrgencyBadge({ urgency }: { urgency: NoticeUrgency }) {
  if (urgency === 'normal') return null;
  return (
    <Badge tone={URGENCY_TONE[urgency]}>
      {t(`notices.urgency.${urgency}`)}
    </Badge>
  );
}

export function PinMark() {
  return (
    <span class="nt-pin" title={t('notices.pinned')}>
      <Icon name="pin" size={14} label={t('notices.pinned')} />
    </span>
  );
}

/** 草稿 / 定时 / 已发布 / 已撤回, and 已过期 for a published notice past its expiry. */
export function StatusBadge({ status, expired }: { status: NoticeStatus; expired?: boolean }) {
  if (status === 'published' && expired) return <Badge tone="neutral">{t('notices.expiredBadge')}</Badge>;
  return <Badge tone={STATUS_TONE[status]}>{t(`notices.status.${status}`)}</Badge>;
}

function Bar({ label, part, total, tone }: { label: string; part: number; total: number; tone: string }) {
  const pct = percent(part, total);
  return (
    <div class="nt-bar">
      <span class="nt-bar-label">{label}</span>
      <span
        class={`nt-bar-track nt-bar-${tone}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={part}
        aria-valuetext={t('notices.progressText', { n: part, total, pct })}
      >
        <span style={{ width: `${pct}%` }} />
      </span>
      <span class="nt-bar-num">
        {part}/{total}
      </span>
    </div>
  );
}

/** 已读 and (when the mode asks for it) 已确认 as bars. */
export function ProgressBars({ stats, mode }: { stats: RosterCounts; mode: ConfirmMode }) {
  const p = progressOf(stats, mode);
  return (
    <div class="nt-bars">
      <Bar label={t('notices.roster.read')} part={p.read} total={p.total} tone="primary" />
      {p.confirmed !== null ? <Bar label={t('notices.roster.confirmed')} part={p.confirmed} total={p.total} tone="success" /> : null}
    </div>
  );
}

export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <a class="nt-back" href={href}>
      <Icon name="chevronRight" size={16} class="nt-flip" />
      {label}
    </a>
  );
}

/** The author and the time, as a list row shows them. */
export function authorLine(n: Pick<NoticeSummary, 'author'>): string {
  return n.author.departmentName ? `${n.author.displayName} · ${n.author.departmentName}` : n.author.displayName;
}

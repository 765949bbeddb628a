// /notices/manage — 我发布的: the caller's notices (or, for school-wide publishers, every notice of the school)
// by status — 草稿 / 定时 / 已发布 / 已撤回 / 已过期 — with read and confirm progress; a row opens the roster
// (published) or the editor (draft, scheduled).
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { t } from '../../../i18n';
import { formatDateTime } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Button, ButtonLink, Card, EmptyState, Icon, LoadingBlock, Tabs, toast } from '../../../ui';
import { noticesApi, type ManagedNoticesQuery, type NoticeSummary, type PublishScope } from '../api-notices';
import { noticeErrorText } from '../notices-errors';
import { mergePage } from '../notices-format';
import { noticesVersion, publishScope } from '../notices-state';
import { BackLink, CategoryTag, PinMark, ProgressBars, StatusBadge, UrgencyBadge } from '../NoticeBits';

type StatusFilter = NonNullable<ManagedNoticesQuery['status']> | 'any';
const STATUS_FILTERS: readonly StatusFilter[] = ['any', 'draft', 'scheduled', 'published', 'withdrawn', 'expired'];
const isStatus = (v: string | undefined): v is StatusFilter => !!v && (STATUS_FILTERS as readonly string[]).includes(v);

function manageUrl(status: StatusFilter, all: boolean): string {
  const q = new URLSearchParams();
  if (status !== 'any') q.set('status', status);
  if (all) q.set('scope', 'all');
  const s = q.toString();
  return s ? `/notices/manage?${s}` : '/notices/manage';
}

function timeLine(n: NoticeSummary): string {
  if (n.status === 'scheduled' && n.publishAt) return t('notices.manage.scheduledFor', { time: formatDateTime(n.publishAt) });
  if (n.status === 'withdrawn' && n.withdrawnAt) return t('notices.manage.withdrawnAt', { time: formatDateTime(n.withdrawnAt) });
  if (n.publishedAt) return t('notices.manage.publishedAt', { time: formatDateTime(n.publishedAt) });
  return t('notices.manage.savedAt', { time: formatDateTime(n.updatedAt) });
}

function Row({ n, showAuthor }: { n: NoticeSummary; showAuthor: boolean }) {
  const id = encodeURIComponent(n.id);
  const out = n.status === 'published' || n.status === 'withdrawn';
  return (
    <li class="nt-mrow">
      <a class="nt-mrow-main" href={out ? `/notices/${id}` : `/notices/${id}/edit`}>
        <span class="nt-row-top">
          {n.pinned ? <PinMark /> : null}
          <UrgencyBadge urgency={n.urgency} />
          <span class="nt-row-title">{n.title}</span>
        </span>
        <span class="nt-row-meta">
          <StatusBadge status={n.status} expired={n.expired} />
          <CategoryTag category={n.category} />
          {showAuthor ? <span class="ellipsis">{n.author.displayName}</span> : null}
          <span class="nt-row-time">{timeLine(n)}</span>
        </span>
      </a>
      {out && n.stats ? (
        <a class="nt-mrow-progress" href={`/notices/${id}/roster`} aria-label={t('notices.manage.rosterOf', { title: n.title })}>
          <ProgressBars stats={n.stats} mode={n.confirmMode} />
          <Icon name="chevronRight" size={18} class="nt-mrow-go" />
        </a>
      ) : null}
    </li>
  );
}

export default function ManagedPage(_: RouteProps) {
  usePageTitle(t('notices.manage.title'));
  const { query, route } = useLocation();
  const status: StatusFilter = isStatus(query.status) ? query.status : 'any';
  const all = query.scope === 'all';
  const [scope, setScope] = useState<PublishScope | null>(null);
  const [items, setItems] = useState<NoticeSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const request = useRef(0);
  const sentinel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    publishScope()
      .then(setScope)
      .catch(() => undefined);
  }, []);

  const q = (): ManagedNoticesQuery => ({ scope: all ? 'all' : 'mine', ...(status === 'any' ? {} : { status }) });
  const load = () => {
    const mine = ++request.current;
    setError(null);
    noticesApi
      .managed(q())
      .then((p) => {
        if (mine !== request.current) return;
        setItems(p.items);
        setCursor(p.nextCursor);
      })
      .catch((e) => mine === request.current && setError(noticeErrorText(e)));
  };
  const loadMore = () => {
    if (!cursor || loadingMore) return;
    const mine = request.current;
    setLoadingMore(true);
    noticesApi
      .managed({ ...q(), cursor })
      .then((p) => {
        if (mine !== request.current) return;
        setItems((shown) => mergePage(shown ?? [], p.items));
        setCursor(p.nextCursor);
      })
      .catch((e) => toast(noticeErrorText(e), 'danger'))
      .finally(() => setLoadingMore(false));
  };
  useEffect(() => {
    setItems(null);
    load();
  }, [status, all, noticesVersion.value]);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !cursor) return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadMore(), { rootMargin: '240px' });
    io.observe(el);
    return () => io.disconnect();
  }, [cursor, loadingMore, items]);

  return (
    <div class="page nt-manage">
      <BackLink href="/notices" label={t('notices.back')} />
      <div class="page-head">
        <div>
          <h1>{t('notices.manage.title')}</h1>
          <p>{t('notices.manage.subtitle')}</p>
        </div>
        {scope?.canPublish ? (
          <ButtonLink href="/notices/new" variant="primary" icon="plus">
            {t('notices.compose.new')}
          </ButtonLink>
        ) : null}
      </div>
      {scope?.oversees ? (
        <Tabs
          label={t('notices.manage.scopeLabel')}
          value={all ? 'all' : 'mine'}
          onChange={(v) => route(manageUrl(status, v === 'all'), true)}
          items={[
            { id: 'mine', label: t('notices.manage.scopeMine') },
            { id: 'all', label: t('notices.manage.scopeAll') },
          ]}
        />
      ) : null}
      <div class="nt-chips" role="group" aria-label={t('notices.manage.statusLabel')}>
        {STATUS_FILTERS.map((s) => (
          <button key={s} type="button" class={`nt-chip ${status === s ? 'is-on' : ''}`} aria-pressed={status === s} onClick={() => route(manageUrl(s, all), true)}>
            {t(`notices.manage.status.${s}`)}
          </button>
        ))}
      </div>
      {error ? (
        <Alert tone="danger">
          {error}{' '}
          <button type="button" class="link-btn" onClick={load}>
            {t('common.reload')}
          </button>
        </Alert>
      ) : null}
      <Card flush class="nt-list-card">
        {!items && !error ? <LoadingBlock /> : null}
        {items && !items.length ? <EmptyState icon="megaphone" title={t('notices.manage.empty')} /> : null}
        {items && items.length ? (
          <ul class="nt-list" aria-label={t(`notices.manage.status.${status}`)}>
            {items.map((n) => (
              <Row key={n.id} n={n} showAuthor={all} />
            ))}
          </ul>
        ) : null}
      </Card>
      {cursor ? (
        <div class="center" ref={sentinel}>
          <Button variant="ghost" onClick={loadMore} loading={loadingMore}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

// /notices/:id/roster — 回执名单: counts (recipients, delivered, read, confirmed), filters (全部 / 未读 / 未确认, and
// by department), each person with their delivered / read / confirmed times, comment, signature and the channels
// that reached them; 提醒未确认的人 (once per 5 minutes, the cool-down shown) and the XLSX export. Refreshes live
// on 'notices.roster'.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError } from '../../../api/client';
import { t } from '../../../i18n';
import { formatNumber } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { Alert, Button, ButtonLink, Card, EmptyState, LoadingBlock, Select, Tabs, toast } from '../../../ui';
import { exportUrl, noticesApi, type NoticeDetail, type NoticeRoster, type RosterFilter } from '../api-notices';
import { noticeErrorText } from '../notices-errors';
import { ACTIVE_CONFIRM, percent } from '../notices-format';
import { onRosterChanged } from '../notices-state';
import { BackLink, StatusBadge } from '../NoticeBits';
import { formatCountdown, remindWaitSeconds, rosterTabs } from './roster-format';
import { RosterRow } from './RosterRow';

type Tab = 'all' | 'unread' | 'unconfirmed';
const isTab = (v: string | undefined): v is Tab => v === 'all' || v === 'unread' || v === 'unconfirmed';

function rosterUrl(id: string, tab: Tab, dept: string): string {
  const q = new URLSearchParams();
  if (tab !== 'all') q.set('filter', tab);
  if (dept) q.set('dept', dept);
  const s = q.toString();
  return `/notices/${encodeURIComponent(id)}/roster${s ? `?${s}` : ''}`;
}

function Counts({ roster }: { roster: NoticeRoster }) {
  const c = roster.counts;
  const confirms = ACTIVE_CONFIRM.has(roster.confirmMode);
  const tiles: { label: string; n: number; tone: string; of?: number }[] = [
    { label: t('notices.roster.total'), n: c.total, tone: '' },
    { label: t('notices.roster.delivered'), n: c.delivered, tone: 'primary', of: c.total },
    { label: t('notices.roster.read'), n: c.read, tone: 'primary', of: c.total },
    ...(confirms ? [{ label: t('notices.roster.confirmed'), n: c.confirmed, tone: 'success', of: c.total }] : []),
  ];
  return (
    <ul class={`nt-counts nt-counts-${tiles.length}`} aria-label={t('notices.roster.countsLabel')}>
      {tiles.map((x) => (
        <li key={x.label} class={`nt-count-tile ${x.tone ? `nt-count-${x.tone}` : ''}`}>
          <span class="nt-count-num">{formatNumber(x.n)}</span>
          <span class="nt-count-label">{x.label}</span>
          {x.of !== undefined ? (
            <span class="nt-count-bar" aria-hidden="true">
              <span style={{ width: `${percent(x.n, x.of)}%` }} />
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** 提醒未确认的人: always pressable; within the cool-down the server says how long to wait, and so does the page. */
function Remind({ roster, onReminded }: { roster: NoticeRoster; onReminded: (nextAllowedAt: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [now, setNow] = useState(Date.now());
  const [result, setResult] = useState<{ text: string; tone: 'success' | 'warning' } | null>(null);
  const wait = remindWaitSeconds(roster.remindAllowedAt, now);
  useEffect(() => {
    if (!wait) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [wait > 0, roster.remindAllowedAt]);
  const confirms = ACTIVE_CONFIRM.has(roster.confirmMode);
  const left = confirms ? roster.counts.unconfirmed : roster.counts.unread;

  const remind = async () => {
    setBusy(true);
    try {
      const r = await noticesApi.remind(roster.noticeId);
      setResult({ text: t('notices.roster.reminded', { n: r.reminded }), tone: 'success' });
      toast(t('notices.roster.reminded', { n: r.reminded }), 'success');
      setNow(Date.now());
      onReminded(r.nextAllowedAt);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'NOTICE_REMIND_TOO_SOON') {
        const secs = typeof e.extras.retryAfterSeconds === 'number' ? e.extras.retryAfterSeconds : 300;
        setResult({ text: t('notices.roster.remindWait', { time: formatCountdown(secs) }), tone: 'warning' });
        setNow(Date.now());
        onReminded(new Date(Date.now() + secs * 1000).toISOString());
      } else toast(noticeErrorText(e), 'danger');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="nt-remind">
      <Button variant="primary" icon="bell" loading={busy} disabled={!left} onClick={() => void remind()}>
        {confirms ? t('notices.roster.remindUnconfirmed') : t('notices.roster.remindUnread')}
      </Button>
      <p class="xsmall muted" aria-live="polite">
        {!left ? t('notices.roster.nobodyLeft') : wait ? t('notices.roster.cooldown', { time: formatCountdown(wait) }) : t('notices.roster.remindHint', { n: left })}
      </p>
      {result ? (
        <p class={`small nt-remind-result ${result.tone === 'success' ? 'success-text' : 'nt-warn-text'}`} role="status">
          {result.text}
        </p>
      ) : null}
    </div>
  );
}

export default function RosterPage({ id }: RouteProps & { id?: string }) {
  const noticeId = id ?? '';
  const { query, route } = useLocation();
  const tab: Tab = isTab(query.filter) ? query.filter : 'all';
  const dept = query.dept ?? '';
  const [detail, setDetail] = useState<NoticeDetail | null>(null);
  const [roster, setRoster] = useState<NoticeRoster | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const request = useRef(0);
  usePageTitle(detail ? t('notices.roster.titleOf', { title: detail.title }) : t('notices.roster.title'));

  const filter: RosterFilter = tab;
  const load = () => {
    const mine = ++request.current;
    noticesApi
      .roster(noticeId, { filter, ...(dept ? { departmentId: dept } : {}) })
      .then((r) => {
        if (mine !== request.current) return;
        setRoster(r);
        setError(null);
      })
      .catch((e) => mine === request.current && setError(noticeErrorText(e)));
  };
  const loadMore = () => {
    if (!roster?.nextCursor) return;
    const mine = request.current;
    setLoadingMore(true);
    noticesApi
      .roster(noticeId, { filter, cursor: roster.nextCursor, ...(dept ? { departmentId: dept } : {}) })
      .then((r) => {
        if (mine !== request.current) return;
        setRoster((prev) => (prev ? { ...r, items: [...prev.items, ...r.items.filter((x) => !prev.items.some((y) => y.userId === x.userId))] } : r));
      })
      .catch((e) => toast(noticeErrorText(e), 'danger'))
      .finally(() => setLoadingMore(false));
  };

  useEffect(() => {
    noticesApi.detail(noticeId).then(setDetail, () => undefined);
  }, [noticeId]);
  useEffect(() => {
    load();
  }, [noticeId, tab, dept]);
  // Live: a receipt or a delivery outcome changed (the server sends at most one event per notice every 2 s).
  useEffect(() => onRosterChanged(noticeId, load), [noticeId, tab, dept]);

  const tabs = rosterTabs(roster?.confirmMode ?? detail?.confirmMode ?? 'click');
  const tabLabel = (x: Tab) => {
    const c = roster?.counts;
    const n = !c ? null : x === 'all' ? c.total : x === 'unread' ? c.unread : c.unconfirmed;
    return (
      <span class="nt-tab">
        {t(`notices.roster.filter.${x}`)}
        {n !== null ? <span class="nt-tab-n">{n}</span> : null}
      </span>
    );
  };

  if (error && !roster) {
    return (
      <div class="page">
        <BackLink href={`/notices/${encodeURIComponent(noticeId)}`} label={t('notices.roster.back')} />
        {error ? <Alert tone="danger">{error}</Alert> : null}
      </div>
    );
  }

  const deptOptions = [
    { value: '', label: t('notices.roster.allDepartments') },
    ...(roster?.departments ?? []).map((d) => ({
      value: d.id ?? '',
      label: `${d.name ?? t('notices.roster.noDepartment')} · ${ACTIVE_CONFIRM.has(roster!.confirmMode) ? `${d.counts.confirmed}/${d.counts.total}` : `${d.counts.read}/${d.counts.total}`}`,
    })),
  ].filter((o, i) => i === 0 || o.value);

  return (
    <div class="page nt-roster">
      <BackLink href={`/notices/${encodeURIComponent(noticeId)}`} label={t('notices.roster.back')} />
      <div class="page-head">
        <div class="nt-roster-head">
          <h1>{t('notices.roster.title')}</h1>
          {detail ? (
            <p class="nt-roster-sub">
              <span class="ellipsis">{detail.title}</span>
              <StatusBadge status={detail.status} expired={detail.expired} />
            </p>
          ) : null}
        </div>
        <ButtonLink href={exportUrl(noticeId)} icon="download" download="">
          {t('notices.roster.export')}
        </ButtonLink>
      </div>
      {!roster ? (
        <LoadingBlock />
      ) : (
        <div class="nt-roster-grid">
          <aside class="stack nt-roster-side">
            <Card>
              <Counts roster={roster} />
              {detail?.status === 'published' && !detail.expired ? (
                <Remind roster={roster} onReminded={(next) => setRoster((r) => (r ? { ...r, remindAllowedAt: next } : r))} />
              ) : null}
            </Card>
          </aside>
          <section class="stack nt-roster-main" aria-label={t('notices.roster.people')}>
            <div class="nt-roster-filters">
              <Tabs label={t('notices.roster.filterLabel')} value={tab} onChange={(x) => route(rosterUrl(noticeId, x as Tab, dept), true)} items={tabs.map((x) => ({ id: x, label: tabLabel(x) }))} />
              {deptOptions.length > 2 ? (
                <Select label={t('notices.roster.department')} hideLabel value={dept} options={deptOptions} onValue={(v) => route(rosterUrl(noticeId, tab, v), true)} class="nt-dept-select" />
              ) : null}
            </div>
            <Card flush>
              {roster.items.length === 0 ? (
                <EmptyState icon="users" title={tab === 'all' ? t('notices.roster.empty') : t(`notices.roster.emptyFilter.${tab}`)} />
              ) : (
                <ul class="nt-people" aria-label={t(`notices.roster.filter.${tab}`)}>
                  {roster.items.map((e) => (
                    <RosterRow key={e.userId} entry={e} noticeId={noticeId} mode={roster.confirmMode} />
                  ))}
                </ul>
              )}
            </Card>
            {roster.nextCursor ? (
              <div class="center">
                <Button variant="ghost" onClick={loadMore} loading={loadingMore}>
                  {t('common.loadMore')}
                </Button>
              </div>
            ) : null}
          </section>
        </div>
      )}
    </div>
  );
}

// 审计日志: who did what, when, from where — filterable, paginated, exportable as CSV.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AuditEntry } from '../../../api/types';
import { t, tMaybe } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { formatDateTime, schoolDayEnd, schoolDayStart } from '../../../i18n/format';
import { usePageTitle } from '../../../layout/page-title';
import type { RouteProps } from '../../../layout/routing';
import { useIsDesktop } from '../../../layout/use-media';
import { Alert, Badge, Button, ButtonLink, Card, EmptyState, LoadingBlock, toast } from '../../../ui';
import { auditApi, type AuditFilters as Filters } from '../admin.api';
import { AuditFilters, EMPTY_FILTERS, eventLabel, type AuditFilterState } from './AuditFilters';

function toQuery(f: AuditFilterState): Filters {
  return {
    event: f.event || undefined,
    actor: f.actor.trim() || undefined,
    outcome: f.outcome || undefined,
    from: f.from ? schoolDayStart(f.from) : undefined,
    to: f.to ? schoolDayEnd(f.to) : undefined,
  };
}

function Outcome({ e }: { e: AuditEntry }) {
  return e.outcome === 'success' ? <Badge tone="success">{t('audit.success')}</Badge> : <Badge tone="danger">{t('audit.failure')}</Badge>;
}

function Details({ e }: { e: AuditEntry }) {
  if (!e.details || (typeof e.details === 'object' && Object.keys(e.details).length === 0)) return <span class="muted">—</span>;
  return (
    <details class="audit-details">
      <summary>{t('audit.details')}</summary>
      <pre class="mono">{JSON.stringify(e.details, null, 2)}</pre>
    </details>
  );
}

function target(e: AuditEntry): string {
  if (e.targetName) return e.targetName;
  if (!e.targetId) return '—';
  const type = e.targetType ? tMaybe(`audit.targetTypes.${e.targetType}`) ?? e.targetType : '';
  return `${type} #${e.targetId.slice(-6)}`.trim();
}

function AuditList({ items }: { items: AuditEntry[] }) {
  const desktop = useIsDesktop();
  if (!desktop) {
    return (
      <ul class="audit-cards">
        {items.map((e) => (
          <li key={e.id} class="audit-card">
            <div class="row-between">
              <span class="strong">{eventLabel(e.event)}</span>
              <Outcome e={e} />
            </div>
            <p class="small text-2">{[e.actorName ?? t('audit.system'), target(e)].join(' → ')}</p>
            <p class="xsmall muted">{[formatDateTime(e.at), e.ip].filter(Boolean).join(' · ')}</p>
            <Details e={e} />
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('audit.time')}</th>
            <th scope="col">{t('audit.event')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.target')}</th>
            <th scope="col">{t('audit.outcome')}</th>
            <th scope="col">IP</th>
            <th scope="col">{t('audit.details')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id}>
              <td class="nowrap small">{formatDateTime(e.at)}</td>
              <td>
                <div>{eventLabel(e.event)}</div>
                <div class="xsmall muted mono">{e.event}</div>
              </td>
              <td>{e.actorName ?? <span class="muted">{t('audit.system')}</span>}</td>
              <td>{target(e)}</td>
              <td><Outcome e={e} /></td>
              <td class="mono small nowrap">{e.ip ?? '—'}</td>
              <td><Details e={e} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function AuditPage(_: RouteProps) {
  usePageTitle(t('admin.nav.audit'));
  const [filters, setFilters] = useState<AuditFilterState>(EMPTY_FILTERS);
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [more, setMore] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      setError(null);
      auditApi.list(toQuery(filters)).then(
        (p) => {
          if (mine !== seq.current) return;
          setItems(p.items);
          setCursor(p.nextCursor);
        },
        (e) => mine === seq.current && setError(errorText(e)),
      );
    }, filters.actor ? 300 : 0);
    return () => clearTimeout(timer);
  }, [filters]);

  const loadMore = async () => {
    setMore(true);
    try {
      const p = await auditApi.list(toQuery(filters), cursor);
      setItems([...(items ?? []), ...p.items]);
      setCursor(p.nextCursor);
    } catch (e) {
      toast(errorText(e), 'danger');
    } finally {
      setMore(false);
    }
  };

  const active = Object.values(filters).filter(Boolean).length;
  const filtered = active > 0;
  const desktop = useIsDesktop();
  const [showFilters, setShowFilters] = useState(false);
  return (
    <div class="page">
      <div class="page-head">
        <div>
          <h1>{t('admin.nav.audit')}</h1>
          <p>{t('audit.subtitle')}</p>
        </div>
        <div class="row">
          {desktop ? null : (
            <Button icon="filter" aria-expanded={showFilters} onClick={() => setShowFilters(!showFilters)}>
              {active ? t('audit.filtersActive', { n: active }) : t('audit.filtersButton')}
            </Button>
          )}
          <ButtonLink href={auditApi.exportUrl(toQuery(filters))} download="audit-log.csv" icon="download">
            {t('audit.export')}
          </ButtonLink>
        </div>
      </div>
      {desktop || showFilters ? (
        <Card>
          <AuditFilters value={filters} onChange={setFilters} />
          {filtered ? (
            <div class="mt-2">
              <Button size="sm" variant="ghost" onClick={() => setFilters(EMPTY_FILTERS)}>
                {t('audit.clearFilters')}
              </Button>
            </div>
          ) : null}
        </Card>
      ) : null}
      {error ? <Alert tone="danger">{error}</Alert> : null}
      <Card flush>
        {!items && !error ? <LoadingBlock /> : null}
        {items && items.length === 0 ? <EmptyState icon="list" title={t('audit.emptyTitle')} description={filtered ? t('audit.emptyFiltered') : undefined} /> : null}
        {items && items.length > 0 ? <AuditList items={items} /> : null}
      </Card>
      {cursor ? (
        <div class="center">
          <Button variant="ghost" loading={more} onClick={() => void loadMore()}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

// /forms/stats/:formId — one form's statistics for a period: totals by status, by department and by
// month, the numeric fields of approved requests per department × month (e.g. leave days), how often each
// option was chosen, how long each approval step takes, and the same period as an Excel download.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../../api/client';
import { locale, t } from '../../../i18n';
import { errorText } from '../../../i18n/errors';
import { usePageTitle } from '../../../layout/page-title';
import { can } from '../../../state/session-signals';
import { Alert, ButtonLink, Card, EmptyState, Icon, LoadingBlock, TextField } from '../../../ui';
import { statsApi, type FormStats } from './api-stats';
import { BarChart, ColumnChart, DataTable, StackedBarChart, type TableSpec } from './charts';
import { periodOf, schoolToday, type Period, type PeriodKind } from './period';
import './stats.css';

type Numeric = FormStats['numeric'][number];

const KINDS: PeriodKind[] = ['month', 'term', 'year', 'custom'];
const KIND_KEYS = { month: 'forms.stats.periodMonth', term: 'forms.stats.periodTerm', year: 'forms.stats.periodYear', custom: 'forms.stats.periodCustom' } as const;

function num(n: number, digits = 2): string {
  return new Intl.NumberFormat(locale.value, { maximumFractionDigits: digits }).format(n);
}

/** 'YYYY-MM' → '11月' / 'Nov' (with the year when the axis crosses one). */
function monthLabel(key: string, withYear: boolean): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  if (!y || !m) return key;
  const opts: Intl.DateTimeFormatOptions = withYear ? { year: '2-digit', month: 'numeric', timeZone: 'UTC' } : { month: 'short', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(locale.value, opts).format(new Date(Date.UTC(y, m - 1, 1)));
}

const deptLabel = (b: { key: string; label: string }) => (b.key === '' ? t('forms.stats.noDepartment') : b.label);
const crossesYear = (keys: string[]) => new Set(keys.map((k) => k.slice(0, 4))).size > 1;

function PeriodPicker({ kind, onKind, custom, onCustom, invalid }: { kind: PeriodKind; onKind: (k: PeriodKind) => void; custom: Period; onCustom: (p: Period) => void; invalid: boolean }) {
  return (
    <div class="stats-period">
      <fieldset class="stats-seg">
        <legend class="sr-only">{t('forms.stats.period')}</legend>
        {KINDS.map((k) => (
          <label key={k} class={`stats-seg-item ${kind === k ? 'is-on' : ''}`}>
            <input type="radio" name="stats-period" value={k} checked={kind === k} onChange={() => onKind(k)} />
            <span>{t(KIND_KEYS[k])}</span>
          </label>
        ))}
      </fieldset>
      {kind === 'custom' ? (
        <div class="stats-custom">
          <TextField type="date" label={t('forms.stats.from')} value={custom.from} onValue={(from) => onCustom({ ...custom, from })} required />
          <TextField type="date" label={t('forms.stats.to')} value={custom.to} onValue={(to) => onCustom({ ...custom, to })} min={custom.from} required error={invalid ? t('forms.stats.rangeInvalid') : null} />
        </div>
      ) : null}
    </div>
  );
}

function Kpis({ stats }: { stats: FormStats }) {
  const count = (k: string) => stats.byStatus.find((b) => b.key === k)?.count ?? 0;
  const tiles = [
    { key: 'total', label: t('forms.stats.kpiTotal'), value: stats.total, tone: '' },
    { key: 'approved', label: t('forms.stats.kpiApproved'), value: count('approved'), tone: 'ok' },
    { key: 'running', label: t('forms.stats.kpiRunning'), value: count('running'), tone: 'info' },
    { key: 'rejected', label: t('forms.stats.kpiRejected'), value: count('rejected'), tone: 'bad' },
  ];
  return (
    <div>
      <ul class="stats-kpis" aria-label={t('forms.stats.kpis')}>
        {tiles.map((k) => (
          <li key={k.key} class={`stats-kpi stats-kpi-${k.tone || 'plain'}`}>
            <span class="stats-kpi-value">{num(k.value)}</span>
            <span class="stats-kpi-label">{k.label}</span>
          </li>
        ))}
      </ul>
      {count('returned') + count('withdrawn') > 0 ? (
        <p class="small muted stats-kpi-more">{t('forms.stats.kpiOther', { returned: num(count('returned')), withdrawn: num(count('withdrawn')) })}</p>
      ) : null}
    </div>
  );
}

function countTable(first: string, rows: { label: string; count: number; sum: number }[]): TableSpec {
  return { head: [first, t('forms.stats.submitted'), t('forms.stats.approved')], rows: rows.map((r) => [r.label, num(r.count), num(r.sum)]) };
}

function NumericCard({ n }: { n: Numeric }) {
  // Months with nothing approved add only zeros: the chart's legend and the table leave them out.
  const months = n.byMonth.filter((b) => b.count > 0).map((b) => b.key);
  const withYear = crossesYear(months);
  const unit = n.unit ? ` ${n.unit}` : '';
  const cell = (dep: string, m: string) => n.cells.find((c) => c.department === dep && c.month === m)?.sum ?? 0;
  const deps = n.byDepartment;
  const table: TableSpec = {
    head: [t('forms.stats.department'), ...months.map((m) => monthLabel(m, withYear)), t('forms.stats.total')],
    rows: [...deps.map((d) => [deptLabel(d), ...months.map((m) => num(cell(d.key, m))), num(d.sum)]), [t('forms.stats.total'), ...months.map((m) => num(n.byMonth.find((b) => b.key === m)?.sum ?? 0)), num(n.total)]],
  };
  const title = t('forms.stats.numericTitle', { label: n.label });
  return (
    <Card title={title} description={t('forms.stats.numericDesc', { total: `${num(n.total)}${unit}` })} class="stats-wide">
      {deps.length ? (
        <div class="stack-sm">
          <StackedBarChart
            title={title}
            desc={t('forms.stats.numericChartDesc', { n: deps.length, total: `${num(n.total)}${unit}` })}
            series={months.map((m) => ({ key: m, label: monthLabel(m, withYear) }))}
            rows={deps.map((d) => ({ key: d.key, label: deptLabel(d), values: months.map((m) => cell(d.key, m)), totalText: `${num(d.sum)}${unit}` }))}
          />
          <DataTable caption={t('forms.stats.numericTable', { label: n.label })} spec={table} visibleCaption />
        </div>
      ) : (
        <p class="small muted">{t('forms.stats.nothingApproved')}</p>
      )}
    </Card>
  );
}

function Charts({ stats }: { stats: FormStats }) {
  const months = stats.byMonth;
  const withYear = crossesYear(months.map((m) => m.key));
  const depRows = stats.byDepartment.map((b) => ({ ...b, label: deptLabel(b) }));
  return (
    <div class="stats-grid">
      <Card title={t('forms.stats.byDepartment')} description={t('forms.stats.partHint')}>
        <BarChart
          title={t('forms.stats.byDepartment')}
          desc={t('forms.stats.chartDesc', { n: depRows.length })}
          rows={depRows.map((b) => ({ key: b.key || '-', label: b.label, value: b.count, part: b.sum, valueText: num(b.count) }))}
          table={countTable(t('forms.stats.department'), depRows)}
        />
      </Card>
      <Card title={t('forms.stats.byMonth')} description={t('forms.stats.partHint')}>
        <ColumnChart
          title={t('forms.stats.byMonth')}
          desc={t('forms.stats.chartDesc', { n: months.length })}
          rows={months.map((b) => ({ key: b.key, label: monthLabel(b.key, withYear), value: b.count, part: b.sum }))}
          format={num}
          table={countTable(t('forms.stats.month'), months.map((b) => ({ ...b, label: b.key })))}
        />
      </Card>
      {stats.numeric.map((n) => (
        <NumericCard key={n.fieldKey} n={n} />
      ))}
      {stats.choices.map((c) => (
        <Card key={c.fieldKey} title={c.label} description={t('forms.stats.choicesDesc')}>
          <BarChart
            title={c.label}
            desc={t('forms.stats.chartDesc', { n: c.options.length })}
            tone="accent"
            rows={c.options.map((o) => ({ key: o.key, label: o.label, value: o.count, valueText: `${num(o.count)} · ${num(o.sum, 0)}%` }))}
            table={{ head: [t('forms.stats.option'), t('forms.stats.times'), t('forms.stats.share')], rows: c.options.map((o) => [o.label, num(o.count), `${num(o.sum, 1)}%`]) }}
          />
        </Card>
      ))}
      {stats.stepTimes.length ? (
        <Card title={t('forms.stats.stepTimes')} description={t('forms.stats.stepTimesDesc')} class="stats-wide">
          <BarChart
            title={t('forms.stats.stepTimes')}
            desc={t('forms.stats.chartDesc', { n: stats.stepTimes.length })}
            tone="time"
            rows={stats.stepTimes.map((s) => ({ key: s.nodeId, label: s.name, value: s.avgHours, marker: s.p90Hours, valueText: t('forms.stats.stepValue', { avg: num(s.avgHours, 1), p90: num(s.p90Hours, 1) }) }))}
            table={{
              head: [t('forms.stats.step'), t('forms.stats.decisions'), t('forms.stats.avgHours'), t('forms.stats.p90Hours')],
              rows: stats.stepTimes.map((s) => [s.name, num(s.decisions), num(s.avgHours), num(s.p90Hours)]),
            }}
          />
        </Card>
      ) : null}
    </div>
  );
}

export default function StatsPage({ formId }: { formId: string }) {
  const today = schoolToday();
  const [kind, setKind] = useState<PeriodKind>('month');
  const [custom, setCustom] = useState<Period>(() => ({ from: periodOf('month', today).from, to: today }));
  const [stats, setStats] = useState<FormStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [attempt, setAttempt] = useState(0);
  usePageTitle(stats ? `${stats.formName} · ${t('forms.stats.title')}` : t('forms.stats.title'));

  const period = kind === 'custom' ? custom : periodOf(kind, today);
  const invalid = kind === 'custom' && (!custom.from || !custom.to || custom.from > custom.to);

  useEffect(() => {
    if (invalid) return;
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    statsApi
      .get(formId, { from: period.from, to: period.to }, ctl.signal)
      .then((s) => setStats(s))
      .catch((e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        setError(e instanceof ApiError && e.status === 404 ? t('forms.stats.notFound') : errorText(e));
      })
      .finally(() => {
        if (!ctl.signal.aborted) setLoading(false);
      });
    return () => ctl.abort();
  }, [formId, period.from, period.to, invalid, attempt]);

  // School leaders and a form's own admins come from the 统计 list on the approvals page, managers from 表单管理.
  const manager = can('forms.manage');
  return (
    <div class="page stats-page">
      <a class="appr-back" href={manager ? '/forms/manage' : '/forms'}>
        <Icon name="chevronRight" size={16} class="flip" />
        {manager ? t('forms.stats.back') : t('forms.approvals.back')}
      </a>
      <div class="page-head">
        <div>
          <h1>{stats?.formName ?? t('forms.stats.title')}</h1>
          <p>{t('forms.stats.subtitle', { from: period.from, to: period.to })}</p>
        </div>
        {stats && !invalid ? (
          <ButtonLink href={statsApi.exportUrl(formId, { from: period.from, to: period.to })} icon="download" download="">
            {t('forms.stats.export')}
          </ButtonLink>
        ) : null}
      </div>
      <PeriodPicker kind={kind} onKind={setKind} custom={custom} onCustom={setCustom} invalid={invalid} />
      {error ? (
        <Alert tone="danger">
          {error}{' '}
          <button type="button" class="link-btn" onClick={() => setAttempt((n) => n + 1)}>
            {t('common.reload')}
          </button>
        </Alert>
      ) : null}
      {loading && !stats && !error ? <LoadingBlock /> : null}
      {stats && !error ? (
        <div class={`stack ${loading ? 'stats-stale' : ''}`} aria-busy={loading ? 'true' : undefined}>
          <Kpis stats={stats} />
          {stats.total === 0 ? <EmptyState icon="list" title={t('forms.stats.empty')} description={t('forms.stats.emptyText')} /> : <Charts stats={stats} />}
        </div>
      ) : null}
    </div>
  );
}

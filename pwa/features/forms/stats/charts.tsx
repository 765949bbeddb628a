// Small hand-made SVG charts for the statistics page (no chart library: the bundle stays small). Each chart
// is drawn at the pixel width of its box so text stays crisp on a phone and on a desktop, names itself
// with <title>/<desc>, and comes with its numbers as a table for screen readers and for reading exact values.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '../../../i18n';

const FONT = 13;

/** The content width of an element, following resizes. */
export function useWidth(): [preact.RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setWidth(Math.floor(el.getBoundingClientRect().width));
    update();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/** Rough text width: CJK characters are square, Latin about 0.6 em. */
export function textWidth(s: string, size = FONT): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e7f ? size : size * 0.6;
  return w;
}

function fit(s: string, max: number, size = FONT): string {
  if (textWidth(s, size) <= max) return s;
  let out = '';
  for (const ch of s) {
    if (textWidth(`${out}${ch}…`, size) > max) break;
    out += ch;
  }
  return `${out}…`;
}

/** A round axis maximum (1, 1.2, 1.5, 2 … 8, 10 × 10^n) at or above `v`, so bars use most of the axis. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

export interface TableSpec {
  head: string[];
  rows: (string | number)[][];
  /** Columns from this index on are numbers (right-aligned). */
  numericFrom?: number;
}

export function DataTable({ caption, spec, visibleCaption }: { caption: string; spec: TableSpec; visibleCaption?: boolean }) {
  const from = spec.numericFrom ?? 1;
  return (
    <div class="stats-table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table class="stats-table">
        <caption class={visibleCaption ? '' : 'sr-only'}>{caption}</caption>
        <thead>
          <tr>
            {spec.head.map((h, i) => (
              <th key={i} scope="col" class={i >= from ? 'num' : ''}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {spec.rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) =>
                j === 0 ? (
                  <th key={j} scope="row">
                    {c}
                  </th>
                ) : (
                  <td key={j} class={j >= from ? 'num' : ''}>
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The frame every chart shares: an SVG of the box's width plus its numbers as a table behind a disclosure
 * (none when the card shows the same table openly anyway).
 */
function Chart({ title, desc, height: heightOf, table, legend, children }: {
  title: string;
  desc: string;
  height: number | ((w: number) => number);
  table?: TableSpec;
  legend?: ComponentChildren;
  children: (w: number) => ComponentChildren;
}) {
  const [ref, width] = useWidth();
  const id = useId();
  const height = typeof heightOf === 'function' ? heightOf(width) : heightOf;
  return (
    <figure class="chart">
      <div ref={ref} class="chart-box">
        {width > 0 ? (
          <svg class="chart-svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
            <title id={`${id}-t`}>{title}</title>
            <desc id={`${id}-d`}>{desc}</desc>
            {children(width)}
          </svg>
        ) : (
          <div style={{ height: `${height}px` }} />
        )}
      </div>
      {legend}
      {table ? (
        <details class="chart-data">
          <summary>{t('forms.stats.asTable')}</summary>
          <DataTable caption={title} spec={table} />
        </details>
      ) : null}
    </figure>
  );
}

/** Where a row's parts go: label left of the bar on wide boxes; on a phone the label and value sit above a full-width bar. */
interface RowGeometry {
  rowH: number;
  compact: boolean;
  labelX: number;
  labelW: number;
  labelY: number;
  barX: number;
  barY: number;
  barH: number;
  span: number;
  valueX: number;
  valueY: number;
}

const COMPACT_BELOW = 480;

function rowGeometry(w: number, labels: string[], values: string[]): RowGeometry {
  const valueW = Math.max(28, ...values.map((v) => textWidth(v, 12))) + 8;
  if (w < COMPACT_BELOW) {
    return { rowH: 48, compact: true, labelX: 0, labelW: w - valueW - 8, labelY: 14, barX: 0, barY: 26, barH: 14, span: w, valueX: w, valueY: 14 };
  }
  const labelW = Math.min(Math.max(48, ...labels.map((l) => textWidth(l))), w * 0.3);
  const barX = labelW + 10;
  const span = Math.max(40, w - barX - valueW);
  return { rowH: 34, compact: false, labelX: labelW, labelW, labelY: 17, barX, barY: 8, barH: 18, span, valueX: barX + span + 6, valueY: 17 };
}

/** Rows of bars need the box's width before their height is known. */
function rowsHeight(width: number, n: number): number {
  return Math.max(1, n) * (width > 0 && width < COMPACT_BELOW ? 48 : 34);
}

export interface BarRow {
  key: string;
  label: string;
  value: number;
  /** A darker part of the bar (e.g. the approved among all submitted). */
  part?: number;
  /** A tick on the bar (e.g. the 90th percentile). */
  marker?: number;
  valueText: string;
}

/** Horizontal bars: one row per category, label left, value right. Readable on a 360 px phone. */
export function BarChart({ title, desc, rows, table, tone = 'primary' }: { title: string; desc: string; rows: BarRow[]; table: TableSpec; tone?: string }) {
  const max = niceMax(Math.max(0, ...rows.map((r) => Math.max(r.value, r.marker ?? 0))));
  return (
    <Chart title={title} desc={desc} height={(w) => rowsHeight(w, rows.length)} table={table}>
      {(w) => {
        const g = rowGeometry(w, rows.map((r) => r.label), rows.map((r) => r.valueText));
        const scale = (v: number) => (v / max) * g.span;
        return rows.map((r, i) => {
          const y = i * g.rowH;
          return (
            <g key={r.key} class={`chart-bar chart-${tone}`}>
              <text x={g.labelX} y={y + g.labelY} text-anchor={g.compact ? 'start' : 'end'} dominant-baseline="central" class="chart-label">
                {fit(r.label, g.labelW)}
              </text>
              <rect x={g.barX} y={y + g.barY} width={g.span} height={g.barH} rx={4} class="chart-track" />
              <rect x={g.barX} y={y + g.barY} width={Math.max(scale(r.value), r.value > 0 ? 2 : 0)} height={g.barH} rx={4} class="chart-fill" />
              {r.part !== undefined && r.part > 0 ? <rect x={g.barX} y={y + g.barY} width={Math.max(2, scale(r.part))} height={g.barH} rx={4} class="chart-part" /> : null}
              {r.marker !== undefined ? <line x1={g.barX + scale(r.marker)} x2={g.barX + scale(r.marker)} y1={y + g.barY - 4} y2={y + g.barY + g.barH + 4} class="chart-marker" /> : null}
              <text x={g.valueX} y={y + g.valueY} text-anchor={g.compact ? 'end' : 'start'} dominant-baseline="central" class="chart-value">
                {r.valueText}
              </text>
            </g>
          );
        });
      }}
    </Chart>
  );
}

export interface ColumnRow {
  key: string;
  label: string;
  value: number;
  part?: number;
}

/** Vertical columns over time (months), with a light grid and round ticks. */
export function ColumnChart({ title, desc, rows, table, format }: { title: string; desc: string; rows: ColumnRow[]; table: TableSpec; format: (n: number) => string }) {
  const height = 200;
  const top = 18;
  const bottom = 26;
  const max = niceMax(Math.max(0, ...rows.map((r) => r.value)));
  const ticks = [0, max / 2, max];
  return (
    <Chart title={title} desc={desc} height={height} table={table}>
      {(w) => {
        const left = Math.max(...ticks.map((v) => textWidth(format(v), 11))) + 8;
        const plotW = w - left - 4;
        const plotH = height - top - bottom;
        const slot = plotW / Math.max(1, rows.length);
        const bar = Math.min(36, slot * 0.64);
        const every = Math.max(1, Math.ceil(rows.length / Math.max(1, Math.floor(plotW / 44))));
        const y = (v: number) => top + plotH - (v / max) * plotH;
        return (
          <g>
            {ticks.map((v) => (
              <g key={v}>
                <line x1={left} x2={w - 4} y1={y(v)} y2={y(v)} class="chart-grid" />
                <text x={left - 6} y={y(v)} text-anchor="end" dominant-baseline="central" class="chart-tick">
                  {format(v)}
                </text>
              </g>
            ))}
            {rows.map((r, i) => {
              const cx = left + slot * i + slot / 2;
              return (
                <g key={r.key} class="chart-bar chart-primary">
                  <rect x={cx - bar / 2} y={y(r.value)} width={bar} height={top + plotH - y(r.value)} rx={3} class="chart-fill" />
                  {r.part ? <rect x={cx - bar / 2} y={y(r.part)} width={bar} height={top + plotH - y(r.part)} rx={3} class="chart-part" /> : null}
                  {slot >= 26 && r.value > 0 ? (
                    <text x={cx} y={y(r.value) - 5} text-anchor="middle" class="chart-value">
                      {format(r.value)}
                    </text>
                  ) : null}
                  {i % every === 0 ? (
                    <text x={cx} y={height - 8} text-anchor="middle" class="chart-tick">
                      {r.label}
                    </text>
                  ) : null}
                </g>
              );
            })}
          </g>
        );
      }}
    </Chart>
  );
}

export interface StackRow {
  key: string;
  label: string;
  /** One value per series, in series order. */
  values: number[];
  totalText: string;
}

/** Horizontal bars split into coloured segments (one per series, e.g. per month), with a legend. */
export function StackedBarChart({ title, desc, rows, series, table }: { title: string; desc: string; rows: StackRow[]; series: { key: string; label: string }[]; table?: TableSpec }) {
  const max = niceMax(Math.max(0, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0))));
  const legend = (
    <ul class="chart-legend" aria-hidden="true">
      {series.map((s, i) => (
        <li key={s.key}>
          <svg width="12" height="12" aria-hidden="true">
            <rect width="12" height="12" rx="3" class={`chart-s${i % 12}`} />
          </svg>
          {s.label}
        </li>
      ))}
    </ul>
  );
  return (
    <Chart title={title} desc={desc} height={(w) => rowsHeight(w, rows.length)} table={table} legend={legend}>
      {(w) => {
        const g = rowGeometry(w, rows.map((r) => r.label), rows.map((r) => r.totalText));
        return rows.map((r, i) => {
          const y = i * g.rowH;
          let x = g.barX;
          return (
            <g key={r.key}>
              <text x={g.labelX} y={y + g.labelY} text-anchor={g.compact ? 'start' : 'end'} dominant-baseline="central" class="chart-label">
                {fit(r.label, g.labelW)}
              </text>
              <rect x={g.barX} y={y + g.barY} width={g.span} height={g.barH} rx={4} class="chart-track" />
              {r.values.map((v, s) => {
                if (v <= 0) return null;
                const sw = (v / max) * g.span;
                const el = <rect key={s} x={x} y={y + g.barY} width={Math.max(1.5, sw - 1)} height={g.barH} class={`chart-s${s % 12}`} />;
                x += sw;
                return el;
              })}
              <text x={g.valueX} y={y + g.valueY} text-anchor={g.compact ? 'end' : 'start'} dominant-baseline="central" class="chart-value">
                {r.totalText}
              </text>
            </g>
          );
        });
      }}
    </Chart>
  );
}

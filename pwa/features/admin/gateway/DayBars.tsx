// A small 14-day column chart for one channel: delivered, sent without a report, and failed, stacked.
// Drawn at the box's pixel width (crisp on a phone and a desktop); the numbers are in its label.
import { t } from '../../../i18n';
import { niceMax, useWidth } from '../../forms/stats/charts';
import type { DayPoint } from './dashboard';

const HEIGHT = 64;
const AXIS = 14;


/** "11-28" from "2025-11-28". */
const short = (day: string) => day.slice(5);

export function DayBars({ points, label }: { points: DayPoint[]; label: string }) {
  const [ref, width] = useWidth();
  const max = niceMax(Math.max(0, ...points.map((p) => p.delivered + p.sentOnly + p.failed)));
  const plotH = HEIGHT - AXIS;
  const slot = width / Math.max(1, points.length);
  const bar = Math.max(3, Math.min(18, slot * 0.62));
  const h = (v: number) => (v / max) * plotH;
  return (
    <div ref={ref} class="gw-bars">
      {width > 0 ? (
        <svg width={width} height={HEIGHT} viewBox={`0 0 ${width} ${HEIGHT}`} role="img" aria-label={label}>
          <line x1={0} x2={width} y1={plotH + 0.5} y2={plotH + 0.5} class="gw-bars-axis" />
          {points.map((p, i) => {
            const x = slot * i + (slot - bar) / 2;
            let y = plotH;
            const seg = (v: number, cls: string) => {
              if (v <= 0) return null;
              const sh = Math.max(1.5, h(v));
              y -= sh;
              return <rect x={x} y={y} width={bar} height={sh} class={cls} />;
            };
            return (
              <g key={p.day}>
                <title>{t('gatewayAdmin.dash.dayTitle', { day: p.day, out: p.delivered + p.sentOnly, delivered: p.delivered, failed: p.failed })}</title>
                {p.delivered + p.sentOnly + p.failed === 0 ? <rect x={x} y={plotH - 1.5} width={bar} height={1.5} class="gw-bars-zero" /> : null}
                {seg(p.delivered, 'gw-bars-delivered')}
                {seg(p.sentOnly, 'gw-bars-sent')}
                {seg(p.failed, 'gw-bars-failed')}
              </g>
            );
          })}
          {points.length ? (
            <>
              <text x={0} y={HEIGHT - 2} class="gw-bars-tick">
                {short(points[0]!.day)}
              </text>
              <text x={width} y={HEIGHT - 2} text-anchor="end" class="gw-bars-tick">
                {t('gatewayAdmin.dash.today')}
              </text>
            </>
          ) : null}
        </svg>
      ) : (
        <div style={{ height: `${HEIGHT}px` }} />
      )}
    </div>
  );
}

// 投递概况: per channel today's figures, the last 14 days, the queue with its ETA, and the GSM modem when
// SMS goes through Gammu. Refreshed every 10 s while the page is visible.
import { useEffect, useState } from 'preact/hooks';
import type { ChannelName, GatewayConfig, GatewayDashboard, ModemStatus } from '../../../../server/modules/gateway/gateway.dto';
import { locale, t } from '../../../i18n';
import { formatNumber, formatRelative, schoolTimeZone } from '../../../i18n/format';
import { Alert, Badge, Button, Card, Icon, type IconName } from '../../../ui';
import { channelSeries, etaText, lastDays, schoolDay, signalTone, sumTotals, totals } from './dashboard';
import { DayBars } from './DayBars';
import { gatewayAdminApi } from './gateway-admin.api';
import { gatewayErrorText } from './gateway-errors';
import { channelLabel, LADDER_CHANNELS } from './ladder';

const REFRESH_MS = 10_000;
const ICON: Record<ChannelName, IconName> = { webpush: 'bell', email: 'inbox', sms: 'phone' };

function enabledIn(c: GatewayConfig, ch: ChannelName): boolean {
  return ch === 'webpush' ? c.pushEnabled : ch === 'email' ? c.smtp.enabled : c.sms.mode !== 'off';
}

/** Loads the dashboard now, every 10 s while the tab is visible, and when it becomes visible again. */
function useDashboard(rev: number) {
  const [data, setData] = useState<GatewayDashboard | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    const load = async () => {
      setBusy(true);
      try {
        const d = await gatewayAdminApi.dashboard();
        if (!alive) return;
        setData(d);
        setError(null);
      } catch (err) {
        if (alive) setError(gatewayErrorText(err));
      } finally {
        if (alive) setBusy(false);
      }
    };
    const visible = () => document.visibilityState === 'visible';
    void load();
    const onVisible = () => {
      if (visible()) void load();
    };
    const timer = setInterval(onVisible, REFRESH_MS);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      alive = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [rev, tick]);
  return { data, error, busy, reload: () => setTick((n) => n + 1) };
}

export function DashboardCard({ config, rev }: { config: GatewayConfig; rev: number }) {
  const { data, error, busy, reload } = useDashboard(rev);
  const now = Date.now();
  const days = lastDays(schoolDay(now, schoolTimeZone.value));
  return (
    <Card
      title={t('gatewayAdmin.dash.title')}
      description={t('gatewayAdmin.dash.hint')}
      class="gw-card gw-dash-card"
      actions={<Button size="sm" variant="ghost" icon="refresh" loading={busy} onClick={reload} aria-label={t('gatewayAdmin.dash.refresh')} />}
    >
      <div class="stack">
        {error ? <Alert tone="warning">{error}</Alert> : null}
        <div class="gw-tiles">
          {LADDER_CHANNELS.map((ch) => {
            const series = data ? channelSeries(data.days, ch, days) : [];
            const today = totals(series[series.length - 1]);
            const sum = sumTotals(series);
            const queue = data?.queues.find((q) => q.channel === ch);
            const eta = queue ? etaText(queue.etaAt, now, schoolTimeZone.value, locale.value) : null;
            const on = enabledIn(config, ch);
            const name = channelLabel(ch);
            return (
              <section key={ch} class="gw-tile" aria-label={name} data-channel={ch}>
                <header class="gw-tile-head">
                  <span class={`gw-tile-icon gw-icon-${ch}`} aria-hidden="true">
                    <Icon name={ICON[ch]} size={18} />
                  </span>
                  <h3 class="gw-tile-name">{name}</h3>
                  <Badge tone={on ? 'success' : 'neutral'}>{on ? t('gatewayAdmin.dash.on') : t('gatewayAdmin.dash.off')}</Badge>
                </header>
                <dl class="gw-today">
                  <div>
                    <dt>{t('gatewayAdmin.dash.sent')}</dt>
                    <dd>{data ? formatNumber(today.out) : '—'}</dd>
                  </div>
                  <div>
                    <dt>{t('gatewayAdmin.dash.delivered')}</dt>
                    <dd>{data ? formatNumber(today.delivered) : '—'}</dd>
                  </div>
                  <div class={today.failed ? 'gw-today-bad' : ''}>
                    <dt>{t('gatewayAdmin.dash.failed')}</dt>
                    <dd>{data ? formatNumber(today.failed) : '—'}</dd>
                  </div>
                </dl>
                <DayBars points={series} label={t('gatewayAdmin.dash.chartLabel', { channel: name, days: days.length, out: sum.out, delivered: sum.delivered, failed: sum.failed })} />
                <p class="gw-queue small">
                  {queue && queue.queued > 0 ? (
                    <span>
                      <strong>{t('gatewayAdmin.dash.queued', { n: formatNumber(queue.queued) })}</strong>
                      {eta ? ` · ${eta}` : null}
                    </span>
                  ) : (
                    <span class="muted">{t('gatewayAdmin.dash.queueEmpty')}</span>
                  )}
                  {queue && queue.planned > 0 ? <span class="muted">{t('gatewayAdmin.dash.planned', { n: formatNumber(queue.planned) })}</span> : null}
                </p>
              </section>
            );
          })}
        </div>
        <ul class="gw-legend small" aria-hidden="true">
          <li>
            <i class="gw-sw gw-bars-delivered" />
            {t('gatewayAdmin.dash.delivered')}
          </li>
          <li>
            <i class="gw-sw gw-bars-sent" />
            {t('gatewayAdmin.dash.sentNoReport')}
          </li>
          <li>
            <i class="gw-sw gw-bars-failed" />
            {t('gatewayAdmin.dash.failed')}
          </li>
        </ul>
        {config.sms.mode === 'gammu' && data ? <ModemPanel modem={data.modem} /> : null}
      </div>
    </Card>
  );
}

function ModemPanel({ modem }: { modem: ModemStatus }) {
  const dash = '—';
  const pct = (v: number | null) => (v === null ? dash : `${v}%`);
  return (
    <section class="gw-modem" aria-labelledby="gw-modem-title">
      <header class="gw-modem-head">
        <h3 id="gw-modem-title" class="gw-tile-name">
          {t('gatewayAdmin.modem.title')}
        </h3>
        <Badge tone={modem.running ? 'success' : 'warning'}>{modem.running ? t('gatewayAdmin.modem.running') : t('gatewayAdmin.modem.stopped')}</Badge>
        {modem.updatedAt ? <span class="small muted">{t('gatewayAdmin.modem.updated', { when: formatRelative(modem.updatedAt) })}</span> : null}
      </header>
      {modem.detail ? <p class="small gw-modem-detail">{modem.detail}</p> : null}
      <dl class="gw-facts">
        <div>
          <dt>{t('gatewayAdmin.modem.signal')}</dt>
          <dd>{modem.signalPercent === null ? dash : <Badge tone={signalTone(modem.signalPercent)}>{pct(modem.signalPercent)}</Badge>}</dd>
        </div>
        <div>
          <dt>{t('gatewayAdmin.modem.battery')}</dt>
          <dd>{pct(modem.batteryPercent)}</dd>
        </div>
        <div>
          <dt>{t('gatewayAdmin.modem.network')}</dt>
          <dd>{modem.network ?? dash}</dd>
        </div>
        <div>
          <dt>IMEI</dt>
          <dd class="mono">{modem.imei ?? dash}</dd>
        </div>
        <div>
          <dt>{t('gatewayAdmin.modem.counters')}</dt>
          <dd>{modem.sent === null && modem.received === null ? dash : t('gatewayAdmin.modem.countersValue', { sent: modem.sent ?? dash, received: modem.received ?? dash })}</dd>
        </div>
        <div>
          <dt>{t('gatewayAdmin.modem.balance')}</dt>
          <dd class="muted">{t('gatewayAdmin.modem.balanceUnknown')}</dd>
        </div>
      </dl>
    </section>
  );
}

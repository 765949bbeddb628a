// 推送 (web push): on/off, the box's VAPID public key (what push services know this server by), the
// per-minute limit and a test push to the admin's own devices.
import { useState } from 'preact/hooks';
import type { GatewayConfigView } from '../../../../server/modules/gateway/gateway.dto';
import { t } from '../../../i18n';
import { Button, Card, Switch, TextField } from '../../../ui';
import type { DraftCheck, GatewayDraft } from './gateway-draft';
import { RATE_RANGES } from './gateway-draft';
import { TestSend } from './TestSend';

export function PushCard({ draft, check, view, update }: { draft: GatewayDraft; check: DraftCheck; view: GatewayConfigView; update: (d: GatewayDraft) => void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(view.vapidPublicKey);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Card title={t('gatewayAdmin.push.title')} description={t('gatewayAdmin.push.hint')} class="gw-card">
      <div class="stack">
        <Switch label={t('gatewayAdmin.push.enabled')} checked={draft.pushEnabled} onChange={(v) => update({ ...draft, pushEnabled: v })} />
        <div class="field">
          <span class="field-label" id="gw-vapid-label">
            {t('gatewayAdmin.push.vapid')}
          </span>
          <div class="gw-key">
            <code class="mono gw-key-value" aria-labelledby="gw-vapid-label">
              {view.vapidPublicKey}
            </code>
            <Button size="sm" icon={copied ? 'check' : undefined} onClick={() => void copy()} aria-label={t('gatewayAdmin.push.copyLabel')}>
              {copied ? t('common.copied') : t('common.copy')}
            </Button>
          </div>
          <p class="field-hint">{t('gatewayAdmin.push.vapidHint')}</p>
        </div>
        <TextField
          label={t('gatewayAdmin.rates.push')}
          type="number"
          inputMode="numeric"
          min={RATE_RANGES.push.min}
          max={RATE_RANGES.push.max}
          value={draft.rates.push}
          onValue={(v) => update({ ...draft, rates: { ...draft.rates, push: v } })}
          error={check.errors['rates.push']}
          class="narrow-field gw-rate"
        />
        <TestSend channel="webpush" button={t('gatewayAdmin.push.test')} unsaved={check.changed.push} off={!view.config.pushEnabled} />
      </div>
    </Card>
  );
}

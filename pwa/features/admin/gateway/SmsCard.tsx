// 短信: off, a GSM modem driven by Gammu, or an SMS provider's HTTP API; the signature, the per-minute
// limit (a modem is slow: the dashboard shows when a blast will be out) and a test SMS.
import type { GatewayConfigView } from '../../../../server/modules/gateway/gateway.dto';
import { t } from '../../../i18n';
import { Card, Select, TextField } from '../../../ui';
import type { DraftCheck, GatewayDraft, SmsMode } from './gateway-draft';
import { MODEM_PER_MINUTE, PLACEHOLDERS, RATE_RANGES } from './gateway-draft';
import { SecretField } from './SecretField';
import { TestSend } from './TestSend';

export function SmsCard({ draft, check, view, update }: { draft: GatewayDraft; check: DraftCheck; view: GatewayConfigView; update: (d: GatewayDraft) => void }) {
  const s = draft.sms;
  const set = (patch: Partial<GatewayDraft['sms']>) => update({ ...draft, sms: { ...s, ...patch } });
  const setSecret = (k: 'gammuPin' | 'httpToken', v: string | null) => update({ ...draft, secrets: { ...draft.secrets, [k]: v } });
  const e = check.errors;
  return (
    <Card title={t('gatewayAdmin.sms.title')} description={t('gatewayAdmin.sms.hint')} class="gw-card">
      <div class="stack">
        <div class="gw-grid">
          <Select
            label={t('gatewayAdmin.sms.mode')}
            value={s.mode}
            options={(['off', 'gammu', 'http'] as const).map((v) => ({ value: v, label: t(`gatewayAdmin.sms.mode_${v}`) }))}
            onValue={(v) => set({ mode: v as SmsMode })}
          />
          <TextField
            label={t('gatewayAdmin.sms.signature')}
            value={s.signature}
            onValue={(v) => set({ signature: v })}
            error={e['sms.signature']}
            hint={t('gatewayAdmin.sms.signatureHint')}
            placeholder="【某某中学】"
            maxLength={30}
          />
        </div>

        {s.mode === 'gammu' ? (
          <fieldset class="gw-sub">
            <legend>{t('gatewayAdmin.sms.gammuTitle')}</legend>
            <div class="gw-grid">
              <TextField
                label={t('gatewayAdmin.sms.device')}
                value={s.device}
                onValue={(v) => set({ device: v })}
                error={e['sms.device']}
                hint={t('gatewayAdmin.sms.deviceHint')}
                placeholder="/dev/ttyUSB0"
                spellcheck={false}
                autoComplete="off"
                maxLength={255}
                class="mono-input"
              />
              <TextField
                label={t('gatewayAdmin.sms.connection')}
                value={s.connection}
                onValue={(v) => set({ connection: v })}
                error={e['sms.connection']}
                hint={t('gatewayAdmin.sms.connectionHint')}
                placeholder="at"
                spellcheck={false}
                autoComplete="off"
                maxLength={40}
                class="mono-input"
              />
              <SecretField
                label={t('gatewayAdmin.sms.pin')}
                isSet={view.secrets.gammuPin}
                value={draft.secrets.gammuPin}
                onValue={(v) => setSecret('gammuPin', v)}
                error={e['sms.pin']}
                inputMode="numeric"
                maxLength={8}
              />
            </div>
          </fieldset>
        ) : null}

        {s.mode === 'http' ? (
          <fieldset class="gw-sub">
            <legend>{t('gatewayAdmin.sms.httpTitle')}</legend>
            <div class="stack">
              <TextField
                label={t('gatewayAdmin.sms.url')}
                type="url"
                inputMode="url"
                value={s.url}
                onValue={(v) => set({ url: v })}
                error={e['sms.url']}
                placeholder="https://sms.example.com/api/send"
                spellcheck={false}
                autoComplete="off"
                maxLength={1000}
              />
              <SecretField label={t('gatewayAdmin.sms.token')} isSet={view.secrets.httpToken} value={draft.secrets.httpToken} onValue={(v) => setSecret('httpToken', v)} maxLength={500} />
              <TemplateField value={s.bodyTemplate} onValue={(v) => set({ bodyTemplate: v })} error={e['sms.bodyTemplate']} />
            </div>
          </fieldset>
        ) : null}

        <TextField
          label={t('gatewayAdmin.rates.sms')}
          type="number"
          inputMode="numeric"
          min={RATE_RANGES.sms.min}
          max={RATE_RANGES.sms.max}
          value={draft.rates.sms}
          onValue={(v) => update({ ...draft, rates: { ...draft.rates, sms: v } })}
          error={e['rates.sms']}
          hint={t('gatewayAdmin.rates.smsHint', MODEM_PER_MINUTE)}
          class="narrow-field gw-rate"
        />
        <TestSend
          channel="sms"
          button={t('gatewayAdmin.sms.test')}
          address={{ label: t('gatewayAdmin.sms.testTo'), placeholder: t('gatewayAdmin.sms.testToPlaceholder'), type: 'tel' }}
          unsaved={check.changed.sms}
          off={view.config.sms.mode === 'off'}
        />
      </div>
    </Card>
  );
}

function TemplateField({ value, onValue, error }: { value: string; onValue: (v: string) => void; error?: string | undefined }) {
  const id = 'gw-sms-template';
  return (
    <div class={`field ${error ? 'field-invalid' : ''}`}>
      <label class="field-label" for={id}>
        {t('gatewayAdmin.sms.template')}
      </label>
      <textarea
        id={id}
        class="input gw-textarea mono"
        rows={3}
        maxLength={2000}
        spellcheck={false}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
        onInput={(ev) => onValue((ev.currentTarget as HTMLTextAreaElement).value)}
      />
      <div id={`${id}-hint`} class="field-hint">
        <p>{t('gatewayAdmin.sms.templateHint')}</p>
        <dl class="gw-placeholders">
          {PLACEHOLDERS.map((p) => (
            <div key={p}>
              <dt class="mono">{`{{${p}}}`}</dt>
              <dd>{t(`gatewayAdmin.sms.placeholder_${p}`)}</dd>
            </div>
          ))}
        </dl>
      </div>
      {error ? (
        <div id={`${id}-error`} class="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

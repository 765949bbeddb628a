// 邮件 (SMTP): the relay the box sends through, the sender, the per-minute limit and a test mail.
import type { GatewayConfigView } from '../../../../server/modules/gateway/gateway.dto';
import { t } from '../../../i18n';
import { Card, Select, Switch, TextField } from '../../../ui';
import type { DraftCheck, GatewayDraft, SmtpSecurity } from './gateway-draft';
import { RATE_RANGES } from './gateway-draft';
import { SecretField } from './SecretField';
import { TestSend } from './TestSend';

/** The usual port for each kind of security, offered when the admin switches it. */
const DEFAULT_PORT: Record<SmtpSecurity, string> = { tls: '465', starttls: '587', none: '25' };

export function SmtpCard({ draft, check, view, update }: { draft: GatewayDraft; check: DraftCheck; view: GatewayConfigView; update: (d: GatewayDraft) => void }) {
  const s = draft.smtp;
  const set = (patch: Partial<GatewayDraft['smtp']>) => update({ ...draft, smtp: { ...s, ...patch } });
  const e = check.errors;
  const setSecurity = (security: SmtpSecurity) =>
    set({ security, port: Object.values(DEFAULT_PORT).includes(s.port.trim()) ? DEFAULT_PORT[security] : s.port });
  return (
    <Card title={t('gatewayAdmin.smtp.title')} description={t('gatewayAdmin.smtp.hint')} class="gw-card">
      <div class="stack">
        <Switch label={t('gatewayAdmin.smtp.enabled')} checked={s.enabled} onChange={(v) => set({ enabled: v })} />
        <div class="gw-grid">
          <TextField
            label={t('gatewayAdmin.smtp.host')}
            value={s.host}
            onValue={(v) => set({ host: v })}
            error={e['smtp.host']}
            placeholder="smtp.example.edu.cn"
            autoComplete="off"
            spellcheck={false}
            maxLength={255}
            class="gw-span"
          />
          <TextField
            label={t('gatewayAdmin.smtp.port')}
            type="number"
            inputMode="numeric"
            min={1}
            max={65535}
            value={s.port}
            onValue={(v) => set({ port: v })}
            error={e['smtp.port']}
          />
          <Select
            label={t('gatewayAdmin.smtp.security')}
            value={s.security}
            options={(['tls', 'starttls', 'none'] as const).map((v) => ({ value: v, label: t(`gatewayAdmin.smtp.security_${v}`) }))}
            onValue={(v) => setSecurity(v as SmtpSecurity)}
          />
          <TextField label={t('gatewayAdmin.smtp.user')} value={s.user} onValue={(v) => set({ user: v })} autoComplete="off" spellcheck={false} maxLength={255} />
          <SecretField
            label={t('gatewayAdmin.smtp.password')}
            isSet={view.secrets.smtpPassword}
            value={draft.secrets.smtpPassword}
            onValue={(v) => update({ ...draft, secrets: { ...draft.secrets, smtpPassword: v } })}
            maxLength={500}
          />
          <TextField label={t('gatewayAdmin.smtp.fromName')} value={s.fromName} onValue={(v) => set({ fromName: v })} maxLength={100} />
          <TextField
            label={t('gatewayAdmin.smtp.fromAddress')}
            type="email"
            inputMode="email"
            value={s.fromAddress}
            onValue={(v) => set({ fromAddress: v })}
            error={e['smtp.fromAddress']}
            placeholder="xiaoban@example.edu.cn"
            autoComplete="off"
            maxLength={255}
          />
        </div>
        {s.security !== 'none' ? (
          <Switch label={t('gatewayAdmin.smtp.selfSigned')} hint={t('gatewayAdmin.smtp.selfSignedHint')} checked={s.allowSelfSigned} onChange={(v) => set({ allowSelfSigned: v })} />
        ) : (
          <p class="field-hint">{t('gatewayAdmin.smtp.plainHint')}</p>
        )}
        <TextField
          label={t('gatewayAdmin.rates.email')}
          type="number"
          inputMode="numeric"
          min={RATE_RANGES.email.min}
          max={RATE_RANGES.email.max}
          value={draft.rates.email}
          onValue={(v) => update({ ...draft, rates: { ...draft.rates, email: v } })}
          error={e['rates.email']}
          hint={t('gatewayAdmin.rates.emailHint')}
          class="narrow-field gw-rate"
        />
        <TestSend
          channel="email"
          button={t('gatewayAdmin.smtp.test')}
          address={{ label: t('gatewayAdmin.smtp.testTo'), placeholder: t('gatewayAdmin.smtp.testToPlaceholder'), type: 'email' }}
          unsaved={check.changed.smtp}
          off={!view.config.smtp.enabled}
        />
      </div>
    </Card>
  );
}

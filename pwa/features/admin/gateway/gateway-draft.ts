// The channel configuration as the admin page edits it. Numbers stay text while typed; secrets are
// write-only: null (or empty) means "keep the stored one", so a saved body leaves them out unless changed.
// checkDraft() mirrors the server's rules so the admin sees problems next to the field, not after saving.
import type { GatewayConfig } from '../../../../server/modules/gateway/gateway.dto';
import { t } from '../../../i18n';
import { checkLadder, policyDraftOf, URGENCIES, type PolicyDraft, type RungProblem } from './ladder';

export type SmtpSecurity = GatewayConfig['smtp']['security'];
export type SmsMode = GatewayConfig['sms']['mode'];

export interface GatewayDraft {
  smtp: { enabled: boolean; host: string; port: string; security: SmtpSecurity; user: string; fromName: string; fromAddress: string; allowSelfSigned: boolean };
  sms: { mode: SmsMode; signature: string; device: string; connection: string; url: string; bodyTemplate: string };
  /** New values typed by the admin; null = unchanged. */
  secrets: { smtpPassword: string | null; gammuPin: string | null; httpToken: string | null };
  rates: { sms: string; email: string; push: string };
  pushEnabled: boolean;
  policy: PolicyDraft;
}

export const RATE_RANGES = { sms: { min: 1, max: 600 }, email: { min: 1, max: 6000 }, push: { min: 1, max: 60000 } } as const;
/** A GSM modem sends roughly this many a minute. */
export const MODEM_PER_MINUTE = { min: 6, max: 10 } as const;
export const PLACEHOLDERS = ['phone', 'text', 'ref'] as const;

export type FieldKey =
  | 'smtp.host'
  | 'smtp.port'
  | 'smtp.fromAddress'
  | 'smtp.password'
  | 'sms.signature'
  | 'sms.device'
  | 'sms.connection'
  | 'sms.pin'
  | 'sms.url'
  | 'sms.bodyTemplate'
  | 'rates.sms'
  | 'rates.email'
  | 'rates.push';

/** Which card a change belongs to (a card's "send test" uses the saved settings, so it waits for a save). */
export type Section = 'smtp' | 'sms' | 'push' | 'policy';

export interface DraftCheck {
  errors: Partial<Record<FieldKey, string>>;
  policy: Record<keyof PolicyDraft, RungProblem[]>;
  /** The PUT body, or null while something is invalid. */
  body: GatewayConfig | null;
  changed: Record<Section, boolean>;
  changedCount: number;
}

export function draftOf(c: GatewayConfig): GatewayDraft {
  return {
    smtp: { enabled: c.smtp.enabled, host: c.smtp.host, port: String(c.smtp.port), security: c.smtp.security, user: c.smtp.user, fromName: c.smtp.fromName, fromAddress: c.smtp.fromAddress, allowSelfSigned: c.smtp.allowSelfSigned },
    sms: { mode: c.sms.mode, signature: c.sms.signature, device: c.sms.gammu.device, connection: c.sms.gammu.connection, url: c.sms.http.url, bodyTemplate: c.sms.http.bodyTemplate },
    secrets: { smtpPassword: null, gammuPin: null, httpToken: null },
    rates: { sms: String(c.rates.smsPerMinute), email: String(c.rates.emailPerMinute), push: String(c.rates.pushPerMinute) },
    pushEnabled: c.pushEnabled,
    policy: policyDraftOf(c.policy),
  };
}

function wholeNumber(text: string, range: { min: number; max: number }): number | undefined {
  const s = text.trim();
  if (!/^\d{1,6}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= range.min && n <= range.max ? n : undefined;
}

/** A typed secret counts only when not empty: empty keeps the stored one. */
const secret = (v: string | null) => (v ? v : undefined);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** 【学校名称】: the form Chinese carriers require at the start of an SMS. */
const SIGNATURE = /^【[^【】]{1,28}】$/;

/** The provider's body must be JSON once the placeholders are filled in (values are JSON-escaped there). */
export function templateProblem(template: string): string | null {
  const missing = ['phone', 'text'].filter((p) => !template.includes(`{{${p}}}`));
  if (missing.length) return t('gatewayAdmin.sms.templateMissing', { names: missing.map((p) => `{{${p}}}`).join(' ') });
  try {
    JSON.parse(template.replace(/\{\{(phone|text|ref)\}\}/g, 'x'));
  } catch {
    return t('gatewayAdmin.sms.templateNotJson');
  }
  return null;
}

function fieldErrors(d: GatewayDraft): DraftCheck['errors'] {
  const e: DraftCheck['errors'] = {};
  if (wholeNumber(d.smtp.port, { min: 1, max: 65535 }) === undefined) e['smtp.port'] = t('gatewayAdmin.smtp.portInvalid');
  if (d.smtp.enabled && !d.smtp.host.trim()) e['smtp.host'] = t('gatewayAdmin.smtp.hostMissing');
  const from = d.smtp.fromAddress.trim();
  if (from && !EMAIL.test(from)) e['smtp.fromAddress'] = t('gatewayAdmin.smtp.fromInvalid');
  else if (d.smtp.enabled && !from) e['smtp.fromAddress'] = t('gatewayAdmin.smtp.fromMissing');

  const sig = d.sms.signature.trim();
  if (sig && !SIGNATURE.test(sig)) e['sms.signature'] = t('gatewayAdmin.sms.signatureInvalid');
  if (d.sms.mode === 'gammu') {
    if (!d.sms.device.trim()) e['sms.device'] = t('gatewayAdmin.sms.deviceMissing');
    if (!d.sms.connection.trim()) e['sms.connection'] = t('gatewayAdmin.sms.connectionMissing');
  }
  if (d.secrets.gammuPin && !/^\d{4,8}$/.test(d.secrets.gammuPin)) e['sms.pin'] = t('gatewayAdmin.sms.pinInvalid');
  if (d.sms.mode === 'http') {
    if (!/^https?:\/\/\S+$/.test(d.sms.url.trim())) e['sms.url'] = t('gatewayAdmin.sms.urlInvalid');
    const problem = templateProblem(d.sms.bodyTemplate);
    if (problem) e['sms.bodyTemplate'] = problem;
  }

  for (const k of ['sms', 'email', 'push'] as const) {
    if (wholeNumber(d.rates[k], RATE_RANGES[k]) === undefined) e[`rates.${k}`] = t('gatewayAdmin.rateRange', RATE_RANGES[k]);
  }
  return e;
}

/** The configuration the draft describes, secrets left out (the server keeps what it has). Undefined numbers become NaN and never compare equal. */
function configOf(d: GatewayDraft, policy: GatewayConfig['policy']): GatewayConfig {
  const num = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : NaN);
  return {
    smtp: {
      enabled: d.smtp.enabled,
      host: d.smtp.host.trim(),
      port: num(d.smtp.port),
      security: d.smtp.security,
      user: d.smtp.user.trim(),
      fromName: d.smtp.fromName.trim(),
      fromAddress: d.smtp.fromAddress.trim(),
      allowSelfSigned: d.smtp.allowSelfSigned,
    },
    sms: {
      mode: d.sms.mode,
      signature: d.sms.signature.trim(),
      gammu: { device: d.sms.device.trim(), connection: d.sms.connection.trim() },
      http: { url: d.sms.url.trim(), bodyTemplate: d.sms.bodyTemplate },
    },
    rates: { smsPerMinute: num(d.rates.sms), emailPerMinute: num(d.rates.email), pushPerMinute: num(d.rates.push) },
    policy,
    pushEnabled: d.pushEnabled,
  };
}

export function checkDraft(d: GatewayDraft, saved: GatewayConfig): DraftCheck {
  const errors = fieldErrors(d);
  const ladders = URGENCIES.map((u) => [u, checkLadder(d.policy[u])] as const);
  const policyProblems = Object.fromEntries(ladders.map(([u, l]) => [u, l.problems])) as DraftCheck['policy'];
  const policyOk = ladders.every(([, l]) => l.steps !== null);
  const policy = Object.fromEntries(ladders.map(([u, l]) => [u, l.steps ?? []])) as GatewayConfig['policy'];

  const next = configOf(d, policy);
  const base = configOf(draftOf(saved), saved.policy);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const changed: Record<Section, boolean> = {
    smtp: !same(next.smtp, base.smtp) || next.rates.emailPerMinute !== base.rates.emailPerMinute || !!secret(d.secrets.smtpPassword),
    sms: !same(next.sms, base.sms) || next.rates.smsPerMinute !== base.rates.smsPerMinute || !!secret(d.secrets.gammuPin) || !!secret(d.secrets.httpToken),
    push: next.pushEnabled !== base.pushEnabled || next.rates.pushPerMinute !== base.rates.pushPerMinute,
    policy: !same(d.policy, policyDraftOf(saved.policy)),
  };
  const changedCount = Object.values(changed).filter(Boolean).length;

  let body: GatewayConfig | null = null;
  if (!Object.keys(errors).length && policyOk) {
    const password = secret(d.secrets.smtpPassword);
    const pin = secret(d.secrets.gammuPin);
    const token = secret(d.secrets.httpToken);
    body = {
      ...next,
      smtp: { ...next.smtp, ...(password ? { password } : {}) },
      sms: { ...next.sms, gammu: { ...next.sms.gammu, ...(pin ? { pin } : {}) }, http: { ...next.sms.http, ...(token ? { token } : {}) } },
    };
  }
  return { errors, policy: policyProblems, body, changed, changedCount };
}

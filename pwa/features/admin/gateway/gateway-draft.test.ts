import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import { DEFAULT_GATEWAY_CONFIG, type GatewayConfig } from '../../../../server/modules/gateway/gateway.dto';
import { checkDraft, draftOf, templateProblem, type GatewayDraft } from './gateway-draft';
import { gatewayErrorText } from './gateway-errors';
import { addRung } from './ladder';

const saved: GatewayConfig = {
  ...DEFAULT_GATEWAY_CONFIG,
  smtp: { ...DEFAULT_GATEWAY_CONFIG.smtp, enabled: true, host: 'smtp.school.cn', user: 'xb', fromAddress: 'xb@school.cn' },
};
const edit = (f: (d: GatewayDraft) => void): GatewayDraft => {
  const d = structuredClone(draftOf(saved));
  f(d);
  return d;
};

describe('gateway settings draft', () => {
  it('an untouched draft changes nothing and saves the same configuration, without secrets', () => {
    const c = checkDraft(draftOf(saved), saved);
    expect(c.changedCount).toBe(0);
    expect(c.errors).toEqual({});
    expect(c.body).toEqual(saved);
    expect(c.body!.smtp).not.toHaveProperty('password');
    expect(c.body!.sms.gammu).not.toHaveProperty('pin');
    expect(c.body!.sms.http).not.toHaveProperty('token');
  });

  it('sends a secret only when one was typed (empty keeps the stored one)', () => {
    expect(checkDraft(edit((d) => (d.secrets.smtpPassword = '')), saved).body!.smtp).not.toHaveProperty('password');
    const c = checkDraft(edit((d) => (d.secrets.smtpPassword = 'n3w-Secret')), saved);
    expect(c.body!.smtp.password).toBe('n3w-Secret');
    expect(c.changed).toEqual({ smtp: true, sms: false, push: false, policy: false });
    const sms = checkDraft(edit((d) => ((d.secrets.gammuPin = '1234'), (d.secrets.httpToken = 'tok'))), saved);
    expect(sms.body!.sms.gammu.pin).toBe('1234');
    expect(sms.body!.sms.http.token).toBe('tok');
    expect(sms.changed.sms).toBe(true);
  });

  it('mirrors the server: SMTP on needs a host and a sender address', () => {
    const c = checkDraft(edit((d) => ((d.smtp.host = ' '), (d.smtp.fromAddress = ''))), saved);
    expect(c.body).toBeNull();
    expect(c.errors['smtp.host']).toBe('请填写 SMTP 服务器地址');
    expect(c.errors['smtp.fromAddress']).toBe('启用邮件需要发件人地址');
    // switched off, an empty relay is fine
    expect(checkDraft(edit((d) => ((d.smtp.enabled = false), (d.smtp.host = ''), (d.smtp.fromAddress = ''))), saved).body).not.toBeNull();
    expect(checkDraft(edit((d) => (d.smtp.fromAddress = 'not-an-address')), saved).errors['smtp.fromAddress']).toBe('发件人地址格式不对');
    expect(checkDraft(edit((d) => (d.smtp.port = '70000')), saved).errors['smtp.port']).toBeDefined();
  });

  it('checks the SMS settings of the chosen mode only', () => {
    const gammu = checkDraft(edit((d) => ((d.sms.mode = 'gammu'), (d.sms.device = ''), (d.secrets.gammuPin = '12'))), saved);
    expect(Object.keys(gammu.errors).sort()).toEqual(['sms.device', 'sms.pin']);
    const http = checkDraft(edit((d) => ((d.sms.mode = 'http'), (d.sms.url = 'sms.example.com'))), saved);
    expect(Object.keys(http.errors)).toEqual(['sms.url']);
    const ok = checkDraft(edit((d) => ((d.sms.mode = 'http'), (d.sms.url = 'https://sms.example.com/send'))), saved);
    expect(ok.body!.sms).toMatchObject({ mode: 'http', http: { url: 'https://sms.example.com/send' } });
    expect(checkDraft(edit((d) => (d.sms.signature = '某某中学')), saved).errors['sms.signature']).toBe('签名需写成【学校名称】的形式');
  });

  it('wants a provider template that is JSON with {{phone}} and {{text}}', () => {
    expect(templateProblem(DEFAULT_GATEWAY_CONFIG.sms.http.bodyTemplate)).toBeNull();
    expect(templateProblem('{"to":"{{phone}}"}')).toBe('模板中缺少 {{text}}');
    expect(templateProblem('phone={{phone}}&text={{text}}')).toBe('填入占位符后不是有效的 JSON');
  });

  it('keeps rate limits within the server ranges', () => {
    const c = checkDraft(edit((d) => ((d.rates.sms = '0'), (d.rates.email = '6001'), (d.rates.push = '1.5'))), saved);
    expect(c.errors).toEqual({ 'rates.sms': '请填写 1–600 之间的整数', 'rates.email': '请填写 1–6000 之间的整数', 'rates.push': '请填写 1–60000 之间的整数' });
    const ok = checkDraft(edit((d) => (d.rates.sms = '8')), saved);
    expect(ok.body!.rates.smsPerMinute).toBe(8);
    expect(ok.changed).toEqual({ smtp: false, sms: true, push: false, policy: false });
  });

  it('saves an added rung with the rest of the policy; a broken ladder blocks saving', () => {
    const added = checkDraft(edit((d) => (d.policy.high = addRung(d.policy.high))), saved);
    expect(added.changed.policy).toBe(true);
    expect(added.body!.policy.high).toEqual([...saved.policy.high, { afterMinutes: 180, channels: ['email'] }]);
    const broken = checkDraft(edit((d) => (d.policy.urgent[1]!.afterMinutes = '0')), saved);
    expect(broken.body).toBeNull();
    expect(broken.policy.urgent[1]!.minutes).toBe('须晚于上一级（立即）');
  });

  it('translates the gateway problem codes with their channel and field', () => {
    expect(gatewayErrorText(new ApiError({ code: 'CHANNEL_NOT_CONFIGURED', status: 409, extras: { channel: 'email' } }))).toBe('邮件渠道尚未配置或未开启');
    expect(gatewayErrorText(new ApiError({ code: 'CHANNEL_NO_ADDRESS', status: 422, extras: { channel: 'sms' } }))).toBe('你的个人资料里没有手机号，请填写号码');
    expect(gatewayErrorText(new ApiError({ code: 'GATEWAY_CONFIG_INVALID', status: 422, extras: { field: 'smtp' } }))).toBe('启用邮件需要 SMTP 服务器和发件人地址');
    expect(gatewayErrorText(new ApiError({ code: 'GATEWAY_CONFIG_INVALID', status: 422, extras: { field: 'sms.http.url' } }))).toBe('接口地址须以 http:// 或 https:// 开头');
  });
});

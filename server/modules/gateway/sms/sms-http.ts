// An SMS provider over HTTP (for schools that buy SMS): POST the admin's JSON template with {{phone}},
// {{text}} and {{ref}} filled in (JSON-escaped), `Authorization: Bearer` when a token is set, and
// `Idempotency-Key: <attempt id>` so a retry after a timeout is not a second message at a provider that
// honours it. 2xx = sent; 4xx = this request will never work (escalate); 429, 408, 5xx, network errors and
// timeouts = try again later.
import { ChannelError, type SendOutcome } from '../gateway.channels.js';
import type { HttpSmsConfig } from '../gateway.dto.js';

export interface HttpSmsMessage {
  phone: string;
  text: string;
  /** The attempt id: {{ref}} and the Idempotency-Key. */
  ref: string;
}

export interface HttpSmsOptions {
  timeoutSeconds?: number;
  fetch?: typeof fetch;
}

const MAX_ANSWER = 64 * 1024;

const jsonEscaped = (v: string) => JSON.stringify(v).slice(1, -1);

/** Pure: the request body. Throws when the template does not make JSON (a broken template would fail every send). */
export function renderBody(template: string, m: HttpSmsMessage): string {
  const values: Record<string, string> = { phone: m.phone, text: m.text, ref: m.ref };
  const body = template.replace(/\{\{\s*(phone|text|ref)\s*\}\}/g, (_, key: string) => jsonEscaped(values[key]!));
  try {
    JSON.parse(body);
  } catch {
    throw new ChannelError('The SMS provider body template does not make valid JSON', 'permanent');
  }
  return body;
}

/** The provider's id for the message, if its answer names one (id, ref, messageId — at the top or under data). */
export function answerRef(answer: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(answer);
  } catch {
    return null;
  }
  const pick = (o: unknown): string | null => {
    if (!o || typeof o !== 'object') return null;
    for (const key of ['messageId', 'message_id', 'id', 'ref', 'reference']) {
      const v = (o as Record<string, unknown>)[key];
      if ((typeof v === 'string' && v.trim()) || typeof v === 'number') return String(v).slice(0, 200);
    }
    return null;
  };
  return pick(json) ?? pick((json as { data?: unknown } | null)?.data);
}

async function readAnswer(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  return text.slice(0, MAX_ANSWER);
}

const short = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 200);

export async function sendHttpSms(cfg: HttpSmsConfig, m: HttpSmsMessage, o: HttpSmsOptions = {}): Promise<SendOutcome> {
  if (!/^https?:\/\//i.test(cfg.url)) throw new ChannelError('The SMS provider URL is not set', 'permanent');
  const body = renderBody(cfg.bodyTemplate, m);
  const timeoutSeconds = o.timeoutSeconds ?? 15;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', 'idempotency-key': m.ref };
  if (cfg.token) headers.authorization = `Bearer ${cfg.token}`;
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(cfg.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutSeconds * 1000) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const why = e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer within ${timeoutSeconds} s` : (e.cause?.code ?? e.message);
    throw new ChannelError(`SMS provider unreachable: ${why}`, 'retry');
  }
  const answer = await readAnswer(res);
  if (res.status >= 200 && res.status < 300) return { status: 'sent', ref: answerRef(answer) ?? m.ref, detail: `HTTP ${res.status}` };
  const said = short(answer);
  if (res.status === 429 || res.status === 408 || res.status >= 500) throw new ChannelError(`SMS provider answered HTTP ${res.status}${said ? `: ${said}` : ''}`, 'retry');
  if (res.status >= 300 && res.status < 400) throw new ChannelError(`SMS provider redirected (HTTP ${res.status}); set its final URL`, 'permanent');
  throw new ChannelError(`SMS provider rejected it (HTTP ${res.status}${said ? `: ${said}` : ''})`, 'permanent');
}

// SMS through an HTTP provider, against a real HTTP server on 127.0.0.1 that records what it gets and answers
// as scripted: the body template filled in with JSON-escaped values, the bearer token, the attempt id as
// Idempotency-Key (the same on every retry), 5xx retried, 4xx failing the rung and bringing the next forward.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelError } from '../../../server/modules/gateway/gateway.channels.js';
import { sendHttpSms } from '../../../server/modules/gateway/sms/sms-http.js';
import { smsText } from '../../../server/modules/gateway/sms/sms.text.js';
import { makeApp, setupSchool, type TestApp } from '../../helpers/app.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let base: string;
const received: Received[] = [];
/** What the provider answers next (the last one repeats); 'hang' never answers. */
let script: ({ status: number; body: string } | 'hang')[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const next = script.length > 1 ? script.shift()! : script[0]!;
      if (next === 'hang') return;
      res.writeHead(next.status, { 'content-type': next.body.startsWith('{') ? 'application/json' : 'text/plain' }).end(next.body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const TEMPLATE = '{"mobile":"{{phone}}","content":"{{text}}","clientRef":"{{ref}}","sign":"校办"}';

describe('SMS through an HTTP provider', () => {
  let t: TestApp;
  let admin: string;
  let userId: string;

  async function configure(policy?: unknown) {
    const view = (await t.app.inject({ method: 'GET', url: '/api/admin/gateway', headers: { cookie: admin } })).json();
    const config = {
      ...view.config,
      sms: { ...view.config.sms, mode: 'http', signature: '【测试中学】', http: { url: `${base}/v1/sms/send`, token: 'tok-7f3a', bodyTemplate: TEMPLATE } },
      policy: { ...view.config.policy, urgent: policy ?? [{ afterMinutes: 0, channels: ['sms'] }] },
    };
    const res = await t.app.inject({ method: 'PUT', url: '/api/admin/gateway', headers: { cookie: admin }, payload: config });
    expect(res.statusCode).toBe(200);
    expect(res.json().secrets.httpToken).toBe(true);
    expect(JSON.stringify(res.json())).not.toContain('tok-7f3a');
  }

  const attempts = (itemId: string) =>
    t.app.services.db.sqlite.prepare(`SELECT * FROM delivery_attempts WHERE item_id = ? AND channel = 'sms' ORDER BY step`).all(itemId) as {
      id: string; step: number; status: string; reason: string | null; tries: number; provider_ref: string | null; detail: string | null; due_at: string;
    }[];

  const deliver = (title: string, body: string) =>
    t.app.services.gateway.deliver([userId], { kind: 'notice.published', title, body, link: '/notices/n-1', urgency: 'urgent', category: 'notice.safety' }).get(userId)!;

  beforeEach(async () => {
    received.length = 0;
    t = await makeApp();
    admin = await setupSchool(t.app);
    const res = await t.app.inject({ method: 'POST', url: '/api/org/people', headers: { cookie: admin }, payload: { username: 'smsuser', displayName: '李老师', phone: '139 0013 9000' } });
    userId = res.json().person.id;
  });
  afterEach(() => t.close());

  it('posts the template with JSON-escaped values, the bearer token and the attempt id as idempotency key', async () => {
    await configure();
    script = [{ status: 200, body: '{"code":0,"data":{"messageId":"prov-42"}}' }];
    const title = '台风"梅花"预警\n明日停课';
    const body = '请通知家长：学生\\居家，不要返校。';
    const itemId = deliver(title, body);
    await t.app.services.gateway.dispatcher.drain();

    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req).toMatchObject({ method: 'POST', url: '/v1/sms/send' });
    expect(req!.headers).toMatchObject({ authorization: 'Bearer tok-7f3a', 'content-type': 'application/json; charset=utf-8' });
    const [attempt] = attempts(itemId);
    expect(req!.headers['idempotency-key']).toBe(attempt!.id);
    expect(req!.body).toContain('\\"梅花\\"'); // escaped inside the JSON string, not breaking out of it
    const url = new URL('/notices/n-1', t.app.services.gateway.testMessage('x', 'sms').url).href;
    expect(JSON.parse(req!.body)).toEqual({ mobile: '13900139000', content: smsText({ signature: '【测试中学】', title, body, url }), clientRef: attempt!.id, sign: '校办' });
    expect(attempt).toMatchObject({ status: 'sent', tries: 1, provider_ref: 'prov-42', detail: 'HTTP 200' });
  });

  it('retries after a 500 with the same idempotency key, then counts it sent', async () => {
    await configure();
    script = [{ status: 500, body: 'upstream busy' }, { status: 202, body: 'accepted' }];
    const itemId = deliver('期中考试成绩已发布', '请登录查看');
    await t.app.services.gateway.dispatcher.drain();
    const [first] = attempts(itemId);
    expect(first).toMatchObject({ status: 'pending', reason: 'retrying', tries: 1 });
    expect(first!.detail).toContain('HTTP 500: upstream busy');

    t.clock.advance(31_000);
    await t.app.services.gateway.dispatcher.drain();
    const [second] = attempts(itemId);
    // No id in the answer: the attempt id is the reference.
    expect(second).toMatchObject({ status: 'sent', tries: 2, provider_ref: second!.id, detail: 'HTTP 202' });
    expect(received.map((r) => r.headers['idempotency-key'])).toEqual([second!.id, second!.id]);
  });

  it('fails the rung on a 400 and brings the next rung forward', async () => {
    await configure([{ afterMinutes: 0, channels: ['sms'] }, { afterMinutes: 60, channels: ['sms'] }]);
    script = [{ status: 400, body: '{"error":"invalid sign"}' }, { status: 200, body: '{"id":"prov-2"}' }];
    const itemId = deliver('家长会改期', '改至下周三下午');
    const plannedLater = attempts(itemId)[1]!.due_at;
    await t.app.services.gateway.dispatcher.drain();

    const [rung0, rung1] = attempts(itemId);
    expect(rung0).toMatchObject({ status: 'failed', reason: 'rejected', tries: 1 });
    expect(rung0!.detail).toContain('HTTP 400');
    expect(rung1).toMatchObject({ status: 'sent', tries: 1, provider_ref: 'prov-2' });
    expect(Date.parse(rung1!.due_at)).toBeLessThan(Date.parse(plannedLater)); // not an hour later
    expect(received).toHaveLength(2);
    expect(received[0]!.headers['idempotency-key']).not.toBe(received[1]!.headers['idempotency-key']);
  });

  it('shows the provider on the dashboard and skips people without a mobile number', async () => {
    await configure();
    script = [{ status: 200, body: '{}' }];
    const dash = (await t.app.inject({ method: 'GET', url: '/api/admin/gateway/dashboard', headers: { cookie: admin } })).json();
    expect(dash.modem).toMatchObject({ mode: 'http', running: true, detail: new URL(base).host });

    const noPhone = (await t.app.inject({ method: 'POST', url: '/api/org/people', headers: { cookie: admin }, payload: { username: 'nophone', displayName: '王老师' } })).json().person.id;
    const itemId = t.app.services.gateway.deliver([noPhone], { kind: 'notice.published', title: '紧急', urgency: 'urgent', category: 'notice.safety' }).get(noPhone)!;
    await t.app.services.gateway.dispatcher.drain();
    expect(attempts(itemId)).toMatchObject([{ status: 'skipped', reason: 'no_address' }]);
    expect(received).toHaveLength(0);
  });
});

describe('the HTTP provider adapter', () => {
  const cfg = () => ({ url: `${base}/send`, bodyTemplate: '{"to":"{{phone}}","msg":"{{text}}"}' });
  const m = { phone: '13900139000', text: '测试', ref: 'att-1' };

  it('treats no answer within the timeout as transient', async () => {
    script = ['hang'];
    const err = await sendHttpSms(cfg(), m, { timeoutSeconds: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelError);
    expect(err).toMatchObject({ kind: 'retry', message: 'SMS provider unreachable: no answer within 1 s' });
  });

  it('treats a refused connection and 429 as transient, 401 as permanent', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await expect(sendHttpSms({ ...cfg(), url: `http://127.0.0.1:${port}/` }, m)).rejects.toMatchObject({ kind: 'retry', message: 'SMS provider unreachable: ECONNREFUSED' });

    script = [{ status: 429, body: 'slow down' }];
    await expect(sendHttpSms(cfg(), m)).rejects.toMatchObject({ kind: 'retry' });
    script = [{ status: 401, body: '{"error":"bad token"}' }];
    await expect(sendHttpSms(cfg(), m)).rejects.toMatchObject({ kind: 'permanent', message: 'SMS provider rejected it (HTTP 401: {"error":"bad token"})' });
  });

  it('refuses a template that does not make JSON, without calling the provider', async () => {
    received.length = 0;
    await expect(sendHttpSms({ ...cfg(), bodyTemplate: 'to={{phone}}&msg={{text}}' }, m)).rejects.toMatchObject({ kind: 'permanent' });
    expect(received).toHaveLength(0);
  });
});

// The admin's SMS modem settings: values that would smuggle lines into Gammu's configuration are refused,
// the SIM PIN never comes back, and a box without gammu-smsd keeps working with SMS reported as not running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../../server/config/config.js';
import type { SmsChannel } from '../../../server/modules/gateway/channels/sms.js';
import { expectProblem, makeApp, setupSchool, type TestApp } from '../../helpers/app.js';

describe('SMS modem settings', () => {
  let t: TestApp;
  let admin: string;
  let emptyPath: string;

  beforeEach(async () => {
    // A PATH without Gammu's programs: this box has no gammu-smsd.
    emptyPath = mkdtempSync(join(tmpdir(), 'xb-nopath-'));
    const files = testConfig({ dataDir: emptyPath }).files;
    t = await makeApp({ config: { files: { ...files, toolEnv: { PATH: emptyPath } } } });
    admin = await setupSchool(t.app);
  });
  afterEach(async () => {
    await t.close();
    rmSync(emptyPath, { recursive: true, force: true });
  });

  const save = async (sms: Record<string, unknown>) => {
    const view = (await t.app.inject({ method: 'GET', url: '/api/admin/gateway', headers: { cookie: admin } })).json();
    const payload = { ...view.config, sms: { ...view.config.sms, ...sms }, policy: { ...view.config.policy, urgent: [{ afterMinutes: 0, channels: ['sms'] }] } };
    return t.app.inject({ method: 'PUT', url: '/api/admin/gateway', headers: { cookie: admin }, payload });
  };

  it("refuses a device or connection that would add lines to Gammu's configuration", async () => {
    expectProblem(await save({ mode: 'gammu', gammu: { device: '/dev/ttyUSB0\nRunOnReceive = /bin/sh -c id', connection: 'at' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await save({ mode: 'gammu', gammu: { device: '/dev/ttyUSB0', connection: 'at ; x' } }), 400, 'VALIDATION_FAILED');
    expectProblem(await save({ mode: 'gammu', gammu: { device: '/dev/ttyUSB0', connection: 'at', pin: '12ab' } }), 400, 'VALIDATION_FAILED');
  });

  it('keeps the SIM PIN write-only', async () => {
    const res = await save({ mode: 'gammu', gammu: { device: '/dev/ttyUSB0', connection: 'at', pin: '4321' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().secrets.gammuPin).toBe(true);
    expect(res.json().config.sms.gammu).toEqual({ device: '/dev/ttyUSB0', connection: 'at' });
    expect(JSON.stringify((await t.app.inject({ method: 'GET', url: '/api/admin/gateway', headers: { cookie: admin } })).json())).not.toContain('4321');
  });

  it('without gammu-smsd: SMS is not running with the reason, no SMS is planned, everything else works', async () => {
    expect((await save({ mode: 'gammu', gammu: { device: '/dev/ttyUSB0', connection: 'at' } })).statusCode).toBe(200);
    const sms = t.app.services.gateway.channel('sms') as SmsChannel;
    await sms.start();
    expect(sms.enabled()).toBe(false);
    const dash = (await t.app.inject({ method: 'GET', url: '/api/admin/gateway/dashboard', headers: { cookie: admin } })).json();
    expect(dash.modem).toMatchObject({ mode: 'gammu', running: false });
    expect(dash.modem.detail).toMatch(/gammu-smsd is not installed/);

    const person = (await t.app.inject({ method: 'POST', url: '/api/org/people', headers: { cookie: admin }, payload: { username: 'zhaolaoshi', displayName: '赵老师', phone: '13700137000' } })).json().person;
    const itemId = t.app.services.gateway.deliver([person.id], { kind: 'notice.published', title: '紧急通知', urgency: 'urgent', category: 'notice.safety' }).get(person.id)!;
    expect(t.app.services.inbox.list(person.id, {}).items.map((i) => i.id)).toContain(itemId);
    expect(t.app.services.gateway.attempts([itemId]).get(itemId) ?? []).toEqual([]);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/admin/gateway/test', headers: { cookie: admin }, payload: { channel: 'sms', to: '13700137000' } }), 409, 'CHANNEL_NOT_CONFIGURED');
  });
});

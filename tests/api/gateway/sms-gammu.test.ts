// SMS through the real gammu-smsd (SQL backend on SQLite) and Gammu's dummy phone: long Chinese texts split
// into UCS-2 parts, delivery reports read back, the modem going away, a crash in the middle of a send, and the
// modem's status on the admin dashboard. Skipped (with a message) only where gammu-smsd is not installed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { smsText } from '../../../server/modules/gateway/sms/sms.text.js';
import { makeApp, setupSchool, type TestApp } from '../../helpers/app.js';
import { daemonsUnder, deliverReport, HAVE_GAMMU, joined, smsChannel, smsdTables, useDummyModem, waitFor } from '../../helpers/gammu.js';

if (!HAVE_GAMMU) console.warn('sms-gammu.test.ts skipped: gammu-smsd / gammu-smsd-inject are not installed (apt-get install gammu gammu-smsd libdbd-sqlite3)');

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'xb-sms-'));
  dirs.push(d);
  return d;
};

afterAll(() => {
  // The apps stop their daemons on close; anything still running here is a bug, but must not outlive the run.
  const left = daemonsUnder(dirs);
  for (const pid of left) process.kill(pid, 'SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  expect(left).toEqual([]);
});

async function personWithPhone(t: TestApp, admin: string, username: string, phone: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/org/people', headers: { cookie: admin }, payload: { username, displayName: '张老师', phone } });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().person.id as string;
}

function smsAttempt(t: TestApp, itemId: string) {
  return t.app.services.db.sqlite.prepare(`SELECT * FROM delivery_attempts WHERE item_id = ? AND channel = 'sms'`).get(itemId) as {
    id: string; status: string; reason: string | null; tries: number; provider_ref: string | null; detail: string | null; due_at: string;
  };
}

function deliverUrgent(t: TestApp, userId: string, title: string, body: string, link = '/notices/exam-week') {
  const ids = t.app.services.gateway.deliver([userId], { kind: 'notice.published', title, body, link, urgency: 'urgent', category: 'notice.admin' });
  return ids.get(userId)!;
}

/** The exact SMS a message becomes (what the people on the other end read). */
function expectedText(t: TestApp, title: string, body: string, link = '/notices/exam-week') {
  const base = t.app.services.gateway.testMessage('x', 'sms').url; // the box's absolute URL of /inbox
  return smsText({ signature: '【测试中学】', title, body, url: new URL(link, base).href });
}

describe.skipIf(!HAVE_GAMMU)('SMS through gammu-smsd with the dummy phone', () => {
  let t: TestApp;
  let admin: string;
  let dataDir: string;
  let device: string;

  beforeAll(async () => {
    dataDir = tempDir();
    device = join(dataDir, 'dummy-phone');
    t = await makeApp({ config: { dataDir } });
    admin = await setupSchool(t.app);
    await useDummyModem(t.app, admin, device);
    await smsChannel(t.app).start();
    await waitFor('the modem to connect', () => smsChannel(t.app).modemStatus().running);
  });
  afterAll(() => t?.close());

  it("shows the modem's signal, battery and network on the admin dashboard", async () => {
    // Connected first (the daemon's row), then its first status beat fills in signal and battery.
    const modem = await waitFor('the first status beat on the dashboard', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/admin/gateway/dashboard', headers: { cookie: admin } });
      expect(res.statusCode).toBe(200);
      const m = res.json().modem;
      return m.signalPercent !== null ? m : null;
    });
    // The dummy phone reports a fixed 42 % signal and a full battery (Gammu's libgammu/phone/dummy).
    expect(modem).toMatchObject({ mode: 'gammu', running: true, detail: null, signalPercent: 42, batteryPercent: 100, imei: '999999999999999' });
    expect(modem.network).toContain('GammuT3l');
    expect(Date.parse(modem.updatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('sends a 200-character Chinese message as three UCS-2 parts that join back to the exact text', async () => {
    const userId = await personWithPhone(t, admin, 'sms200', '+86 138-0013-8000');
    const title = '关于期末考试周监考安排的紧急通知';
    const frame = expectedText(t, title, '占');
    const body = '请各位老师于本周五前确认监考场次并到教务处领取监考证件，如有调换需提前报备。'.repeat(6).slice(0, 200 - frame.length + 1);
    const text = expectedText(t, title, body);
    expect([...text]).toHaveLength(200);

    const itemId = deliverUrgent(t, userId, title, body);
    await t.app.services.gateway.dispatcher.drain();

    const attempt = smsAttempt(t, itemId);
    expect(attempt).toMatchObject({ status: 'sent', tries: 1 });
    const smsd = smsdTables(dataDir);
    try {
      expect(smsd.messagesTo('13800138000')).toEqual([Number(attempt.provider_ref)]);
      const parts = smsd.sentParts(Number(attempt.provider_ref));
      expect(parts.map((p) => [p.SequencePosition, p.Status, p.Coding])).toEqual([
        [1, 'SendingOK', 'Unicode_No_Compression'],
        [2, 'SendingOK', 'Unicode_No_Compression'],
        [3, 'SendingOK', 'Unicode_No_Compression'],
      ]);
      expect(joined(parts)).toEqual({ text, total: 3 });
      expect(parts.map((p) => p.TextDecoded).join('')).toBe(text);
    } finally {
      smsd.close();
    }
  });

  it("sends the admin's test message through the modem", async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/admin/gateway/test', headers: { cookie: admin }, payload: { channel: 'sms', to: '138 0013 8009' } });
    expect(res.json()).toMatchObject({ ok: true, status: 'sent', detail: '1 part(s)' });
    const smsd = smsdTables(dataDir);
    try {
      const [id] = smsd.messagesTo('13800138009');
      expect(joined(smsd.sentParts(id!)).text).toMatch(/^【测试中学】校办测试消息（短信）：收到这条消息，说明此渠道工作正常。 http/);
    } finally {
      smsd.close();
    }
  });

  it("moves the attempt to 'delivered' when the network's delivery report comes back", async () => {
    const userId = await personWithPhone(t, admin, 'smsreport', '13800138001');
    const itemId = deliverUrgent(t, userId, '明早七点半全体教师会议', '地点：行政楼三楼会议室');
    await t.app.services.gateway.dispatcher.drain();
    const attempt = smsAttempt(t, itemId);
    expect(attempt.status).toBe('sent');
    expect(await t.app.services.gateway.dispatcher.pollReports()).toBe(0); // nothing reported yet

    const smsd = smsdTables(dataDir);
    try {
      const [part] = smsd.sentParts(Number(attempt.provider_ref));
      deliverReport(device, part!, 'Delivered');
      await waitFor('smsd to read the report', () => smsd.sentParts(Number(attempt.provider_ref)).every((p) => p.Status === 'DeliveryOK'));
    } finally {
      smsd.close();
    }
    expect(await t.app.services.gateway.dispatcher.pollReports()).toBe(1);
    const [view] = t.app.services.gateway.attempts([itemId]).get(itemId)!.filter((a) => a.channel === 'sms');
    expect(view).toMatchObject({ status: 'delivered' });
    expect(view!.deliveredAt).toBeTruthy();
    expect(await t.app.services.gateway.dispatcher.pollReports()).toBe(0); // reported once
  });
});

describe.skipIf(!HAVE_GAMMU)('when the modem goes away', () => {
  let t: TestApp;
  afterEach(() => t?.close());

  it('records the attempt and retries it; the supervisor restarts the daemon; the message then goes out once', async () => {
    const dataDir = tempDir();
    t = await makeApp({ config: { dataDir } });
    const admin = await setupSchool(t.app);
    await useDummyModem(t.app, admin, join(dataDir, 'modem-a'));
    const sms = smsChannel(t.app);
    await sms.start();
    await waitFor('the modem to connect', () => sms.modemStatus().running);
    const userId = await personWithPhone(t, admin, 'smsgone', '13800138002');

    // The modem is unplugged and the daemon dies with it.
    const first = sms.supervisor.status().pid!;
    rmSync(join(dataDir, 'modem-a'), { recursive: true, force: true });
    process.kill(first, 'SIGKILL');
    await waitFor('the supervisor to notice', () => !sms.supervisor.status().running);

    const itemId = deliverUrgent(t, userId, '今天下午停电检修', '请提前保存电脑上的文件');
    await t.app.services.gateway.dispatcher.drain();
    expect(smsAttempt(t, itemId)).toMatchObject({ status: 'pending', reason: 'retrying', tries: 1 });

    // Restarted with back-off, but without the modem it cannot connect: still retrying, and the dashboard says why.
    await waitFor('a restarted daemon', () => sms.supervisor.status().running && sms.supervisor.status().pid !== first);
    expect(sms.supervisor.status().restarts).toBeGreaterThanOrEqual(1);
    expect(sms.modemStatus()).toMatchObject({ running: false });
    t.clock.advance(31_000);
    await t.app.services.gateway.dispatcher.drain();
    const second = smsAttempt(t, itemId);
    expect(second).toMatchObject({ status: 'pending', reason: 'retrying', tries: 2 });
    expect(second.detail).toMatch(/modem not ready/);

    // The admin plugs the modem into another port and saves it: the daemon restarts with the new device.
    await useDummyModem(t.app, admin, join(dataDir, 'modem-b'));
    await waitFor('the modem to connect', () => sms.modemStatus().running);
    t.clock.advance(61_000);
    await t.app.services.gateway.dispatcher.drain();
    expect(smsAttempt(t, itemId)).toMatchObject({ status: 'sent', tries: 3 });

    const smsd = smsdTables(dataDir);
    try {
      const ids = smsd.messagesTo('13800138002');
      expect(ids).toHaveLength(1); // the failed tries never reached smsd's queue
      expect(joined(smsd.sentParts(ids[0]!)).text).toBe(expectedText(t, '今天下午停电检修', '请提前保存电脑上的文件'));
    } finally {
      smsd.close();
    }
  });
});

describe.skipIf(!HAVE_GAMMU)('a server crash in the middle of sending', () => {
  it('adopts the message an interrupted send handed to smsd, and sends again one that never got there', async () => {
    const dataDir = tempDir();
    const device = join(dataDir, 'modem');
    const before = await makeApp({ config: { dataDir } });
    let handed: string;
    let lost: string;
    let handedRef: string;
    let admin: string;
    try {
      admin = await setupSchool(before.app);
      await useDummyModem(before.app, admin, device);
      await smsChannel(before.app).start();
      await waitFor('the modem to connect', () => smsChannel(before.app).modemStatus().running);
      const a = await personWithPhone(before, admin, 'crash1', '13800138003');
      const b = await personWithPhone(before, admin, 'crash2', '13800138004');
      handed = deliverUrgent(before, a, '防汛应急演练通知', '周四上午第三节课全校演练');
      await before.app.services.gateway.dispatcher.drain();
      handedRef = smsAttempt(before, handed).provider_ref!;
      lost = deliverUrgent(before, b, '防汛应急演练通知', '周四上午第三节课全校演练');

      // What the database looks like when the process dies: the first send got as far as smsd (its outcome
      // not yet recorded), the second was claimed but never handed over.
      const sqlite = before.app.services.db.sqlite;
      const now = before.clock.now().toISOString();
      sqlite.prepare(`UPDATE delivery_attempts SET status = 'sending', locked_at = ?, provider_ref = NULL, sent_at = NULL, detail = NULL WHERE item_id = ? AND channel = 'sms'`).run(now, handed);
      sqlite.prepare(`UPDATE delivery_attempts SET status = 'sending', locked_at = ?, tries = tries + 1 WHERE item_id = ? AND channel = 'sms'`).run(now, lost);
    } finally {
      await before.close();
    }

    const after = await makeApp({ config: { dataDir } });
    try {
      await smsChannel(after.app).start();
      await waitFor('the modem to connect', () => smsChannel(after.app).modemStatus().running);
      await after.app.services.gateway.dispatcher.drain();

      expect(smsAttempt(after, handed!)).toMatchObject({ status: 'sent', provider_ref: handedRef!, detail: 'reconciled after restart', tries: 1 });
      expect(smsAttempt(after, lost!)).toMatchObject({ status: 'sent', tries: 2 });
      const smsd = smsdTables(dataDir);
      try {
        expect(smsd.messagesTo('13800138003')).toEqual([Number(handedRef!)]);
        expect(smsd.messagesTo('13800138004')).toEqual([Number(smsAttempt(after, lost!).provider_ref)]);
        expect(smsd.outboxCount()).toBe(0);
      } finally {
        smsd.close();
      }
    } finally {
      await after.close();
    }
  });
});

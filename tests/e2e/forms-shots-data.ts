// The school the forms screenshots show, made through the real API as an admin and the staff would make it:
// departments with heads, a few teachers and a vice principal, the school calendar, the ready-made forms
// published (设备领用 with a signature field added), and submissions in every state so each box has rows.
// Both projects share one server: the first one builds the school, the second finds it and reads the ids back.
import zlib from 'node:zlib';
import { expect, type APIRequestContext } from '@playwright/test';
import { ADMIN, apiSignIn } from './helpers.js';

const PASSWORD = 'Teacher2026x';

export interface ShotsData {
  forms: { leave: string; signup: string; equipment: string };
  /** A 请假申请 waiting for the admin (returned once, resubmitted): the detail page with the action bar. */
  pending: string;
  /** The admin's own 设备领用 with 总务处: a detail table and a signature among the answers. */
  equipment: string;
}

type Json = Record<string, unknown>;

async function ok<T>(res: Awaited<ReturnType<APIRequestContext['get']>>, what: string, status = 200): Promise<T> {
  expect(res.status(), `${what}: ${await res.text()}`).toBe(status);
  return (status === 204 ? undefined : await res.json()) as T;
}

async function department(admin: APIRequestContext, name: string, headId?: string): Promise<string> {
  const dept = await ok<{ id: string }>(await admin.post('/api/org/departments', { data: { name } }), `department ${name}`, 201);
  if (headId) await ok(await admin.patch(`/api/org/departments/${dept.id}`, { data: { headId } }), `head of ${name}`);
  return dept.id;
}

/** A staff member with their own password, signed in (the forced password change done). */
async function person(admin: APIRequestContext, input: Json): Promise<{ id: string; api: APIRequestContext }> {
  const created = await ok<{ person: { id: string; username: string }; initialPassword: string }>(
    await admin.post('/api/org/people', { data: input }),
    `person ${String(input.username)}`,
    201,
  );
  const api = await apiSignIn(created.person.username, created.initialPassword);
  await ok(await api.post('/api/auth/password', { data: { currentPassword: created.initialPassword, newPassword: PASSWORD } }), 'password', 204);
  return { id: created.person.id, api };
}

async function fromTemplate(admin: APIRequestContext, template: string, name: string, change?: (draft: Json) => Json): Promise<{ id: string; version: number }> {
  const def = await ok<Json & { id: string; admins: { id: string }[] }>(await admin.post('/api/forms', { data: { name, template } }), `form ${name}`, 201);
  if (change) {
    const draft: Json = {
      name: def.name, description: def.description, icon: def.icon, category: def.category, ownerDepartmentId: def.ownerDepartmentId,
      audience: def.audience, adminIds: def.admins.map((a) => a.id), schema: def.schema, flow: def.flow, settings: def.settings,
    };
    await ok(await admin.put(`/api/forms/${def.id}`, { data: change(draft) }), `save ${name}`);
  }
  const published = await ok<{ publishedVersion: number }>(await admin.post(`/api/forms/${def.id}/publish`), `publish ${name}`);
  return { id: def.id, version: published.publishedVersion };
}

async function submit(api: APIRequestContext, form: { id: string; version: number }, answers: Json): Promise<string> {
  const res = await api.post(`/api/forms/${form.id}/submissions`, { data: { version: form.version, answers } });
  return (await ok<{ id: string }>(res, 'submit', 201)).id;
}

async function act(api: APIRequestContext, id: string, body: Json): Promise<void> {
  await ok(await api.post(`/api/submissions/${id}/actions`, { data: body }), `${String(body.type)} ${id}`);
}

const leave = (leaveType: string, start: string, end: string, reason: string, extra: Json = {}): Json => ({
  leaveType, period: { start, end, startHalf: 'am', endHalf: 'pm' }, reason, needCover: '否', contact: '13912345678', ...extra,
});

/** 设备领用 with the applicant's signature at the end (a table, a calculated total and a signature on one form). */
function withSignature(draft: Json): Json {
  const schema = draft.schema as { sections: { key: string; fields: Json[] }[] };
  const sections = schema.sections.map((s) =>
    s.key === 'usage' ? { ...s, fields: [...s.fields, { type: 'signature', key: 'sign', label: '领用人签名', required: true }] } : s,
  );
  return { ...draft, schema: { sections } };
}

/** A handwritten-looking stroke as a PNG data URL (what the signature pad sends), drawn here without a browser. */
function signaturePng(): string {
  const w = 240;
  const h = 80;
  const px = Buffer.alloc(w * h * 4);
  const dot = (x: number, y: number) => {
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const xi = Math.round(x + dx);
        const yi = Math.round(y + dy);
        if (xi < 0 || yi < 0 || xi >= w || yi >= h) continue;
        px.set([28, 35, 48, 255], (yi * w + xi) * 4);
      }
    }
  };
  // A cursive-looking line: loops travelling to the right, then a flourish back underneath.
  for (let s = 0; s <= 1; s += 0.0004) {
    const a = s * Math.PI * 2 * 6;
    dot(24 + s * 170 + 12 * Math.cos(a), 38 - 16 * Math.sin(a) * (1 - 0.4 * s));
  }
  for (let s = 0; s <= 1; s += 0.001) dot(200 - s * 170, 62 + 6 * Math.sin(s * Math.PI));
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) px.copy(raw, y * (w * 4 + 1) + 1, y * w * 4, (y + 1) * w * 4);
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

async function build(admin: APIRequestContext, adminId: string): Promise<void> {
  const grade1 = await department(admin, '高一年级组', adminId);
  const grade8 = await department(admin, '初二年级组', adminId);
  const logistics = await department(admin, '总务处');
  const office = await department(admin, '综合办公室');
  const vp = await person(admin, { username: 'fsvp', displayName: '孙建华', roles: [{ role: 'principal' }, { role: 'staff' }] });
  const li = await person(admin, { username: 'fsli', displayName: '李文博', departmentId: grade1, supervisorId: adminId });
  const zhang = await person(admin, { username: 'fszhang', displayName: '张雅婷', departmentId: grade1, supervisorId: adminId });
  const chen = await person(admin, { username: 'fschen', displayName: '陈思远', departmentId: grade8, supervisorId: adminId });
  const zhao = await person(admin, { username: 'fszhao', displayName: '赵志强', departmentId: logistics });
  const zheng = await person(admin, { username: 'fszheng', displayName: '郑晓峰', departmentId: office });
  await ok(await admin.patch(`/api/org/departments/${logistics}`, { data: { headId: zhao.id } }), 'head of 总务处');

  await ok(
    await admin.put('/api/forms/calendar', {
      data: {
        holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', '2027-01-01'],
        workdays: ['2026-09-27', '2026-10-10'],
      },
    }),
    'calendar',
  );

  const leaveForm = await fromTemplate(admin, 'leave', '请假申请');
  const signup = await fromTemplate(admin, 'signup', '活动报名');
  const equipment = await fromTemplate(admin, 'equipment', '设备领用', withSignature);
  await fromTemplate(admin, 'seal', '用印申请');
  await fromTemplate(admin, 'vehicle', '用车申请');
  await fromTemplate(admin, 'circulation', '公文流转');

  // 待我审批: two leave requests wait for the admin (head of both grades); one came back once and was resubmitted.
  const pending = await submit(li.api, leaveForm, leave('事假', '2026-12-01', '2026-12-03', '家中老人住院，需要陪护。'));
  await act(admin, pending, { type: 'return', to: 'initiator', comment: '请写明代课安排后再提交。' });
  await ok(
    await li.api.put(`/api/submissions/${pending}`, {
      data: { answers: leave('事假', '2026-12-01', '2026-12-03', '家中老人住院，需要陪护。', { needCover: '是', coverPlan: '周二第3节 高一(2)班 语文 由张雅婷老师代课；周三第1节 高一(5)班 由教研组长安排。' }) },
    }),
    'resubmit',
  );
  await submit(chen.api, leaveForm, leave('病假', '2026-12-08', '2026-12-08', '感冒发烧，需去医院就诊。'));

  // 我已审批 and 抄送我: approved by the admin alone (one day), and by the admin and the vice principal (three days).
  const short = await submit(chen.api, leaveForm, leave('调休', '2026-11-16', '2026-11-16', '周末带学生参加市级竞赛，申请调休一天。'));
  await act(admin, short, { type: 'approve', comment: '同意' });
  const long = await submit(zhang.api, leaveForm, leave('年假', '2026-11-23', '2026-11-25', '回老家探亲。'));
  await act(admin, long, { type: 'approve', comment: '同意，请做好工作交接。' });
  await act(vp.api, long, { type: 'approve' });
  const waitingVp = await submit(li.api, leaveForm, leave('婚假', '2026-12-14', '2026-12-18', '本人结婚。'));
  await act(admin, waitingVp, { type: 'approve', comment: '恭喜！' });
  const rejected = await submit(zhang.api, leaveForm, leave('事假', '2026-12-21', '2026-12-22', '个人事务。'));
  await act(admin, rejected, { type: 'reject', comment: '期末考试周，请改期。' });

  // 我发起的: the admin's own equipment requests — one with 总务处, one returned to the admin.
  const items = [
    { name: '投影仪', model: '爱普生 CB-X51', qty: 2, amount: 6800 },
    { name: '无线话筒', model: '', qty: 4, amount: 960 },
  ];
  await submit(admin, equipment, { items, useDate: '2026-12-02', purpose: '高二年级报告厅改造，替换老旧设备。', sign: signaturePng() });
  const back = await submit(admin, equipment, { items: [{ name: '激光笔', qty: 10, amount: 350 }], useDate: '2026-12-05', purpose: '教研组公开课使用。', sign: signaturePng() });
  await act(zhao.api, back, { type: 'return', to: 'initiator', comment: '请补充型号规格。' });

  // 活动报名: no approval; a few teachers sign up.
  for (const [who, picks, size] of [[li, ['跳绳', '拔河'], 'L'], [zhang, ['羽毛球'], 'M'], [chen, ['接力', '拔河', '跳绳'], 'XL'], [zheng, ['拔河'], 'L']] as const) {
    await submit(who.api, signup, { phone: '13800138000', items: [...picks], size });
  }

  // 代理审批 next week (upcoming, so today's tasks still reach the admin).
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  await ok(await admin.put('/api/approvals/delegation', { data: { delegateId: zheng.id, startsOn: day(7), endsOn: day(12) } }), 'delegation');
  for (const p of [vp, li, zhang, chen, zhao, zheng]) await p.api.dispose();
}

/** Builds the school once per server and returns the ids the screenshots open. */
export async function formsShotsData(): Promise<ShotsData> {
  const admin = await apiSignIn(ADMIN.username, ADMIN.password);
  try {
    const me = await ok<{ user: { id: string } }>(await admin.get('/api/auth/me'), 'me');
    let managed = await ok<{ id: string; name: string }[]>(await admin.get('/api/forms/manage'), 'managed');
    if (!managed.some((f) => f.name === '请假申请')) {
      await build(admin, me.user.id);
      managed = await ok<{ id: string; name: string }[]>(await admin.get('/api/forms/manage'), 'managed');
    }
    const id = (name: string) => managed.find((f) => f.name === name)!.id;
    type Rows = { items: { id: string; formName: string; title: string; status: string }[] };
    const todo = await ok<Rows>(await admin.get('/api/approvals?box=todo'), 'todo');
    const pending = todo.items.find((i) => i.formName === '请假申请' && i.title.startsWith('李文博'));
    const mine = await ok<Rows>(await admin.get('/api/approvals?box=mine'), 'mine');
    const equipment = mine.items.find((i) => i.formName === '设备领用' && i.status === 'running');
    expect(pending, 'the pending leave request').toBeTruthy();
    expect(equipment, 'the running equipment request').toBeTruthy();
    return { forms: { leave: id('请假申请'), signup: id('活动报名'), equipment: id('设备领用') }, pending: pending!.id, equipment: equipment!.id };
  } finally {
    await admin.dispose();
  }
}

// Document preview and annotations: a PDF uploaded over tus is drawn by pdf.js; a note, a highlight and an
// ink stroke are added (mouse on desktop, real touch on the phone); the note stays on the same spot of the
// page when zooming; it is assigned to a colleague, who finds it under "assigned to me", replies and
// resolves it while the author watches; after a new version, the old annotations are marked "旧版本 v1".
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ROOT, apiSignIn, chineseName, createUser, expectNoHorizontalScroll, newDeviceContext, projectTag, signInUI, uniq } from './helpers.js';

const PASSWORD = 'Review2025pw';
const CONTRACT = path.join(ROOT, 'tests/fixtures/office/合同.pdf');

interface Uploaded {
  node: { id: string };
  version: { id: string; number: number };
}

/** The tus protocol by hand: creation with the metadata, then the whole file in one PATCH (its answer is UploadDone). */
async function tusUpload(api: APIRequestContext, meta: Record<string, string>, data: Buffer): Promise<Uploaded> {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const created = await api.post('/api/files/uploads', {
    headers: {
      'Tus-Resumable': '1.0.0',
      'Upload-Length': String(data.length),
      'Upload-Metadata': Object.entries(meta)
        .map(([k, v]) => `${k} ${b64(v)}`)
        .join(','),
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const done = await api.patch(created.headers()['location']!, {
    headers: { 'Tus-Resumable': '1.0.0', 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    data,
  });
  expect(done.status(), await done.text()).toBeLessThan(300);
  return (await done.json()) as Uploaded;
}

async function waitForPreview(api: APIRequestContext, fileId: string): Promise<void> {
  await expect
    .poll(async () => ((await (await api.get(`/api/files/nodes/${fileId}/preview`)).json()) as { status: string }).status, { timeout: 30_000 })
    .toBe('ready');
}

/** A second version that looks different: two pages of plain text. */
async function secondVersion(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const line of ['Contract, revised', 'Page two']) doc.addPage([595, 842]).drawText(line, { x: 60, y: 760, size: 28, font });
  return Buffer.from(await doc.save());
}

const isPhone = (info: TestInfo) => info.project.name === 'phone';

/** A tap: a mouse click on desktop, a real touch on the phone. */
async function tap(page: Page, info: TestInfo, x: number, y: number): Promise<void> {
  if (isPhone(info)) await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y);
}

/** A drag along the points: the mouse on desktop; on the phone a real touch sequence (CDP), so touch-action matters. */
async function drag(page: Page, info: TestInfo, points: { x: number; y: number }[]): Promise<void> {
  const [first, ...rest] = points;
  if (!first) return;
  if (!isPhone(info)) {
    await page.mouse.move(first.x, first.y);
    await page.mouse.down();
    for (const p of rest) await page.mouse.move(p.x, p.y, { steps: 3 });
    await page.mouse.up();
    return;
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: first.x, y: first.y }] });
  for (const p of rest) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: p.x, y: p.y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** Where a note's pin points, as fractions of the page canvas. */
async function pinSpot(page: Page): Promise<{ x: number; y: number }> {
  const canvas = (await page.locator('.pv-page').first().locator('canvas').boundingBox())!;
  const pin = (await page.locator('.pv-pin-note').first().boundingBox())!;
  return { x: (pin.x + pin.width / 2 - canvas.x) / canvas.width, y: (pin.y + pin.height - canvas.y) / canvas.height };
}

async function shot(page: Page, info: TestInfo, name: string): Promise<void> {
  if (process.env.E2E_SHOTS) await page.screenshot({ path: path.join(ROOT, '.tmp/shots', `preview-${name}-${info.project.name}.png`) });
}

test('preview a PDF, annotate, assign, reply and resolve; zoom keeps marks in place; old versions are marked', async ({ page, browser }, info) => {
  test.setTimeout(150_000);
  const run = `${projectTag(info)}${uniq()}`;
  const authorName = chineseName('周');
  const assigneeName = chineseName('吴');

  // Two teachers of one department: its space is where the contract goes, so both may see it.
  const admin = await apiSignIn();
  const dept = (await (await admin.post('/api/org/departments', { data: { name: `教研组${run}` } })).json()) as { id: string };
  const authorUser = `pva${run}`;
  const assigneeUser = `pvb${run}`;
  for (const [username, name] of [
    [authorUser, authorName],
    [assigneeUser, assigneeName],
  ] as const) {
    const id = await createUser(username, name, PASSWORD);
    const moved = await admin.patch(`/api/org/people/${id}`, { data: { departmentId: dept.id } });
    expect(moved.status(), await moved.text()).toBe(200);
  }
  await admin.dispose();

  const author = await apiSignIn(authorUser, PASSWORD);
  const spaces = (await (await author.get('/api/files/spaces')).json()) as { departments: { id: string; departmentId: string | null }[] };
  const space = spaces.departments.find((s) => s.departmentId === dept.id);
  expect(space, JSON.stringify(spaces)).toBeTruthy();
  const v1 = await tusUpload(author, { filename: '采购合同.pdf', parentId: space!.id }, readFileSync(CONTRACT));
  const fileId = v1.node.id;
  await waitForPreview(author, fileId);

  // The author opens the preview: page 1 is drawn by pdf.js.
  await signInUI(page, authorUser, PASSWORD);
  await page.goto(`/files/p/${fileId}`);
  await expect(page.getByRole('heading', { name: '采购合同.pdf', level: 1 })).toBeVisible();
  const firstPage = page.locator('.pv-page').first();
  await expect(firstPage.locator('.pv-canvas-holder')).toHaveAttribute('data-rendered', 'true', { timeout: 20_000 });
  const inked = await firstPage.locator('canvas').evaluate((c: any) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data as Uint8ClampedArray;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! < 160) n++;
    return n;
  });
  expect(inked, 'page 1 should have dark (text) pixels').toBeGreaterThan(200);
  if (isPhone(info)) await expectNoHorizontalScroll(page);

  const tools = page.getByRole('toolbar', { name: '批注工具栏' });
  const holder = firstPage.locator('.pv-canvas-holder');
  const box = async () => (await firstPage.locator('canvas').boundingBox())!;
  let b = await box();

  // A note: tap the spot, write, save.
  await tools.getByRole('button', { name: '文字批注', exact: true }).click();
  await tap(page, info, b.x + b.width * 0.6, b.y + b.height * 0.3);
  await page.getByLabel('批注内容').fill('金额请财务室再核对一下。');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('button', { name: /^批注 1，/ })).toBeVisible();

  // A highlight: drag a box.
  await tools.getByRole('button', { name: '高亮', exact: true }).click();
  await drag(page, info, [
    { x: b.x + b.width * 0.15, y: b.y + b.height * 0.45 },
    { x: b.x + b.width * 0.5, y: b.y + b.height * 0.47 },
    { x: b.x + b.width * 0.8, y: b.y + b.height * 0.49 },
  ]);
  await page.getByLabel('说明（可选）').fill('交货时间偏长');
  await page.getByRole('button', { name: '保存', exact: true }).click();

  // Ink: one stroke (on the phone a finger: the page must not scroll instead), then save.
  await tools.getByRole('button', { name: '画笔', exact: true }).click();
  const scrolled = await page.locator('.pv-scroll').evaluate((el: any) => el.scrollTop as number);
  await drag(
    page,
    info,
    Array.from({ length: 12 }, (_, i) => ({ x: b.x + b.width * (0.2 + i * 0.04), y: b.y + b.height * (0.6 + (i % 2) * 0.02) })),
  );
  expect(await page.locator('.pv-scroll').evaluate((el: any) => el.scrollTop as number)).toBe(scrolled);
  await page.getByRole('button', { name: /保存笔迹/ }).click();
  await expect(page.locator('g[data-annotation] .pv-ink')).toHaveCount(1);
  await tools.getByRole('button', { name: '选择 / 移动', exact: true }).click();

  const saved = (await (await author.get(`/api/files/nodes/${fileId}/annotations`)).json()) as {
    items: { id: string; shape: { type: string; strokes?: unknown[][] }; text: string; versionId: string }[];
  };
  expect(saved.items.map((a) => a.shape.type).sort()).toEqual(['highlight', 'ink', 'note']);
  expect(saved.items.find((a) => a.shape.type === 'ink')!.shape.strokes![0]!.length).toBeGreaterThan(3);
  expect(saved.items.every((a) => a.versionId === v1.version.id)).toBe(true);
  await shot(page, info, 'annotated');

  // Zooming in keeps the note's pin on the same spot of the page.
  const before = await pinSpot(page);
  const width = b.width;
  const fitZoom = Number(await holder.getAttribute('data-zoom'));
  await tools.getByRole('button', { name: '放大', exact: true }).click();
  await tools.getByRole('button', { name: '放大', exact: true }).click();
  // Wait until the page is drawn again at the new zoom (a sharper canvas, not just a stretched one).
  await expect.poll(async () => Number(await holder.getAttribute('data-zoom'))).toBeGreaterThan(fitZoom * 1.15);
  expect((await box()).width).toBeGreaterThan(width * 1.15);
  const after = await pinSpot(page);
  expect(Math.abs(after.x - before.x)).toBeLessThan(0.01);
  expect(Math.abs(after.y - before.y)).toBeLessThan(0.01);
  await tools.getByRole('button', { name: '适合宽度', exact: true }).click();
  await expect.poll(async () => Number(await holder.getAttribute('data-zoom'))).toBe(fitZoom);
  b = await box();

  // Assign the note to the colleague.
  await page.getByRole('button', { name: /^批注 1，/ }).click();
  const thread = page.getByRole('article', { name: '批注 1' });
  await expect(thread).toContainText('金额请财务室再核对一下。');
  await thread.getByRole('button', { name: '指派', exact: true }).click();
  await thread.getByPlaceholder('搜索姓名、部门').fill(assigneeName);
  await thread.getByRole('button', { name: new RegExp(assigneeName) }).click();
  await expect(thread).toContainText(`指派给 ${assigneeName}`);

  // The colleague, on their own device: "assigned to me" → the annotation → reply and resolve.
  const other = await newDeviceContext(browser, info);
  const page2 = await other.newPage();
  await signInUI(page2, assigneeUser, PASSWORD);
  await page2.goto('/files/assigned');
  await expect(page2.getByRole('heading', { name: '指派给我的批注', level: 1 })).toBeVisible();
  const item = page2.getByRole('link', { name: /金额请财务室再核对一下/ });
  await expect(item).toContainText('采购合同.pdf');
  await expect(item).toContainText('待处理');
  await shot(page2, info, 'assigned');
  await item.click();
  await expect(page2).toHaveURL(new RegExp(`/files/p/${fileId}\\?v=${v1.version.id}&a=`));
  const thread2 = page2.getByRole('article', { name: '批注 1' });
  await expect(thread2).toContainText('金额请财务室再核对一下。');
  await thread2.getByLabel('回复内容').fill('已核对，金额无误。');
  await thread2.getByRole('button', { name: '发送' }).click();
  await expect(thread2.getByRole('listitem').filter({ hasText: '已核对，金额无误。' })).toBeVisible();
  await thread2.getByRole('button', { name: '标记为已解决' }).click();
  await expect(thread2.getByText('已解决', { exact: true })).toBeVisible();
  await shot(page2, info, 'resolved');
  await other.close();

  // The author sees the reply and the new status without reloading.
  await expect(thread).toContainText('已核对，金额无误。');
  await expect(thread.getByText('已解决', { exact: true })).toBeVisible();
  await expect(thread.getByRole('button', { name: '重新打开' })).toBeVisible();

  // A second version: the annotations made on version 1 are shown as from an old version.
  const v2 = await tusUpload(author, { filename: '采购合同.pdf', fileId }, await secondVersion());
  expect(v2.version.number).toBe(2);
  await waitForPreview(author, fileId);
  await page.goto(`/files/p/${fileId}`);
  await expect(page.locator('.pv-page')).toHaveCount(2);
  await expect(page.locator('.pv-page').first().locator('.pv-canvas-holder')).toHaveAttribute('data-rendered', 'true', { timeout: 20_000 });
  await expect(page.getByRole('button', { name: /^批注 1，/ })).toContainText('旧版本 v1');
  await expect(page.locator('.pv-old-tag')).toHaveCount(3);
  if (isPhone(info)) await expectNoHorizontalScroll(page);
  await shot(page, info, 'v2');

  // Viewing version 1 again: the marks are current there, and the page says it is not the latest.
  await page.getByLabel('版本').selectOption(v1.version.id);
  await expect(page.getByText('你正在查看第 1 版')).toBeVisible();
  await expect(page.locator('.pv-old-tag')).toHaveCount(0);
  await author.dispose();
});

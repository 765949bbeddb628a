// Shared steps of the backup specs. The server's own schedule starts tasks by itself (a minute after boot, then
// every five: database snapshot, check, the weekly drill), and a second task is refused with 「已有一个备份任务在
// 运行」 while one runs. So an action waits until nothing runs and, if a scheduled task slipped in between, waits
// and tries again — what an admin does — instead of failing at random.
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test';

const B = '/api/admin/backup';
export const BUSY_TEXT = '已有一个备份任务在运行，请等它结束。';

/** Until the box runs no backup task. */
export async function backupIdle(api: APIRequestContext): Promise<void> {
  await expect
    .poll(async () => ((await (await api.get(B)).json()) as { running: unknown }).running, { timeout: 180_000, intervals: [500, 1000] })
    .toBeNull();
}

/** Does `act` once nothing runs, until `done` shows; a 「busy」 answer means: wait for the other task, again. */
export async function actWhenIdle(api: APIRequestContext, page: Page, act: () => Promise<void>, done: Locator, timeout = 180_000): Promise<void> {
  const busy = page.getByText(BUSY_TEXT);
  await expect(async () => {
    await backupIdle(api);
    await act();
    await expect(done.or(busy).first()).toBeVisible({ timeout });
    await expect(busy).toHaveCount(0);
  }).toPass({ timeout: 3 * timeout, intervals: [500] });
}

/** Starts a run through the API once nothing runs (again if a scheduled task took the lock first), to its end. */
export async function runToEnd(api: APIRequestContext, kind: 'backup' | 'drill'): Promise<string> {
  let id = '';
  await expect(async () => {
    await backupIdle(api);
    const res = await api.post(`${B}/runs`, { data: { kind } });
    expect(res.status(), await res.text()).toBe(202);
    id = ((await res.json()) as { id: string }).id;
  }).toPass({ timeout: 360_000, intervals: [500] });
  await expect
    .poll(async () => ((await (await api.get(`${B}/runs/${id}`)).json()) as { status: string }).status, { timeout: 180_000, intervals: [500, 1000] })
    .not.toBe('running');
  return ((await (await api.get(`${B}/runs/${id}`)).json()) as { status: string }).status;
}

// Meetings as a school would try them (issue 6, "tried as a new user would"): two Chromium instances with a
// fake camera and microphone join one meeting through the PWA; each receives the other's audio and video
// (WebRTC stats: frames decoded and audio bytes rising); the host shares a screen and draws on it; the other
// sees the drawing; the host records, and the recording is converted, lands in the documents store and plays.
// Runs inside the test network namespace (npm run test:e2e): Janus offers only 127.0.0.2.
import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { BASE_URL, apiSignIn, createUser } from './helpers.js';

test.skip(({ isMobile }) => isMobile, 'two browsers with media once is enough; phone layout is covered by the screenshot spec');

const PASSWORD = 'Meeting2026go';
const MEDIA_ARGS = [
  '--ignore-certificate-errors',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--auto-select-desktop-capture-source=Entire screen',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-background-networking',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--no-first-run',
  '--disable-gpu',
];

/** Every RTCPeerConnection the page makes is kept on window so the test can read its stats (browser code as text:
 * the test project is compiled without the DOM library). */
const KEEP_PEER_CONNECTIONS = `(() => {
  const Native = window.RTCPeerConnection;
  const kept = [];
  window.__pcs = kept;
  window.RTCPeerConnection = class extends Native {
    constructor(config) { super(config); kept.push(this); }
  };
})()`;

interface Inbound {
  framesDecoded: number;
  audioBytes: number;
}
const READ_INBOUND = `(async () => {
  let framesDecoded = 0;
  let audioBytes = 0;
  for (const pc of window.__pcs) {
    if (pc.connectionState === 'closed') continue;
    const stats = await pc.getStats();
    stats.forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      if (s.kind === 'video') framesDecoded += s.framesDecoded || 0;
      if (s.kind === 'audio') audioBytes += s.bytesReceived || 0;
    });
  }
  return { framesDecoded, audioBytes };
})()`;
async function inbound(page: Page): Promise<Inbound> {
  return page.evaluate<Inbound>(READ_INBOUND);
}

/** Frames decoded and audio bytes received must both rise over a few seconds (no fixed fps: joins cause key-frame storms). */
async function expectMediaFlowing(page: Page, who: string) {
  await expect.poll(async () => (await inbound(page)).framesDecoded, { message: `${who} decodes video`, timeout: 30_000 }).toBeGreaterThan(0);
  const a = await inbound(page);
  await page.waitForTimeout(3000);
  const b = await inbound(page);
  expect(b.framesDecoded, `${who}: video frames decoded rise`).toBeGreaterThan(a.framesDecoded);
  expect(b.audioBytes, `${who}: audio bytes received rise`).toBeGreaterThan(a.audioBytes);
}

async function openRoom(browser: Browser, username: string, meetingId: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL, ignoreHTTPSErrors: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['camera', 'microphone'], { origin: BASE_URL });
  await context.addInitScript({ content: KEEP_PEER_CONNECTIONS });
  const page = await context.newPage();
  const res = await page.request.post('/api/auth/login', { data: { username, password: PASSWORD }, headers: { Origin: BASE_URL } });
  expect(res.status(), await res.text()).toBe(200);
  await page.goto(`/meetings/${meetingId}/room`);
  await page.getByRole('button', { name: '加入会议' }).click();
  await expect(page.getByRole('navigation', { name: '会议控制' })).toBeVisible({ timeout: 20_000 });
  return page;
}

/** Non-transparent pixels on the annotation canvas. */
async function drawnPixels(page: Page): Promise<number> {
  return page.evaluate<number>(`(() => {
    const c = document.querySelector('[data-testid="annotation-canvas"]');
    if (!c) return 0;
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  })()`);
}

test('two people meet: audio and video both ways, screen share with a drawing the other sees, a recording that plays', async () => {
  test.setTimeout(300_000);
  const tag = Date.now().toString(36).slice(-5);
  const hostName = `mhost${tag}`;
  const guestName = `mguest${tag}`;
  await createUser(hostName, '周会主持', PASSWORD);
  const guestId = await createUser(guestName, '林老师', PASSWORD);
  const host = await apiSignIn(hostName, PASSWORD);
  const created = await host.post('/api/meetings/instant', { data: { title: `教研组碰头会 ${tag}`, invitees: { userIds: [guestId], departmentIds: [] } } });
  expect(created.status(), await created.text()).toBe(201);
  const meetingId = ((await created.json()) as { id: string }).id;

  // Two separate Chromium instances, like two people at two computers.
  const b1 = await chromium.launch({ executablePath: '/usr/bin/chromium', args: MEDIA_ARGS });
  const b2 = await chromium.launch({ executablePath: '/usr/bin/chromium', args: MEDIA_ARGS });
  try {
    const hp = await openRoom(b1, hostName, meetingId);
    const gp = await openRoom(b2, guestName, meetingId);
    // Both see each other's tile; cameras and microphones are on (fake devices), media flows both ways.
    await expect(hp.getByTestId('video-tile')).toHaveCount(2, { timeout: 20_000 });
    await expect(gp.getByTestId('video-tile')).toHaveCount(2, { timeout: 20_000 });
    await expectMediaFlowing(gp, 'guest');
    await expectMediaFlowing(hp, 'host');

    // The host starts recording, shares the screen and draws a stroke across it.
    await hp.getByRole('button', { name: '成员' }).click();
    await hp.getByRole('button', { name: '开始录制' }).click();
    await expect(gp.getByText('录制中').first()).toBeVisible({ timeout: 10_000 });
    await hp.keyboard.press('Escape');
    await hp.getByRole('button', { name: '共享屏幕' }).click();
    await expect(gp.getByTestId('screen-share')).toBeVisible({ timeout: 20_000 });
    await expect.poll(async () => (await inbound(gp)).framesDecoded, { timeout: 20_000 }).toBeGreaterThan(0);
    const canvas = hp.getByTestId('annotation-canvas');
    await expect(canvas).toBeVisible();
    const box = (await canvas.boundingBox())!;
    await hp.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
    await hp.mouse.down();
    for (let i = 1; i <= 20; i++) await hp.mouse.move(box.x + box.width * (0.2 + i * 0.02), box.y + box.height * (0.3 + i * 0.01));
    await hp.mouse.up();
    // The guest's annotation layer draws the host's stroke.
    await expect.poll(() => drawnPixels(gp), { message: 'the drawing reaches the guest', timeout: 10_000 }).toBeGreaterThan(100);
    await hp.waitForTimeout(4000); // a few seconds of shared screen in the recording

    await hp.getByRole('button', { name: '成员' }).click();
    await hp.getByRole('button', { name: '停止录制' }).click();
    await expect(gp.getByText('录制中')).toHaveCount(0, { timeout: 10_000 });

    // The conversion job stores the file; the recordings page plays it with a seek bar.
    await expect
      .poll(
        async () => {
          const r = await host.get(`/api/meetings/${meetingId}/recordings`);
          const body = (await r.json()) as { items: { status: string }[] };
          return body.items[0]?.status;
        },
        { timeout: 180_000, intervals: [2000] },
      )
      .toBe('ready');
    await gp.goto(`/meetings/${meetingId}/recordings`);
    const video = gp.locator('video').first();
    await expect(video).toBeVisible({ timeout: 20_000 });
    type Player = { duration: number; currentTime: number; muted: boolean; play(): Promise<void> };
    await expect.poll(() => video.evaluate((v) => (v as unknown as Player).duration), { timeout: 20_000 }).toBeGreaterThan(3);
    await video.evaluate((v) => {
      const p = v as unknown as Player;
      p.muted = true;
      return p.play();
    });
    await expect.poll(() => video.evaluate((v) => (v as unknown as Player).currentTime), { timeout: 15_000 }).toBeGreaterThan(0.5);
    // Seek: the player jumps where asked.
    await video.evaluate((v) => ((v as unknown as Player).currentTime = 2));
    await expect.poll(() => video.evaluate((v) => (v as unknown as Player).currentTime)).toBeGreaterThanOrEqual(2);
    if (process.env.E2E_SHOTS) {
      await gp.screenshot({ path: '.tmp/shots/desktop-meeting-recordings.png' });
      await gp.setViewportSize({ width: 360, height: 740 });
      await gp.screenshot({ path: '.tmp/shots/phone-meeting-recordings.png', fullPage: true });
    }
  } finally {
    await b1.close();
    await b2.close();
    await host.dispose();
  }
});

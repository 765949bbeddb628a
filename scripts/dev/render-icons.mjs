// Renders the PWA icons (pwa/public/icons/*.png) from HTML with Debian's Chromium.
// Run: node scripts/dev/render-icons.mjs   (needs the Noto Sans CJK fonts, which the box has)
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'pwa/public/icons');
mkdirSync(outDir, { recursive: true });

const FONT = "'Noto Sans CJK SC','PingFang SC','Microsoft YaHei',sans-serif";

/** kind: 'any' (rounded tile), 'full' (full-bleed, for maskable / apple), 'badge' (white glyph on transparent) */
function html(size, kind) {
  const glyphScale = kind === 'full' ? 0.42 : kind === 'badge' ? 0.78 : 0.52;
  const radius = kind === 'any' ? Math.round(size * 0.22) : 0;
  const bg = kind === 'badge' ? 'transparent' : 'linear-gradient(150deg,#3a72e0 0%,#2458c6 55%,#1b469f 100%)';
  const inset = kind === 'any' ? Math.round(size * 0.02) : 0;
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    html,body{margin:0;background:transparent}
    .tile{position:absolute;inset:${inset}px;border-radius:${radius}px;background:${bg};display:grid;place-items:center;overflow:hidden}
    .tile::after{content:"";position:absolute;inset:0;border-radius:inherit;${kind !== 'any' ? '' : 'box-shadow:inset 0 -' + Math.round(size * 0.03) + 'px 0 rgba(0,0,0,.12), inset 0 ' + Math.round(size * 0.02) + 'px 0 rgba(255,255,255,.12)'}}
    .glyph{font-family:${FONT};font-weight:700;font-size:${Math.round(size * glyphScale)}px;line-height:1;color:#fff;transform:translateY(-${Math.round(size * (kind === 'badge' ? 0 : 0.035))}px);letter-spacing:0}
    .rule{position:absolute;left:50%;bottom:${Math.round(size * (kind === 'full' ? 0.25 : 0.17))}px;width:${Math.round(size * 0.16)}px;height:${Math.max(2, Math.round(size * 0.022))}px;margin-left:-${Math.round(size * 0.08)}px;border-radius:99px;background:#ffd36b;${kind === 'badge' ? 'display:none' : ''}}
  </style></head><body style="width:${size}px;height:${size}px"><div class="tile"><span class="glyph">校</span><span class="rule"></span></div></body></html>`;
}

const ICONS = [
  ['icon-192.png', 192, 'any'],
  ['icon-512.png', 512, 'any'],
  ['maskable-512.png', 512, 'full'],
  ['apple-touch-icon.png', 180, 'full'],
  ['favicon-32.png', 32, 'any'],
  ['favicon-48.png', 48, 'any'],
  ['badge-72.png', 72, 'badge'],
];

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
try {
  for (const [name, size, kind] of ICONS) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    await page.setContent(html(size, kind));
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(outDir, name), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    await page.close();
    console.log('wrote', name);
  }
} finally {
  await browser.close();
}

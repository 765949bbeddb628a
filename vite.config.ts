import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, 'dist/pwa');

/** Files every page needs besides what index.html references (those are found by shellOnly below). */
const SHELL_EXTRAS = ['index.html', 'offline.html'];

/**
 * Precache the app shell only: index.html, the chunks and CSS it references (entry + modulepreloads),
 * icons and the offline page. Lazy page chunks are cached at run time when first visited.
 */
function shellOnly(entries: { url: string; revision: string | null; size: number }[]) {
  const html = readFileSync(path.join(outDir, 'index.html'), 'utf8');
  const seen = new Set<string>();
  const manifest = entries.filter((e) => {
    if (seen.has(e.url) || e.url === 'manifest.webmanifest') return false; // the plugin appends the manifest itself
    seen.add(e.url);
    return SHELL_EXTRAS.includes(e.url) || e.url.startsWith('icons/') || html.includes(`/${e.url}`);
  });
  return Promise.resolve({ manifest, warnings: [] as string[] });
}

export default defineConfig({
  root: 'pwa',
  publicDir: 'public',
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 200,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true, changeOrigin: false },
    },
  },
  plugins: [
    preact(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      includeManifestIcons: false, // icons/ are precached by shellOnly already
      manifest: {
        id: '/',
        name: '校办 xiaoban',
        short_name: '校办',
        description: '学校综合办公室的在线办公平台 — the online office of a school',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#2458c6',
        background_color: '#f4f6f9',
        categories: ['education', 'productivity', 'business'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,png,svg,webmanifest}'],
        manifestTransforms: [shellOnly],
        maximumFileSizeToCacheInBytes: 2 * 1024 * 1024,
      },
      devOptions: { enabled: false },
    }),
  ],
});

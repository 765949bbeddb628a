// PWA first-load JavaScript size: reads the built PWA (dist/pwa, from `npm run build:pwa`; XB_PWA_DIR
// overrides), takes the JS that index.html loads up front — module scripts, modulepreload links and their
// static imports (never dynamic import(), i.e. lazy routes) — and gzips each file at level 9.
// Target (PRODUCT.md "Fast"): ≤ 100 kB of JavaScript (gzip) before lazy routes. 1 kB = 1000 bytes, as Vite prints.
// Run: npx tsx tests/bench/pwa-size.bench.ts
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { isMain, printFigures, printTable, type Figure } from './lib/harness.js';

const TARGET_KB = 100;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const distDir = path.resolve(root, process.env.XB_PWA_DIR ?? 'dist/pwa');
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

interface FileSize { file: string; raw: number; gzip: number; via: string }

function sizeOf(file: string, via: string): FileSize {
  const buf = readFileSync(path.join(distDir, file));
  return { file, raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length, via };
}

/** Attributes of every <script> and <link> tag in the page. */
function tags(html: string): { tag: string; attrs: Record<string, string> }[] {
  const out: { tag: string; attrs: Record<string, string> }[] = [];
  for (const m of html.matchAll(/<(script|link)\b([^>]*)>/gi)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([\w-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) attrs[a[1]!.toLowerCase()] = a[2] ?? a[3] ?? a[4] ?? '';
    out.push({ tag: m[1]!.toLowerCase(), attrs });
  }
  return out;
}

/** dist-relative path of a URL found in `fromFile` (site-absolute or relative), or null if not ours. */
function local(url: string, fromFile: string): string | null {
  if (/^(?:[a-z]+:)?\/\//i.test(url) || url.startsWith('data:')) return null;
  const clean = url.split(/[?#]/)[0]!;
  const rel = clean.startsWith('/') ? clean.slice(1) : path.posix.join(path.posix.dirname(fromFile), clean);
  return existsSync(path.join(distDir, rel)) ? path.posix.normalize(rel) : null;
}

/** Static imports / re-exports of an ES module (minified or not); dynamic import() is excluded. */
function staticImports(code: string): string[] {
  const specs: string[] = [];
  for (const m of code.matchAll(/(?:^|[;}\n\r])\s*(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.m?js)["']/g)) specs.push(m[1]!);
  return specs;
}

function walk(dir: string, base = ''): string[] {
  return readdirSync(path.join(dir, base), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(base, e.name);
    return e.isDirectory() ? walk(dir, rel) : [rel];
  });
}

export async function run(): Promise<Figure[]> {
  console.log(`\n== PWA size bench: ${path.relative(root, distDir) || distDir} ==`);
  const indexFile = path.join(distDir, 'index.html');
  if (!existsSync(indexFile)) {
    console.log(`no build at ${distDir} (index.html missing): run \`npm run build:pwa\` first. Skipped.`);
    return [{ bench: 'pwa-size', metric: 'initial JS (gzip)', value: 'skipped: no dist/pwa' }];
  }
  // Entry points named by index.html.
  const initial = new Map<string, FileSize>();
  const queue: string[] = [];
  const add = (file: string | null, via: string) => {
    if (!file || initial.has(file) || !file.endsWith('.js')) return;
    initial.set(file, sizeOf(file, via));
    queue.push(file);
  };
  const css: FileSize[] = [];
  for (const { tag, attrs } of tags(readFileSync(indexFile, 'utf8'))) {
    if (tag === 'script' && attrs.src && attrs.type === 'module') add(local(attrs.src, 'index.html'), 'script');
    else if (tag === 'script' && attrs.src) add(local(attrs.src, 'index.html'), 'classic script');
    else if (tag === 'link' && attrs.rel === 'modulepreload' && attrs.href) add(local(attrs.href, 'index.html'), 'modulepreload');
    else if (tag === 'link' && attrs.rel === 'stylesheet' && attrs.href) {
      const f = local(attrs.href, 'index.html');
      if (f) css.push(sizeOf(f, 'stylesheet'));
    }
  }
  // Follow static imports: they load before the app runs, whether or not Vite listed them as modulepreload.
  while (queue.length) {
    const file = queue.shift()!;
    for (const spec of staticImports(readFileSync(path.join(distDir, file), 'utf8'))) add(local(spec, file), `import from ${path.posix.basename(file)}`);
  }
  const files = [...initial.values()].sort((a, b) => b.gzip - a.gzip);
  const total = files.reduce((s, f) => s + f.gzip, 0);
  printTable([
    ['initial JS file', 'loaded via', 'raw', 'gzip -9'],
    ...files.map((f) => [f.file, f.via, kB(f.raw), kB(f.gzip)]),
    ['total', `${files.length} files`, kB(files.reduce((s, f) => s + f.raw, 0)), kB(total)],
  ]);

  const allJs = walk(distDir).filter((f) => f.endsWith('.js'));
  const lazy = allJs.filter((f) => !initial.has(f)).map((f) => sizeOf(f, 'lazy'));
  const sw = lazy.filter((f) => /(^|\/)(sw|service-worker|workbox-[\w-]+)\.js$/.test(f.file));
  const lazyTotal = lazy.reduce((s, f) => s + f.gzip, 0);
  console.log(`\nfor information: all JS in the build ${allJs.length} files, ${kB(total + lazyTotal)} gzip (${lazy.length} not loaded up front: ${kB(lazyTotal)})`);
  if (sw.length) console.log(`  of which service worker (fetched after load, not page JS): ${sw.map((f) => `${f.file} ${kB(f.gzip)}`).join(', ')}`);
  if (css.length) console.log(`  initial CSS (not counted in the JS budget): ${kB(css.reduce((s, f) => s + f.gzip, 0))} gzip`);
  const met = total <= TARGET_KB * 1000;
  console.log(`\ntarget: initial JS ≤ ${TARGET_KB} kB gzip → measured ${kB(total)} (${met ? 'met' : 'NOT met'})`);
  return [
    { bench: 'pwa-size', metric: 'initial JS (gzip -9)', value: kB(total), target: `≤ ${TARGET_KB} kB`, met },
    { bench: 'pwa-size', metric: 'all JS incl. lazy (gzip -9)', value: kB(total + lazyTotal) },
  ];
}

if (isMain(import.meta.url)) printFigures(await run());

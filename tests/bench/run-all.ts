// Runs every bench in sequence (auth API, websocket fan-out, documents, forms and approvals, email, PWA size, meetings
// load) and prints one
// summary table.
// Figures only: nothing here fails on time, and this is not part of `npm test`.
// Run: npm run bench   (= node --import tsx tests/bench/run-all.ts)
import os from 'node:os';
import { printFigures, type Figure } from './lib/harness.js';
import { run as authBench } from './auth.bench.js';
import { run as wsFanoutBench } from './ws-fanout.bench.js';
import { run as filesBench } from './files.bench.js';
import { run as formsBench } from './forms.bench.js';
import { run as gatewayEmailBench } from './gateway-email.bench.js';
import { run as noticesFanoutBench } from './notices-fanout.bench.js';
import { run as pwaSizeBench } from './pwa-size.bench.js';
import { run as meetingsLoadBench } from './meetings-load.bench.js';

const benches: [string, () => Promise<Figure[]>][] = [
  ['auth', authBench],
  ['ws-fanout', wsFanoutBench],
  ['files', filesBench],
  ['forms', formsBench],
  ['gateway-email', gatewayEmailBench],
  ['notices-fanout', noticesFanoutBench],
  ['pwa-size', pwaSizeBench],
  ['meetings-load', meetingsLoadBench],
];

const started = Date.now();
const figures: Figure[] = [];
let failed = 0;
for (const [name, run] of benches) {
  try {
    figures.push(...(await run()));
  } catch (err) {
    failed++;
    console.error(`\n${name} bench crashed:`, err);
    figures.push({ bench: name, metric: 'crashed', value: err instanceof Error ? err.message.split('\n')[0]! : String(err) });
  }
}

console.log(`\n== summary: ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, ${((Date.now() - started) / 1000).toFixed(0)} s ==`);
printFigures(figures);
console.log('"met" is for information; targets are from PRODUCT.md ("Fast"; documents: upload ≥ 0.8× dd, list/search p95 < 100 ms at 100,000 files; approvals: list p95 < 50 ms at 50,000 submissions). Login rate limit was raised to 100000/min for the bench. Meetings: Janus + server CPU for 100 participants (lecture profile) within one core of the 2-core box (issue 6).');
process.exitCode = failed ? 1 : 0;

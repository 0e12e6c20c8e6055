/**
 * `npm run bench`: cold starts of the bundled functions, then the onboarding slice, the quarterly
 * reconciliation and GTEC campaigns on the embedded runtime, a resilience summary, a storm of hostile
 * requests (and the event-loop stall of reading a large workbook) and the projected monthly AWS bill. Prints figures and the targets next to them; it never fails on a timing.
 *
 *   BENCH_COLD_RUNS=7   fresh processes per function for the cold-start medians
 *   BENCH_HOSTILE=10000 generated hostile requests in the storm
 */
import { cpus } from 'node:os';
import { COLD_START_TARGET_RATIO, runColdStart } from './cold-start.ts';
import { COST_TARGET_USD_PER_MONTH, runCost } from './cost.ts';
import { GTEC_ANSWERS_PER_S_TARGET, GTEC_TARGET_MS, runGtec } from './gtec.ts';
import { runHostile } from './hostile.ts';
import { runOnboarding, SLICE_TARGET_MS } from './onboarding.ts';
import { RECONCILIATION_TARGET_MS, runReconciliation } from './reconciliation.ts';
import { fmt, section } from './report.ts';
import { runResilience } from './resilience.ts';
import { runXlsx } from './xlsx.ts';

const started = performance.now();
console.log(
  `pole-workflows benchmarks — Node ${process.version}, ${process.platform}/${process.arch}, ${cpus().length} CPU(s): ${cpus()[0]?.model ?? 'unknown'}`,
);
console.log('Figures only: timings vary with the machine and its load; nothing here passes or fails on them.');

section('1. Cold start of each Lambda function (esbuild bundle, fresh Node process)');
const cold = await runColdStart();

section('2. Onboarding slice on the embedded runtime (dynalite in memory)');
const onboarding = await runOnboarding();

section('3. Quarterly reconciliation on the embedded runtime (dynalite in memory)');
const reconciliation = await runReconciliation();

section('4. GTEC campaigns on the embedded runtime (dynalite in memory, waits shortened)');
const gtec = await runGtec();

section('5. Resilience: transient faults in every workflow');
const resilience = await runResilience();

section('6. Hostile requests on every route (generated), an admin reading meanwhile');
const hostile = await runHostile();
console.log("\nA 10,000-row company workbook read on the main thread (as in Lambda) and on the embedded runtime's worker:");
await runXlsx();

section('7. Projected monthly AWS bill of a year of the pôle (eu-west-3)');
// Billed INIT per cold start: the functions' median from process start (Node's boot + import + first call).
const initMs = [...cold.rows.map((r) => r.sinceStartMedianMs)].sort((a, b) => a - b)[Math.floor(cold.rows.length / 2)];
const cost = await runCost(undefined, initMs);

section('Summary');
const within = cold.rows.filter((r) => r.withinTarget).length;
const withinSdk = cold.rows.filter((r) => r.withinSdkTarget).length;
const slowest = cold.rows.reduce((a, b) => (b.coldMedianMs > a.coldMedianMs ? b : a));
const largest = cold.rows.reduce((a, b) => (b.bundleKiB > a.bundleKiB ? b : a));
const [first, second] = onboarding.single;
const c = onboarding.concurrent;
const lines: [string, string][] = [
  [
    'bundles',
    `${fmt(Math.min(...cold.rows.map((r) => r.bundleKiB)), 0)}–${fmt(largest.bundleKiB, 0)} KiB (largest: ${largest.name}); bare handler ${fmt(cold.bare.bundleKiB, 1)} KiB`,
  ],
  [
    'cold start, import + 1st call',
    `median ${fmt(Math.min(...cold.rows.map((r) => r.coldMedianMs)), 0)}–${fmt(slowest.coldMedianMs, 0)} ms (slowest: ${slowest.name}); bare handler ${fmt(cold.bare.coldMedianMs, 1)} ms`,
  ],
  [`cold start ≤ ${COLD_START_TARGET_RATIO}× bare`, `${within} / ${cold.rows.length} functions`],
  [`cold start ≤ ${COLD_START_TARGET_RATIO}× bare + DynamoDB client`, `${withinSdk} / ${cold.rows.length} functions`],
  [
    'cold start from process start',
    `${fmt(Math.min(...cold.rows.map((r) => r.sinceStartMedianMs)), 0)}–${fmt(Math.max(...cold.rows.map((r) => r.sinceStartMedianMs)), 0)} ms vs ${fmt(cold.bare.sinceStartMedianMs, 0)} ms bare (${fmt(Math.min(...cold.rows.map((r) => r.ratioSinceStart)), 1)}–${fmt(Math.max(...cold.rows.map((r) => r.ratioSinceStart)), 1)}×)`,
  ],
  [
    'one application, human wait excluded',
    `${fmt(first.activeMs, 0)} ms first in process, ${fmt(second.activeMs, 0)} ms warm — target < ${SLICE_TARGET_MS} ms: ${first.activeMs < SLICE_TARGET_MS ? 'met' : 'not met'} / ${second.activeMs < SLICE_TARGET_MS ? 'met' : 'not met'}`,
  ],
  [
    'one application, cost',
    `${second.dynamo} DynamoDB requests, ${second.transitions} state transitions, ${second.invocations} Lambda invocations (polls excluded)`,
  ],
  [
    `${c.n} applications at once`,
    `${fmt(c.wallMs, 0)} ms wall, ${c.succeeded}/${c.n} SUCCEEDED; per application ${fmt(c.dynamoPerApp, 1)} DynamoDB requests, ${fmt(c.transitionsPerApp, 1)} transitions, ${fmt(c.invocationsPerApp, 1)} invocations`,
  ],
  ...reconciliation.map((r): [string, string] => [
    `reconciliation, ${r.members.toLocaleString('en-US')} members`,
    `${fmt(r.wallMs, 0)} ms (target < ${RECONCILIATION_TARGET_MS / 1000} s: ${r.wallMs < RECONCILIATION_TARGET_MS ? 'met' : 'not met'}), ${r.dynamo.toLocaleString('en-US')} DynamoDB requests, ${r.transitions} transitions, peak RSS ${fmt(r.peakRssMiB, 0)} MiB`,
  ]),
  ...gtec.map((g): [string, string] => [
    `GTEC campaign, ${g.companies.toLocaleString('en-US')} companies`,
    `${fmt(g.busyMs, 0)} ms busy (target < ${GTEC_TARGET_MS / 1000} s), ${fmt(g.answersPerS, 0)} answers/s (target ≥ ${GTEC_ANSWERS_PER_S_TARGET}), ${fmt(g.dynamoPerCompany, 1)} DynamoDB requests and ${fmt(g.transitions / g.companies, 2)} transitions per company, peak RSS ${fmt(g.peakRssMiB, 0)} MiB`,
  ]),
  [
    'monthly AWS bill, all-in',
    `${fmt(cost.totalUsd, 2)} USD without free tier, ${fmt(cost.totalUsdWithFreeTier, 2)} USD with it (target < ${COST_TARGET_USD_PER_MONTH} USD without)`,
  ],
  [
    'resilience',
    `${resilience.faultsInjected} faults injected, ${resilience.executionsSucceeded}/${resilience.executions} executions survived, ${resilience.duplicateMails} mails sent twice`,
  ],
  [
    'hostile requests',
    `${hostile.cases.toLocaleString('en-US')} cases, ${hostile.fiveHundreds} 5xx, ${hostile.itemsChanged} items changed, process ${hostile.alive ? 'alive' : 'had an unhandled rejection'}, peak RSS ${fmt(hostile.peakRssMiB, 0)} MiB; admin GET p99 ${fmt(hostile.adminP99Ms, 0)} ms; event-loop delay p99 ${fmt(hostile.loopDelayP99Ms, 0)} ms, max ${fmt(hostile.loopDelayMaxMs, 0)} ms${hostile.worstCase ? ` (worst case alone: ${hostile.worstCase.label}, ${fmt(hostile.worstCase.ms, 0)} ms)` : ''}`,
  ],
  ['bench duration', `${fmt((performance.now() - started) / 1000, 1)} s`],
];
const width = Math.max(...lines.map(([k]) => k.length));
for (const [k, v] of lines) console.log(`${k.padEnd(width)}  ${v}`);

// The runtime is stopped; if some handle still held the event loop, leave anyway (and say so).
setTimeout(() => {
  console.error('bench: handles still open after the runtime stopped; exiting.');
  process.exit(0);
}, 5000).unref();

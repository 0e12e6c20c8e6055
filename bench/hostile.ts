/**
 * The hostile-input storm of `npm run bench`: BENCH_HOSTILE (10,000) generated hostile requests over
 * every route of the catalog (tests/support/hostile.ts), CLIENTS at a time, on the embedded runtime
 * with a data folder on disk, while an admin polls GET /admin/members. Prints the 5xx seen (target 0),
 * the items the storm changed in the table (target 0: no hostile request may write), whether the
 * process lived, its peak RSS, the p99 of the admin's GET and the event loop's delay: its stalls over
 * 50 ms (with the CPU and garbage collection within them), and the suspects of the longest replayed
 * alone, to name the request behind them. `npx tsx bench/hostile.ts` runs it alone (BENCH_HOSTILE cases).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { ROUTES } from '../functions/catalog.ts';
import { DEMO_ADMIN, startRuntime } from '../local/runtime.ts';
import { ddb, tableName } from '../store/client.ts';
import { type HostileRequest, hostileRequest, sendHostile } from '../tests/support/hostile.ts';
import { buildBackOffice } from '../web/build.ts';
import { fmt, percentile, table } from './report.ts';
import { isolatedStall, StallWatch } from './stalls.ts';

const CASES = Number(process.env.BENCH_HOSTILE ?? 10_000);
/** Clients at once: below the local server's bound (MAX_CONCURRENT_REQUESTS), so a 503 would be a real overload. */
const CLIENTS = 8;
/** The admin's poll interval while the storm runs. */
const POLL_MS = 50;
/** A stall of the event loop worth naming its suspects, in ms; and how many of the longest stalls get their suspects replayed alone. */
const STALL_MS = 50;
const REPLAYED_STALLS = 5;

export interface HostileFigures {
  cases: number;
  fiveHundreds: number;
  itemsChanged: number;
  alive: boolean;
  peakRssMiB: number;
  adminGets: number;
  adminP99Ms: number;
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
  /** The longest stall while each route was called once, before the storm (modules loading). */
  warmUpStallMs: number;
  /** Stalls of the event loop over STALL_MS during the storm, and those of them the process had less than half the CPU for (the machine ran something else). */
  stalls: number;
  starvedStalls: number;
  /** Stalls at least half of which was the main thread's garbage collection. */
  gcStalls: number;
  /** The case that, replayed alone, held the loop longest (among the suspects of the longest stalls), and for how long. */
  worstCase?: { label: string; ms: number };
  wallMs: number;
}

/** A case in a line: its route, and its body's type and size. */
const describe = (req: HostileRequest): string =>
  `${req.method} ${req.route.path}${req.body !== undefined ? ` (${req.headers['content-type'] || 'no type'}, ${fmt(Buffer.byteLength(req.body) / 1024, 0)} KiB)` : ''}`;

/** Every item of the table by its key, each as a digest of its attributes. */
async function snapshot(): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey, ConsistentRead: true }));
    for (const item of page.Items ?? []) {
      const sorted = Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)));
      items.set(`${item.PK}|${item.SK}`, createHash('sha256').update(JSON.stringify(sorted)).digest('hex'));
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** Items added, removed or changed between two snapshots. */
function changed(before: Map<string, string>, after: Map<string, string>): number {
  let n = 0;
  for (const [key, digest] of after) if (before.get(key) !== digest) n += 1;
  for (const key of before.keys()) if (!after.has(key)) n += 1;
  return n;
}

export async function runHostile(): Promise<HostileFigures> {
  // The back-office's page and assets are routes of the storm: built first, as `npm start` does.
  await buildBackOffice();
  const dir = await mkdtemp(join(tmpdir(), 'bench-hostile-'));
  const runtime = await startRuntime({ dataDir: join(dir, 'data'), outboxDir: join(dir, 'outbox'), port: 0, retryDelayMs: 0 });
  const samples = fc.sample(hostileRequest, { numRuns: CASES, seed: 21 });
  let rejected = false;
  const onRejection = () => {
    rejected = true;
  };
  process.on('unhandledRejection', onRejection);
  try {
    const before = await snapshot();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    let peakRss = process.memoryUsage().rss;
    const rss = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 100);
    // Each route called once first, with the admin's token: a handler's modules load on its first call
    // (a Lambda's cold start), a one-off stall of its own; the storm then measures the work of requests.
    const firstCalls = ROUTES.flatMap(
      (route) => samples.find((r) => r.route === route && r.headers.authorization === `Bearer ${DEMO_ADMIN.token}`) ?? [],
    );
    const warmUpStallMs = await isolatedStall(async () => {
      for (const req of firstCalls) await sendHostile(runtime.url, req);
    });
    const statuses = new Map<number, number>();
    const adminMs: number[] = [];
    let storming = true;
    const poller = (async () => {
      while (storming) {
        const t0 = performance.now();
        const res = await fetch(`${runtime.url}/admin/members`, { headers: { authorization: `Bearer ${DEMO_ADMIN.token}` } });
        await res.arrayBuffer();
        adminMs.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    })();
    const started = performance.now();
    const watch = new StallWatch(STALL_MS);
    loop.enable();
    watch.start();
    let next = 0;
    const fiveHundreds: string[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < samples.length) {
          const id = next++;
          const req = samples[id]!;
          const { status, text } = await watch.track(id, () => sendHostile(runtime.url, req));
          if (status >= 500) fiveHundreds.push(`${req.method} ${req.route.path} → ${status} ${text.slice(0, 120)}`);
        }
      }),
    );
    const wallMs = performance.now() - started;
    storming = false;
    await poller;
    loop.disable();
    watch.stop();
    // The suspects of the longest stalls, each replayed alone: the one holding the loop longest is named.
    const longest = [...watch.stalls].sort((a, b) => b.ms - a.ms).slice(0, REPLAYED_STALLS);
    const replayed = await replaySuspects(runtime.url, samples, [...new Set(longest.flatMap((s) => s.suspects))]);
    clearInterval(rss);
    // Executions a hostile request may have started (none should) get 30 s to end.
    await Promise.race([runtime.engine.idle(), new Promise((r) => setTimeout(r, 30_000).unref())]);
    const itemsChanged = changed(before, await snapshot());
    for (const line of fiveHundreds.slice(0, 10)) console.error(`hostile bench: ${line}`);
    const figures: HostileFigures = {
      cases: samples.length,
      fiveHundreds: fiveHundreds.length,
      itemsChanged,
      alive: !rejected,
      peakRssMiB: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20,
      adminGets: adminMs.length,
      adminP99Ms: percentile(adminMs, 0.99),
      loopDelayMaxMs: loop.max / 1e6,
      loopDelayP99Ms: loop.percentile(99) / 1e6,
      warmUpStallMs,
      stalls: watch.stalls.length,
      starvedStalls: watch.stalls.filter((st) => st.cpuMs < st.ms / 2).length,
      gcStalls: watch.stalls.filter((st) => st.gcMs >= st.ms / 2).length,
      ...(replayed[0] && { worstCase: replayed[0] }),
      wallMs,
    };
    const adminFailures = adminMs.length - (statuses.get(200) ?? 0);
    console.log(
      table(
        ['measure', 'value'],
        [
          ['hostile requests (every route, generated)', figures.cases.toLocaleString('en-US')],
          [`clients at once / wall time`, `${CLIENTS} / ${fmt(wallMs / 1000, 1)} s`],
          ['5xx answers (target 0)', String(figures.fiveHundreds)],
          ['items changed in the table (target 0)', String(figures.itemsChanged)],
          ['process alive, no unhandled rejection', figures.alive ? 'yes' : 'no'],
          ['peak RSS of the bench process', `${fmt(figures.peakRssMiB, 0)} MiB`],
          [
            `concurrent admin GET /admin/members: calls, not 200, p99`,
            `${adminMs.length}, ${adminFailures}, ${fmt(figures.adminP99Ms, 0)} ms`,
          ],
          ['event-loop delay p99 / max', `${fmt(figures.loopDelayP99Ms, 0)} / ${fmt(figures.loopDelayMaxMs, 0)} ms`],
          [`first call of each route (${firstCalls.length}, before the storm): longest stall`, `${fmt(warmUpStallMs, 0)} ms`],
          [
            `event-loop stalls over ${STALL_MS} ms / < ½ CPU for the process (machine busy) / ≥ ½ GC`,
            `${figures.stalls} / ${figures.starvedStalls} / ${figures.gcStalls}`,
          ],
        ],
        ['l', 'r'],
      ),
    );
    if (replayed.length > 0) {
      console.log(
        `\nSuspects of the ${longest.length} longest stalls (${longest.map((s) => `${fmt(s.ms, 0)} ms: ${fmt(s.cpuMs, 0)} ms CPU, ${fmt(s.gcMs, 0)} ms GC`).join('; ')}), each replayed alone:`,
      );
      console.log(
        table(
          ['case', 'longest stall alone'],
          replayed.slice(0, 8).map((r) => [r.label, `${fmt(r.ms, 0)} ms`]),
          ['l', 'r'],
        ),
      );
    }
    return figures;
  } finally {
    process.off('unhandledRejection', onRejection);
    await runtime.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Each case sent alone, worst stall first. */
async function replaySuspects(
  url: string,
  samples: readonly HostileRequest[],
  ids: readonly number[],
): Promise<{ label: string; ms: number }[]> {
  const results: { label: string; ms: number }[] = [];
  for (const id of ids) {
    const req = samples[id]!;
    results.push({ label: `#${id} ${describe(req)}`, ms: await isolatedStall(() => sendHostile(url, req)) });
  }
  return results.sort((a, b) => b.ms - a.ms);
}

if (import.meta.url === `file://${process.argv[1]}`) await runHostile();

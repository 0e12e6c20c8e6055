/**
 * Cold start of every Lambda function, as deployed: each entry of functions/catalog.ts is bundled
 * with esbuild (one minified ESM file, every dependency inside), then imported and invoked once in
 * fresh Node processes. A bare handler bundled the same way is the baseline.
 *
 * The child measures with performance.now() from the first line of its script to the end of the
 * first invocation, so process spawn and Node's own boot are left out of the headline figure
 * (they are reported separately). The events fail validation before any I/O, and DynamoDB points
 * at a closed port, so nothing leaves the process.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { FUNCTIONS, type FunctionId, ROUTES, type RouteSpec } from '../functions/catalog.ts';
import type { HttpEvent } from '../functions/common/http.ts';
import { BASE_ENVIRONMENT, BUNDLE_OPTIONS } from '../infra/bundling.ts';
import { ADMIN_CLAIMS, apiEvent } from '../tests/support/events.ts';
import { buildBackOffice } from '../web/build.ts';
import { fmt, median, table } from './report.ts';

/** Cold start of a function over the bare handler's: the target ratio the bench checks each function against. */
export const COLD_START_TARGET_RATIO = 1.5;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BARE_SOURCE = 'export const handler = async () => ({ statusCode: 200 });';
const BARE = 'bare handler';
/** A second baseline: the same bare handler holding the DynamoDB document client every function needs. */
const BARE_SDK_SOURCE = [
  "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
  "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
  'const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
  'export const handler = async () => ({ statusCode: 200, body: typeof doc.send });',
].join('\n');
const BARE_SDK = 'bare + DynamoDB client';

/** What the child prints: milliseconds from its own performance.timeOrigin. */
interface ChildTiming {
  /** Node's boot: process start → first line of the runner script. */
  bootMs: number;
  importMs: number;
  invokeMs: number;
  /** First line of the script → end of the first invocation (the headline figure). */
  coldMs: number;
  /** Process start → end of the first invocation. */
  sinceStartMs: number;
  outcome: string;
}

interface Sample extends ChildTiming {
  /** Parent's view: spawn() → child exit. */
  wallMs: number;
}

export interface ColdStartRow {
  name: string;
  kind: 'http' | 'task' | 'baseline';
  bundleKiB: number;
  coldMedianMs: number;
  importMedianMs: number;
  invokeMedianMs: number;
  sinceStartMedianMs: number;
  wallMedianMs: number;
  bootMedianMs: number;
  ratio: number;
  /** Over the bare handler that only holds a DynamoDB document client. */
  ratioSdk: number;
  ratioSinceStart: number;
  withinTarget: boolean;
  withinSdkTarget: boolean;
  outcome: string;
}

export interface ColdStartResult {
  runs: number;
  rows: ColdStartRow[];
  bare: ColdStartRow;
}

/** Runs in the fresh process: times import + first call, prints one JSON line. */
const RUNNER = `const t0 = performance.now();
const [bundleUrl, eventJson] = process.argv.slice(2);
const mod = await import(bundleUrl);
const t1 = performance.now();
const context = {
  callbackWaitsForEmptyEventLoop: false, functionName: 'bench', functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-3:000000000000:function:bench', memoryLimitInMB: '512',
  awsRequestId: '00000000-0000-4000-8000-000000000000', logGroupName: '/aws/lambda/bench', logStreamName: 'bench',
  getRemainingTimeInMillis: () => 30000, done() {}, fail() {}, succeed() {},
};
let outcome;
try {
  const result = await mod.handler(JSON.parse(eventJson), context);
  outcome = result && typeof result === 'object' && 'statusCode' in result ? 'HTTP ' + result.statusCode : 'returned';
} catch (error) {
  outcome = 'threw ' + (error && error.name);
}
const t2 = performance.now();
process.stdout.write(JSON.stringify({ bootMs: t0, importMs: t1 - t0, invokeMs: t2 - t1, coldMs: t2 - t0, sinceStartMs: t2, outcome }) + '\\n', () => process.exit(0));
`;

/** An API Gateway HTTP API (payload 2.0) event for `route` that the handler refuses before any I/O. */
function httpEvent(route: RouteSpec): HttpEvent {
  const params = [...route.path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!);
  // A valid pôle (the public form then fails on its missing body); anything else invalid (400).
  const pathParameters = Object.fromEntries(params.map((p) => [p, p === 'poleId' ? 'pole-sud-aquitain' : '!invalid!']));
  // An admin route without parameters validates nothing before its query: send no JWT claims (401).
  const claims = route.auth === 'admin' && params.length > 0 ? ADMIN_CLAIMS : undefined;
  return apiEvent({
    method: route.method,
    route: route.path,
    ...(params.length > 0 && { pathParameters }),
    headers: { 'content-type': 'application/json' },
    claims,
  });
}

/** The environment of a Lambda function as deployed, with no reachable table (nothing is inherited but PATH). */
function childEnv(): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    NODE_OPTIONS: BASE_ENVIRONMENT.NODE_OPTIONS,
    TABLE_NAME: 'bench',
    AWS_REGION: 'eu-west-3',
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  };
}

function runChild(runner: string, bundle: string, event: unknown): Promise<Sample> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [runner, pathToFileURL(bundle).href, JSON.stringify(event)], {
      env: childEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', fail);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const line = out.trim().split('\n').pop() ?? '';
      try {
        done({ ...(JSON.parse(line) as ChildTiming), wallMs });
      } catch {
        fail(new Error(`cold-start child for ${bundle} exited ${code} without a timing line.\nstdout: ${out}\nstderr: ${err}`));
      }
    });
  });
}

interface Target {
  name: string;
  kind: ColdStartRow['kind'];
  bundle: string;
  event: unknown;
  /** Bytes in the minified output, by origin (see GROUPS). */
  composition: Map<string, number>;
}

/** Where a bundle's bytes come from, coarsely. */
const GROUPS: [label: string, test: (pkg: string) => boolean][] = [
  ['zod', (p) => p === 'zod'],
  [
    'AWS SDK',
    (p) =>
      p.startsWith('@aws-sdk/') ||
      p.startsWith('@smithy/') ||
      p === 'bowser' ||
      p === 'mnemonist' ||
      p === 'fast-xml-parser' ||
      p === 'strnum',
  ],
  ['Powertools', (p) => p.startsWith('@aws-lambda-powertools/')],
  ['middy', (p) => p.startsWith('@middy/')],
  ['repo', (p) => p === '(repo)'],
];

function compositionOf(metafile: Metafile): Map<string, number> {
  const out = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? '(repo)';
      const label = GROUPS.find(([, test]) => test(pkg))?.[0] ?? 'other';
      out.set(label, (out.get(label) ?? 0) + bytesInOutput);
    }
  }
  return out;
}

async function bundleAll(dir: string): Promise<Target[]> {
  // What infra/pole-function.ts deploys, with the metafile for the composition table.
  const common = { ...BUNDLE_OPTIONS, logLevel: 'silent', metafile: true } as const;
  const routes = new Map(ROUTES.map((r) => [r.fn, r]));
  const targets: Target[] = [];
  for (const id of Object.keys(FUNCTIONS) as FunctionId[]) {
    const outfile = join(dir, `${id}.mjs`);
    const { metafile } = await build({ ...common, entryPoints: [resolve(REPO_ROOT, FUNCTIONS[id].entry)], outfile });
    const route = routes.get(id);
    targets.push({
      name: id,
      kind: route ? 'http' : 'task',
      bundle: outfile,
      event: route ? httpEvent(route) : {},
      composition: compositionOf(metafile),
    });
  }
  const bare = join(dir, 'bare.mjs');
  const { metafile } = await build({
    ...common,
    stdin: { contents: BARE_SOURCE, loader: 'ts', resolveDir: dir, sourcefile: 'bare-handler.ts' },
    outfile: bare,
  });
  targets.push({ name: BARE, kind: 'baseline', bundle: bare, event: {}, composition: compositionOf(metafile) });
  const bareSdk = join(dir, 'bare-sdk.mjs');
  const sdkBuild = await build({
    ...common,
    stdin: { contents: BARE_SDK_SOURCE, loader: 'ts', resolveDir: REPO_ROOT, sourcefile: 'bare-sdk-handler.ts' },
    outfile: bareSdk,
  });
  targets.push({ name: BARE_SDK, kind: 'baseline', bundle: bareSdk, event: {}, composition: compositionOf(sdkBuild.metafile) });
  return targets;
}

export async function runColdStart(runs = Number(process.env.BENCH_COLD_RUNS ?? 7)): Promise<ColdStartResult> {
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`BENCH_COLD_RUNS must be a positive integer, got ${process.env.BENCH_COLD_RUNS}`);
  const dir = await mkdtemp(join(tmpdir(), 'pole-bench-cold-'));
  try {
    // The page and asset functions bundle the back-office's build, as at synth.
    await buildBackOffice();
    const bundling = performance.now();
    const targets = await bundleAll(dir);
    console.log(`Bundled ${targets.length} entries with esbuild in ${fmt(performance.now() - bundling, 0)} ms → ${dir}`);
    const { banner: _banner, ...shown } = BUNDLE_OPTIONS;
    console.log(`esbuild, as infra/pole-function.ts deploys (BUNDLE_OPTIONS): ${JSON.stringify(shown)} and the createRequire banner;`);
    console.log(`children run with NODE_OPTIONS=${BASE_ENVIRONMENT.NODE_OPTIONS}, as the functions do.`);
    const runner = join(dir, 'runner.mjs');
    await writeFile(runner, RUNNER);

    // One discarded round warms the page cache; then the rounds go through every target in turn,
    // so that drift in the machine's load spreads over all of them alike.
    for (const t of targets) await runChild(runner, t.bundle, t.event);
    const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < runs; round++) {
      for (const t of targets) samples.get(t.name)!.push(await runChild(runner, t.bundle, t.event));
    }
    console.log(`${runs} fresh Node ${process.version} processes per entry (BENCH_COLD_RUNS), plus one discarded warm-up round.`);

    const rowsWithoutRatio = await Promise.all(
      targets.map(async (t) => {
        const s = samples.get(t.name)!;
        const outcomes = [...new Set(s.map((x) => x.outcome))];
        return {
          name: t.name,
          kind: t.kind,
          bundleKiB: (await stat(t.bundle)).size / 1024,
          coldMedianMs: median(s.map((x) => x.coldMs)),
          importMedianMs: median(s.map((x) => x.importMs)),
          invokeMedianMs: median(s.map((x) => x.invokeMs)),
          sinceStartMedianMs: median(s.map((x) => x.sinceStartMs)),
          wallMedianMs: median(s.map((x) => x.wallMs)),
          bootMedianMs: median(s.map((x) => x.bootMs)),
          outcome: outcomes.join(' / '),
        };
      }),
    );
    const bareRaw = rowsWithoutRatio.find((r) => r.name === BARE)!;
    const bareSdkRaw = rowsWithoutRatio.find((r) => r.name === BARE_SDK)!;
    const rows: ColdStartRow[] = rowsWithoutRatio.map((r) => {
      const ratio = r.coldMedianMs / bareRaw.coldMedianMs;
      const ratioSdk = r.coldMedianMs / bareSdkRaw.coldMedianMs;
      return {
        ...r,
        ratio,
        ratioSdk,
        ratioSinceStart: r.sinceStartMedianMs / bareRaw.sinceStartMedianMs,
        withinTarget: ratio <= COLD_START_TARGET_RATIO,
        withinSdkTarget: ratioSdk <= COLD_START_TARGET_RATIO,
      };
    });
    const bare = rows.find((r) => r.name === BARE)!;

    console.log();
    console.log(
      table(
        [
          'function',
          'kind',
          'bundle KiB',
          'cold ms (import+1st call)',
          'import',
          '1st call',
          `× bare`,
          `≤ ${COLD_START_TARGET_RATIO}×`,
          '× bare+SDK',
          `≤ ${COLD_START_TARGET_RATIO}×`,
          'from process start',
          '× bare',
          'answer',
        ],
        rows.map((r) => [
          r.name,
          r.kind,
          fmt(r.bundleKiB, 1),
          fmt(r.coldMedianMs, 1),
          fmt(r.importMedianMs, 1),
          fmt(r.invokeMedianMs, 1),
          r.kind === 'baseline' ? '1.00' : fmt(r.ratio, 2),
          r.kind === 'baseline' ? '—' : r.withinTarget ? 'yes' : 'NO',
          fmt(r.ratioSdk, 2),
          r.kind === 'baseline' ? '—' : r.withinSdkTarget ? 'yes' : 'NO',
          fmt(r.sinceStartMedianMs, 1),
          r.kind === 'baseline' ? '1.00' : fmt(r.ratioSinceStart, 2),
          r.outcome,
        ]),
        ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'l', 'r', 'r', 'l'],
      ),
    );
    console.log();
    console.log('All figures are medians in ms. "cold ms" = first line of the runner → end of the first invocation (dynamic import of');
    console.log('the bundle + one handler call), measured inside the child; "from process start" adds Node\'s own boot.');
    const boot = median(rows.map((r) => r.bootMedianMs));
    const wallBare = bare.wallMedianMs;
    console.log(
      `Outside the measure: Node boot to first script line ≈ ${fmt(boot, 1)} ms; spawn → exit seen by the parent ≈ ${fmt(wallBare, 1)} ms`,
    );
    console.log(
      `for the bare handler (${fmt(wallBare - bare.sinceStartMedianMs, 1)} ms of it is spawn, teardown and pipes, outside the child's clock).`,
    );
    console.log('"answer": what the first call did — HTTP handlers get an event refused before any I/O, task handlers an empty');
    console.log('payload (they throw; the name shown is error.name as the minified bundle reports it).');

    console.log();
    console.log("Where the bytes come from (KiB of minified output, from esbuild's metafile):");
    const labels = [...GROUPS.map(([label]) => label), 'other'];
    console.log(
      table(
        ['function', ...labels],
        targets.filter((t) => t.kind !== 'baseline').map((t) => [t.name, ...labels.map((l) => fmt((t.composition.get(l) ?? 0) / 1024, 1))]),
        ['l', ...labels.map(() => 'r' as const)],
      ),
    );
    return { runs, rows: rows.filter((r) => r.kind !== 'baseline'), bare };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runColdStart();
}

/**
 * The onboarding slice on the embedded runtime (in memory): what one application costs end to end
 * — wall time, DynamoDB requests, state transitions, Lambda invocations — then 200 at once.
 *
 * The committee's decision is a human wait: the bench polls GET /admin/applications/{id} every
 * 5 ms until AWAITING_DECISION, approves at once, and counts only submit → awaiting and
 * approve → SUCCEEDED. The polls' own requests are reported, and taken out of the per-slice cost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { withLuhnDigit } from '../domain/siret.ts';
import type { FunctionId } from '../functions/catalog.ts';
import { DEMO_ADMIN, type Runtime, startRuntime } from '../local/runtime.ts';
import { DEMO_POLE_ID } from '../local/seed.ts';
import { applicantOf } from './applicant.ts';
import { fmt, median, percentile, table } from './report.ts';

/** The slice's budget: one application, submit → member active, human wait excluded. */
export const SLICE_TARGET_MS = 1000;
const POLL_MS = 5;
/** The load figure: 200 applications submitted at once and decided. */
const CONCURRENT = Number(process.env.BENCH_CONCURRENT ?? 200);
/** Concurrent pollers back off so that polling does not dominate the load it measures. */
const CONCURRENT_POLL_MS = 50;
const AUTH = { authorization: `Bearer ${DEMO_ADMIN.token}` };

interface Counters {
  dynamo: Map<string, number>;
  transitions: number;
  invocations: Map<FunctionId, number>;
}

interface Delta {
  dynamoTotal: number;
  dynamoByCommand: Map<string, number>;
  transitions: number;
  invocationsTotal: number;
  invocationsByFunction: Map<string, number>;
}

const snapshot = (runtime: Runtime): Counters => ({
  dynamo: new Map(runtime.dynamoRequests),
  transitions: runtime.engine.stateTransitions,
  invocations: new Map(runtime.lambdas.invocations),
});

function mapDelta<K>(after: Map<K, number>, before: Map<K, number>): Map<K, number> {
  const out = new Map<K, number>();
  for (const [k, v] of after) {
    const d = v - (before.get(k) ?? 0);
    if (d !== 0) out.set(k, d);
  }
  return out;
}

const sum = (m: Map<unknown, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

function delta(runtime: Runtime, before: Counters): Delta {
  const dynamoByCommand = mapDelta(runtime.dynamoRequests, before.dynamo);
  const invocationsByFunction = mapDelta(runtime.lambdas.invocations, before.invocations) as Map<string, number>;
  return {
    dynamoTotal: sum(dynamoByCommand),
    dynamoByCommand,
    transitions: runtime.engine.stateTransitions - before.transitions,
    invocationsTotal: sum(invocationsByFunction),
    invocationsByFunction,
  };
}

/** `Map` minus `n` times `unit`, dropping zeros (takes the polls' share out). */
function minus(map: Map<string, number>, unit: Map<string, number>, n: number): Map<string, number> {
  const out = new Map(map);
  for (const [k, v] of unit) {
    const left = (out.get(k) ?? 0) - v * n;
    if (left === 0) out.delete(k);
    else out.set(k, left);
  }
  return out;
}

const breakdown = (m: Map<string, number>, per = 1): string =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${fmt(v / per, per === 1 ? 0 : 1)}`)
    .join(', ') || '—';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The application form, with a SIRET of its own (13 digits + Luhn key) and a start date ahead. */
function form(n: number) {
  const start = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  return {
    structureName: `Atelier Solidaire ${n}`,
    siret: withLuhnDigit(`9${String(n).padStart(12, '0')}`),
    legalForm: 'SCIC',
    essStatus: 'ESUS',
    contact: { name: 'Maite Etcheverry', email: `maite.${n}@example.fr`, phone: '05 59 64 00 00' },
    activity: 'Réemploi',
    requestedAreaM2: 1, // 200 applications must fit in the demo building's free area
    desks: 1,
    fte: 1,
    sharedServices: ['RECEPTION'],
    startDate: start,
  };
}

async function call(
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  admin = false,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(admin && AUTH) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { raw: text };
  }
  return { status: response.status, json };
}

interface SliceResult {
  applicationId: string;
  /** Submit sent → AWAITING_DECISION seen. */
  toAwaitingMs: number;
  /** Approve sent → execution ended. */
  toSucceededMs: number;
  activeMs: number;
  polls: number;
  status: string;
  applicationStatus: string;
}

const applicants = new WeakMap<Runtime, ReturnType<typeof applicantOf>>();
/** The applicant's side of a runtime, one per runtime (it wraps the runtime's mailer once). */
function applicant(runtime: Runtime): ReturnType<typeof applicantOf> {
  if (!applicants.has(runtime)) applicants.set(runtime, applicantOf(runtime));
  return applicants.get(runtime)!;
}

/** One application through the whole slice, as an applicant and an admin would drive it. */
async function slice(runtime: Runtime, n: number, pollMs = POLL_MS): Promise<SliceResult> {
  const { url } = runtime;
  const t0 = performance.now();
  // The form, then its confirmation by the mail's link (the applicant's reading of the mail excluded).
  const submitted = await applicant(runtime).applyAndConfirm(DEMO_POLE_ID, form(n));
  if (submitted.status !== 202) throw new Error(`submit #${n}: HTTP ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const applicationId = submitted.body.applicationId!;
  const executionArn = submitted.body.executionArn!;

  let polls = 0;
  for (;;) {
    const got = await call('GET', `${url}/admin/applications/${applicationId}`, undefined, true);
    polls += 1;
    const status = got.json.status;
    if (status === 'AWAITING_DECISION') break;
    if (got.status !== 200 && got.status !== 404) throw new Error(`poll #${n}: HTTP ${got.status} ${JSON.stringify(got.json)}`);
    if (status === 'FAILED' || status === 'EXPIRED') throw new Error(`application #${n} ended ${String(status)} before the decision`);
    await sleep(pollMs);
  }
  const t1 = performance.now();

  // (The human wait would sit here; the bench approves at once.)
  const t2 = performance.now();
  const decided = await call('POST', `${url}/admin/applications/${applicationId}/decision`, { decision: 'APPROVE' }, true);
  if (decided.status !== 200) throw new Error(`approve #${n}: HTTP ${decided.status} ${JSON.stringify(decided.json)}`);
  const execution = await runtime.engine.settled(executionArn);
  const t3 = performance.now();

  const final = await call('GET', `${url}/admin/applications/${applicationId}`, undefined, true);
  return {
    applicationId,
    toAwaitingMs: t1 - t0,
    toSucceededMs: t3 - t2,
    activeMs: t1 - t0 + (t3 - t2),
    polls: polls + 1, // the final check is a GET too
    status: execution.status,
    applicationStatus: String(final.json.status),
  };
}

interface Measured {
  result: SliceResult;
  d: Delta;
  dynamoByCommand: Map<string, number>;
  invocationsByFunction: Map<string, number>;
}

export interface SingleResult {
  activeMs: number;
  toAwaitingMs: number;
  toSucceededMs: number;
  /** Polls excluded. */
  dynamo: number;
  transitions: number;
  invocations: number;
  status: string;
}

export interface OnboardingResult {
  /** The first application of the process, then a second one warm. */
  single: [first: SingleResult, second: SingleResult];
  concurrent: {
    n: number;
    wallMs: number;
    medianActiveMs: number;
    p95ActiveMs: number;
    dynamoPerApp: number;
    transitionsPerApp: number;
    invocationsPerApp: number;
    succeeded: number;
  };
  startupMs: number;
}

export async function runOnboarding(): Promise<OnboardingResult> {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  // Read when an SDK client is built; startRuntime sets it only after building its first one.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const outboxDir = await mkdtemp(join(tmpdir(), 'pole-bench-outbox-'));
  const booting = performance.now();
  const runtime = await startRuntime({ dataDir: null, outboxDir, port: 0, seed: true, retryDelayMs: 0 });
  const startupMs = performance.now() - booting;
  try {
    console.log(
      `Embedded runtime (dynalite in memory, demo data seeded) up in ${fmt(startupMs, 0)} ms at ${runtime.url}; ${fmt(sum(runtime.dynamoRequests), 0)} DynamoDB requests so far (seeding).`,
    );

    // What one poll costs, measured alone (a GET of an application that does not exist yet).
    const before = snapshot(runtime);
    await call('GET', `${runtime.url}/admin/applications/app-00000000000000-0000000000`, undefined, true);
    const poll = delta(runtime, before);
    console.log(
      `One poll (GET /admin/applications/{id}) alone: ${poll.dynamoTotal} DynamoDB request(s) (${breakdown(poll.dynamoByCommand)}), ${poll.invocationsTotal} Lambda invocation(s).`,
    );

    // (a) one application, end to end: the first one of the process, then a second one warm.
    console.log();
    console.log('(a) One application: submit → AWAITING_DECISION → approve → execution SUCCEEDED');
    console.log('    "first": the first application of this process (the handlers are imported, through tsx, on first use);');
    console.log('    "second": the same slice again once everything is loaded.');
    const measured: Measured[] = [];
    for (const n of [1, 2]) {
      const before = snapshot(runtime);
      const result = await slice(runtime, n);
      const d = delta(runtime, before);
      const dynamoByCommand = minus(d.dynamoByCommand, poll.dynamoByCommand, result.polls);
      const invocationsByFunction = minus(d.invocationsByFunction, poll.invocationsByFunction, result.polls);
      measured.push({ result, d, dynamoByCommand, invocationsByFunction });
    }
    const [first, second] = measured as [Measured, Measured];
    const both = (f: (m: Measured) => string): [string, string] => [f(first), f(second)];
    console.log(
      table(
        ['measure', 'first', 'second'],
        [
          ['execution status / application status', ...both((m) => `${m.result.status} / ${m.result.applicationStatus}`)],
          [`submit → AWAITING_DECISION seen (poll every ${POLL_MS} ms)`, ...both((m) => `${fmt(m.result.toAwaitingMs, 1)} ms`)],
          ['approve → execution SUCCEEDED', ...both((m) => `${fmt(m.result.toSucceededMs, 1)} ms`)],
          ['slice wall time, human wait excluded', ...both((m) => `${fmt(m.result.activeMs, 1)} ms`)],
          [`target < ${SLICE_TARGET_MS} ms`, ...both((m) => (m.result.activeMs < SLICE_TARGET_MS ? 'met' : 'NOT met'))],
          ['DynamoDB requests (polls excluded)', ...both((m) => String(sum(m.dynamoByCommand)))],
          ['DynamoDB requests incl. the polls', ...both((m) => `${m.d.dynamoTotal} (${m.result.polls} polls)`)],
          ['state transitions', ...both((m) => String(m.d.transitions))],
          ['Lambda invocations (polls excluded)', ...both((m) => String(sum(m.invocationsByFunction)))],
        ],
        ['l', 'r', 'r'],
      ),
    );
    console.log(`DynamoDB requests by command (second, polls excluded): ${breakdown(second.dynamoByCommand)}`);
    console.log(`Lambda invocations by function (second, polls excluded): ${breakdown(second.invocationsByFunction)}`);

    // (b) twenty at once.
    console.log();
    console.log(
      `(b) ${CONCURRENT} applications at once (distinct SIRETs, 1 m² each), each submitted, awaited (poll every ${CONCURRENT_POLL_MS} ms), approved`,
    );
    const b0 = snapshot(runtime);
    const started = performance.now();
    const results = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => slice(runtime, 100 + i, CONCURRENT_POLL_MS)));
    const wallMs = performance.now() - started;
    const b = delta(runtime, b0);
    const polls = results.reduce((s, r) => s + r.polls, 0);
    const bDynamo = minus(b.dynamoByCommand, poll.dynamoByCommand, polls);
    const bInvocations = minus(b.invocationsByFunction, poll.invocationsByFunction, polls);
    const succeeded = results.filter((r) => r.status === 'SUCCEEDED' && r.applicationStatus === 'ACTIVE').length;
    const active = results.map((r) => r.activeMs);
    const members = await call('GET', `${runtime.url}/admin/members`, undefined, true);
    const building = members.json.building as { freeM2?: number } | undefined;
    console.log(
      table(
        ['measure', 'value'],
        [
          [
            'SUCCEEDED and ACTIVE',
            `${succeeded} / ${CONCURRENT}${building?.freeM2 !== undefined ? ` (building now ${building.freeM2} m² free)` : ''}`,
          ],
          ['wall time, first submit → last SUCCEEDED', `${fmt(wallMs, 0)} ms`],
          ['per application: submit → awaiting, median', `${fmt(median(results.map((r) => r.toAwaitingMs)), 1)} ms`],
          ['per application: approve → SUCCEEDED, median', `${fmt(median(results.map((r) => r.toSucceededMs)), 1)} ms`],
          [
            'per application: active time, median / p95 / max',
            `${fmt(median(active), 1)} / ${fmt(percentile(active, 0.95), 1)} / ${fmt(Math.max(...active), 1)} ms`,
          ],
          ['DynamoDB requests per application (polls excluded)', `${fmt(sum(bDynamo) / CONCURRENT, 1)}: ${breakdown(bDynamo, CONCURRENT)}`],
          ['DynamoDB requests in all, incl. the polls', `${b.dynamoTotal} (${polls} polls)`],
          ['state transitions per application', fmt(b.transitions / CONCURRENT, 1)],
          [
            'Lambda invocations per application (polls excluded)',
            `${fmt(sum(bInvocations) / CONCURRENT, 1)}: ${breakdown(bInvocations, CONCURRENT)}`,
          ],
        ],
      ),
    );

    return {
      single: [first, second].map((m) => ({
        activeMs: m.result.activeMs,
        toAwaitingMs: m.result.toAwaitingMs,
        toSucceededMs: m.result.toSucceededMs,
        dynamo: sum(m.dynamoByCommand),
        transitions: m.d.transitions,
        invocations: sum(m.invocationsByFunction),
        status: m.result.status,
      })) as [SingleResult, SingleResult],
      concurrent: {
        n: CONCURRENT,
        wallMs,
        medianActiveMs: median(active),
        p95ActiveMs: percentile(active, 0.95),
        dynamoPerApp: sum(bDynamo) / CONCURRENT,
        transitionsPerApp: b.transitions / CONCURRENT,
        invocationsPerApp: sum(bInvocations) / CONCURRENT,
        succeeded,
      },
      startupMs,
    };
  } finally {
    await runtime.stop();
    await rm(outboxDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await runOnboarding();
}

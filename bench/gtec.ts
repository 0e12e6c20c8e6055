/**
 * GTEC campaigns on the embedded runtime, at 100 / 1,000 / 10,000 companies (BENCH_GTEC_COMPANIES):
 * invitations, 60 % of companies answering through the public route (20 concurrent clients on
 * loopback), two reminder rounds to the others, close, aggregate, publish. The Wait states are
 * shortened with the engine's waitTimeOverrides; "busy" time leaves out the time spent in them.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nafSection, SIZE_BANDS } from '../domain/gtec/companies.ts';
import { withLuhnDigit } from '../domain/siret.ts';
import { totalRequests } from '../local/dynamo-clients.ts';
import { type RuntimeMeter, startRuntime } from '../local/runtime.ts';
import { upsertCompanies } from '../store/companies.ts';
import { fmt, table } from './report.ts';

export const GTEC_TARGET_MS = 60_000;
export const GTEC_ANSWERS_PER_S_TARGET = 500;
const SIZES = (process.env.BENCH_GTEC_COMPANIES ?? '100,1000,10000').split(',').map(Number);
const POLE = 'pole-sud-aquitain';
const CLIENTS = 20;
/** Communes by INSEE code and name: companies keep the code, the campaign filter names them. */
const COMMUNES = [
  ['40312', 'Tarnos'],
  ['40209', 'Ondres'],
  ['40042', 'Biarrotte'],
  ['40044', 'Biaudos'],
  ['40273', 'Saint-Martin-de-Seignanx'],
] as const;
const NAF = ['25.62B', '43.21A', '46.69B', '49.41A', '56.10A', '62.01Z', '81.21Z', '10.71C'];

export interface GtecFigures {
  companies: number;
  wallMs: number;
  busyMs: number;
  answers: number;
  answersPerS: number;
  reminded: number;
  dynamoPerCompany: number;
  transitions: number;
  peakRssMiB: number;
  maxStateBytes: number;
}

const decode = (eml: string) => Buffer.from(eml.split('\r\n\r\n')[1]!.replace(/\r\n/g, ''), 'base64').toString('utf8');

/**
 * One POST through node:http: the bench's clients share the two cores with the runtime they
 * measure, and fetch (undici, Node 20) takes about five times more CPU per request here.
 */
const post = (url: string, body: string, agent: Agent) =>
  new Promise<number>((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume().once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject).end(body);
  });

async function once(n: number, meter?: RuntimeMeter): Promise<GtecFigures> {
  const outboxDir = await mkdtemp(join(tmpdir(), 'bench-gtec-'));
  // Long enough for 60 % to answer before the first reminder (at ≥ 250 answers/s), then short.
  const reminderWait = Math.max(1_500, Math.ceil(n * 0.6 * 4));
  const runtime = await startRuntime({
    dataDir: null,
    outboxDir,
    port: 0,
    retryDelayMs: 0,
    seed: true,
    waitTimeOverrides: { WaitForReminder: reminderWait, WaitForClose: 100 },
    meter,
  });
  const admin = { authorization: 'Bearer demo-admin-token', 'content-type': 'application/json' };
  try {
    await upsertCompanies(
      POLE,
      Array.from({ length: n }, (_, i) => ({
        siret: withLuhnDigit(`7${String(i).padStart(12, '0')}`),
        name: `Entreprise ${i}`,
        naf: NAF[i % NAF.length]!,
        nafSection: nafSection(NAF[i % NAF.length]!)!,
        sizeBand: SIZE_BANDS[i % SIZE_BANDS.length]!,
        commune: COMMUNES[i % COMMUNES.length]![0],
        communeName: COMMUNES[i % COMMUNES.length]![1],
        email: `rh-${i}@bench.example.fr`,
      })),
      new Date().toISOString(),
    );
    let peakRss = process.memoryUsage().rss;
    // rss() alone: memoryUsage() also gathers heap statistics, every 20 ms on the measured thread.
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
    const dynamo0 = totalRequests(runtime.dynamoRequests);
    const transitions0 = runtime.engine.stateTransitions;
    const started = performance.now();
    const reply = await fetch(`${runtime.url}/admin/campaigns`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({
        campaignId: `bench-${n}`,
        filters: { communes: COMMUNES.map(([, name]) => name) },
        closesAt: new Date(Date.now() + 21 * 86_400_000).toISOString(),
      }),
    });
    const run = (await reply.json()) as { executionArn?: string };
    if (!run.executionArn) throw new Error(`campaign refused: ${reply.status} ${JSON.stringify(run)}`);
    const progress = async () =>
      (
        (await (await fetch(`${runtime.url}/admin/campaigns/bench-${n}`, { headers: admin })).json()) as {
          progress: { targets: number; sent: number; reminded: number; answered: number };
        }
      ).progress;
    for (let p = await progress(); !(p.targets > 0 && p.sent === p.targets); p = await progress())
      await new Promise((r) => setTimeout(r, 20));

    // 60 % of the targets answer, through their mailed link, 20 clients at a time.
    const files = (await readdir(outboxDir)).sort();
    const tokens = (
      await Promise.all(
        files.map(async (f) => /\/survey\/([A-Za-z0-9_-]{22})\/page/.exec(decode(await readFile(join(outboxDir, f), 'utf8')))?.[1]),
      )
    ).filter((t): t is string => !!t);
    const answering = tokens.filter((_, i) => i % 5 < 3);
    const body = JSON.stringify({
      answers: {
        difficulties: 'oui',
        training_needs: ['securite'],
        hiring: [{ jobFamily: 'btp', count: 2, contractType: 'CDI', horizon: '0-3M' }],
      },
    });
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    let next = 0;
    let failed = 0;
    const answerStart = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < answering.length) {
          const status = await post(`${runtime.url}/survey/${answering[next++]!}/answers`, body, agent);
          if (status < 200 || status > 299) failed += 1;
        }
      }),
    );
    const answerMs = performance.now() - answerStart;
    agent.destroy();
    if (failed > 0) throw new Error(`${failed} answers refused`);

    const done = await runtime.engine.settled(run.executionArn);
    const wallMs = performance.now() - started;
    clearInterval(sampler);
    if (done.status !== 'SUCCEEDED') throw new Error(`campaign of ${n} ended ${done.status}: ${done.error} ${done.cause}`);
    const history = await runtime.engine.history(run.executionArn);
    let waited = 0;
    for (const [i, e] of history.entries()) {
      if (e.type === 'StateEntered' && (e.stateName === 'WaitForReminder' || e.stateName === 'WaitForClose')) {
        const exit = history.slice(i + 1).find((x) => x.type === 'StateExited' && x.stateName === e.stateName);
        if (exit) waited += Date.parse(exit.timestamp) - Date.parse(e.timestamp);
      }
    }
    const final = await progress();
    return {
      companies: final.targets,
      wallMs,
      busyMs: wallMs - waited,
      answers: answering.length,
      answersPerS: answering.length / (answerMs / 1000),
      reminded: final.reminded,
      dynamoPerCompany: (totalRequests(runtime.dynamoRequests) - dynamo0) / final.targets,
      transitions: runtime.engine.stateTransitions - transitions0,
      peakRssMiB: peakRss / 1024 / 1024,
      maxStateBytes: Math.max(...history.map((e) => Buffer.byteLength(JSON.stringify(e.input ?? e.output ?? null)))),
    };
  } finally {
    await runtime.stop();
    await rm(outboxDir, { recursive: true, force: true });
  }
}

/** Runs the campaigns; `meter` is told of every invocation and DynamoDB request of their runtimes (bench/cost.ts). */
export async function runGtec(options: { meter?: RuntimeMeter } = {}): Promise<GtecFigures[]> {
  console.log(
    'Campaign from POST /admin/campaigns to results published; 60 % answer through POST /survey/{token}/answers (20 clients) while the first reminder waits.',
  );
  console.log('Targets include the 100 demo companies of the same communes. "busy" = wall minus the shortened Wait states.');
  const results: GtecFigures[] = [];
  for (const size of SIZES) {
    const r = await once(size, options.meter);
    results.push(r);
    console.log(`  ${r.companies} companies: busy ${fmt(r.busyMs, 0)} ms, ${fmt(r.answersPerS, 0)} answers/s`);
  }
  console.log();
  console.log(
    table(
      [
        'companies',
        'wall ms',
        'busy ms',
        'answers',
        'answers/s',
        'reminders',
        'DynamoDB req / company',
        'state transitions',
        'transitions / company',
        'largest state B',
        'peak RSS MiB',
        `busy < ${GTEC_TARGET_MS / 1000} s`,
      ],
      results.map((r) => [
        r.companies.toLocaleString('en-US'),
        fmt(r.wallMs, 0),
        fmt(r.busyMs, 0),
        String(r.answers),
        fmt(r.answersPerS, 0),
        String(r.reminded),
        fmt(r.dynamoPerCompany, 1),
        String(r.transitions),
        fmt(r.transitions / r.companies, 3),
        String(r.maxStateBytes),
        fmt(r.peakRssMiB, 0),
        r.busyMs < GTEC_TARGET_MS ? 'yes' : 'NO',
      ]),
      ['r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'l'],
    ),
  );
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await runGtec();

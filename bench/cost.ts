/**
 * The projected monthly AWS bill of a year's work of the pôle (README § Cost): 4 quarterly
 * reconciliations (~15 members), 4 GTEC campaigns to 100 companies, 50 membership applications and
 * daily admin use, all-in and item by item, with and without the free tier.
 *
 * Per unit of work, the counts are measured on the embedded runtime: state transitions
 * (engine.stateTransitions), Lambda invocations and their duration, and DynamoDB requests by command
 * (both told to the runtime's meter, see RuntimeMeter in local/runtime.ts), and mails (the outbox).
 * GTEC figures come from bench/gtec.ts (runGtec at 100 companies): per company for invocations,
 * requests and mails, per page for state transitions (a page of 100 companies is one Map iteration,
 * whatever its size), plus every request a respondent makes (the page, its data, the answers).
 * Admin imports go through the API as in AWS; the scheduled function's mornings are counted from
 * its cron. Lambda bills the INIT phase of a cold start (since August 2025): counted for every
 * invocation, as this traffic keeps no instance warm. Log bytes are an estimate per invocation
 * and per transition (marked so). Fixed items (alarms and their metrics, dashboards, keys,
 * secrets, the user pool, schedules) are read from the synthesized templates of prod AND dev,
 * both in one account (the free tier is the account's, shared).
 *
 * Run on its own: `npx tsx bench/cost.ts`.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AllocationKey } from '../domain/contribution.ts';
import { withLuhnDigit } from '../domain/siret.ts';
import { FUNCTIONS, SCHEDULES } from '../functions/catalog.ts';
import { newApp } from '../infra/cdk-context.ts';
import { PoleStack } from '../infra/stack.ts';
import { DEMO_ADMIN, type RuntimeMeter, startRuntime } from '../local/runtime.ts';
import { DEMO_POLE_ID } from '../local/seed.ts';
import { createMember } from '../store/members.ts';
import { fmt, table } from './report.ts';

/** The issue's target: the whole deployment, every item, no free tier. */
export const COST_TARGET_USD_PER_MONTH = 2;

/**
 * AWS public prices, region eu-west-3 (Paris), USD, on-demand. First written from memory; checked on
 * 2026-11-26 against stored copies of public sources (no live network): the AWS pricing pages, and
 * public write-ups quoting the AWS Price List API for eu-west-3 (`.../offers/v1.0/aws/<service>/current/
 * eu-west-3/index.json`, published Sept-Oct 2026). Each line says where its figure was seen and whether
 * that was the eu-west-3 value or only a global/us-east-1 one. Free tiers: the "always free" ones (they
 * survive the July 2025 free-tier change, which gave accounts opened since 2025-07-15 credits instead of
 * 12-month offers); a 12-month offer is counted as 0, since none can still run on 2026-11-26.
 */
export const PRICES = {
  stepFunctionsPerTransition: 0.0297 / 1_000, // Standard; aws.amazon.com/step-functions/pricing region table "Europe (Paris) $0.0297" (stored page), = eu-west-3 0.0000297 in aws-lambda-power-tuning sfCosts; eu-west-3. Free 4,000/month, always free
  lambdaPerRequest: 0.2 / 1_000_000, // EUW3-Request-ARM $0.0000002, AWS Price List eu-west-3 (2026-10-01) quoted in two public cost studies; eu-west-3. Free 1M/month, always free
  lambdaPerGbSecondArm: 0.0000133334, // EUW3-Lambda-GB-Second-ARM, first tier, same price-list quotes; eu-west-3. Free 400,000 GB-s/month, always free. Since 2025-08-01 the INIT phase of on-demand ZIP functions is billed at this same rate (AWS Compute Blog, "AWS Lambda standardizes billing for the INIT phase", 2025-04-29)
  dynamoPerWriteUnit: 0.7423 / 1_000_000, // EUW3-WriteRequestUnits $0.7423/M, AWS Price List Query API 2026-09-07 (public study); eu-west-3 (0.7625 is not the Paris price)
  dynamoPerReadUnit: 0.1487 / 1_000_000, // EUW3-ReadRequestUnits $0.1487/M, same source; eu-west-3
  dynamoStoragePerGbMonth: 0.3, // NOT VERIFIED for eu-west-3 (no source found; likely ~$0.297). Free 25 GB, always free (third-party pages)
  dynamoPitrPerGbMonth: 0.24, // continuous backups, per GB of table; NOT VERIFIED for eu-west-3 (no source found)
  httpApiPerRequest: 1.17 / 1_000_000, // EUW3-ApiGatewayHttpRequest $0.00000117, first 300M, AWS Price List eu-west-3 (2026-10-02) quoted in a public study; eu-west-3 (1.11 was not Paris). Free tier: 12 months only (aws.amazon.com/api-gateway/pricing), see FREE_TIER
  logsIngestPerGb: 0.5985, // EUW3-DataProcessing-Bytes, Standard log class, AWS Price List eu-west-3 (2026-10-07) + a second eu-west-3 write-up; eu-west-3. Lambda logs are now "vended" (tiered) logs: Paris rate not seen. Free 5 GB/month (ingest + storage + scan), always free
  logsStoragePerGbMonth: 0.0315, // EUW3-TimedStorage-ByteHrs (log storage), same price-list quote; eu-west-3
  alarmPerMetric: 0.1, // EUW3-CW:AlarmMonitorUsage $0.10, same price-list quote; eu-west-3. Standard resolution, billed per metric it evaluates (a metric-math alarm: each metric); free 10 alarm metrics (aws.amazon.com/cloudwatch/pricing), always free
  dashboardPerMonth: 3, // aws.amazon.com/cloudwatch/pricing (free: 3 dashboards of up to 50 metrics, always free); $3 seen only in third-party write-ups, not per region
  sesPerMail: 0.1 / 1_000, // per recipient, no attachment, a-la-carte (plan NONE): $0.0001 (AWS Price List us-east-1, 2026-07-22, via api-evangelist/amazon-ses); NOT eu-west-3. Since 2026-07-21 a new SES account defaults to the Essentials plan at $0.16/1,000 (us-east-1) unless set to NONE. Old 3,000/month free offer was 12 months only
  xrayPerTrace: 5 / 1_000_000, // traces recorded; aws.amazon.com/xray/pricing (cn, de pages): $5/M, "permanent" free 100,000/month; global price, NOT eu-west-3-specific
  cognitoEssentialsPerMau: 0.015, // Essentials plan; aws.amazon.com/cognito/pricing as transcribed 2026-09-20 (api-evangelist): $0.015/MAU, free 10,000 MAU/month per account (always free); NOT eu-west-3-specific
  schedulerPerInvocation: 1.2 / 1_000_000, // EventBridge Scheduler EUW3-ScheduledInvocation $1.20/M after a $0 tier of 14M/month, AWS Price List eu-west-3 (2026-09-07) quoted in a public study; eu-west-3 (1.00 is us-east-1). Free 14M/month, always free
  kmsKeyPerMonth: 1, // customer-managed key; aws.amazon.com/kms/pricing: $1/month (+$1/month per rotated key version); AWS-managed keys free; flat, not per region
  secretPerMonth: 0.4, // Secrets Manager EUW3-AWSSecretsManager-Secrets $0.40, AWS Price List eu-west-3 (2026-09-11) quoted in a public study; eu-west-3
  snsEmailPer100k: 2, // alarm mails; $2/100k email deliveries, free 1,000/month: third-party write-ups quoting aws.amazon.com/sns/pricing; NOT eu-west-3-specific, free-tier nature not confirmed
} as const;

export const FREE_TIER = {
  stepFunctionsTransitions: 4_000, // always free ("does not automatically expire", step-functions/pricing)
  lambdaRequests: 1_000_000, // always free
  lambdaGbSeconds: 400_000, // always free, x86 and Arm together
  dynamoStorageGb: 25, // always free (third-party pages; AWS page not seen)
  /** API Gateway's 1M HTTP calls/month was a 12-month offer for accounts opened before 2025-07-15 (all expired by 2026-07-15); newer accounts get credits instead. */
  httpApiRequests: 0,
  logsGb: 5, // always free: ingestion, archive storage and Logs Insights scans together
  alarmMetrics: 10, // always free: standard-resolution alarm metrics not using a Metrics Insights query
  dashboards: 3, // always free
  dashboardMetrics: 50, // per free dashboard
  xrayTraces: 100_000, // always free ("permanent free tier" on the cn/vi xray pricing pages)
  cognitoMau: 10_000, // Essentials and Lite, per account; always free
  schedulerInvocations: 14_000_000, // always free ($0 first tier in the eu-west-3 price list)
} as const;

/** Estimates, not measured (the embedded runtime does not produce CloudWatch's log lines). */
export const ESTIMATES = {
  /** START/END/REPORT lines (~350 B) and two Powertools INFO lines (~500 B each). */
  logBytesPerInvocation: 1_350,
  /** Step Functions logging ALL without execution data: ~400 B per history event, ~2 events a transition. */
  logBytesPerTransition: 800,
  /** API access log line (route key, status, latencies). */
  logBytesPerApiRequest: 250,
  /**
   * Billed INIT of a cold start (Node.js 20 runtime boot + the bundle's import), when bench/cold-start.ts
   * did not measure it in this run; in AWS it adds the sandbox's start to the measured import.
   */
  initMsPerColdStart: 300,
  /** Share of invocations that start cold: a few calls a day per function keep no instance warm (upper bound). */
  coldStartShare: 1,
  /** The dev stack's usage, as a share of prod's (the team trying a change, the demo data). */
  devUsageShare: 0.1,
  /** A respondent's requests besides the answers: the survey page, then the questionnaire it fetches. */
  respondentExtraRequests: 2,
  /** Admins who sign in during a month (Cognito MAU). */
  admins: 3,
  /** Table size after a year (members, campaigns, answers, history): well under 1 GB. */
  tableGb: 0.05,
} as const;

/** A year's work of the pôle (the issue's figures). */
export const YEAR = { reconciliations: 4, members: 15, campaigns: 4, companies: 100, applications: 50, adminCallsPerDay: 20 } as const;

/** The scheduled function's mornings a year per schedule, from its cron (days of month × months). */
export function scheduledRunsPerYear(): number {
  const count = (field: string) =>
    field.split(',').reduce((n, part) => {
      const [from, to] = part.split('-').map(Number);
      return n + (to === undefined ? 1 : to - from! + 1);
    }, 0);
  return Object.values(SCHEDULES).reduce((n, s) => n + count(s.cron.dayOfMonth) * count(s.cron.month), 0);
}

/** Counts of one unit of work. */
export interface Unit {
  transitions: number;
  invocations: number;
  lambdaMs: number;
  apiRequests: number;
  writeUnits: number;
  readUnits: number;
  mails: number;
  executions: number;
}

export interface Measured {
  application: Unit;
  reconciliation: Unit;
  campaign: Unit;
  adminCall: Unit;
  /** Where each unit's figures come from. */
  sources: Record<keyof Omit<Measured, 'sources'>, string>;
}

// The SDK's command names (PutItemCommand…), without the suffix.
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);
const BATCH_WRITES = new Set(['BatchWriteItem']);
const BATCH_GETS = new Set(['BatchGetItem']);

/**
 * Request units from request counts: 1 unit per single-item request (items < 1 KB written, < 4 KB
 * read); batches counted full (25 writes, 100 reads). An upper bound: the meter also counts the
 * embedded engine's own records (its own client), which Step Functions keeps for free in AWS.
 */
function units(byCommand: Map<string, number>): { writeUnits: number; readUnits: number } {
  let writeUnits = 0;
  let readUnits = 0;
  for (const [name, n] of byCommand) {
    const command = name.replace(/Command$/, '');
    if (WRITES.has(command)) writeUnits += n;
    else if (BATCH_WRITES.has(command)) writeUnits += 25 * n;
    else if (BATCH_GETS.has(command)) readUnits += 100 * n;
    else readUnits += n; // GetItem, Query (one page ≤ 4 KB read for most), Scan
  }
  return { writeUnits, readUnits };
}

/** Every invocation (count and wall time) and DynamoDB request of the runtimes this bench starts. */
const lambdaMeter = { invocations: 0, ms: 0, apiInvocations: 0 };
const dynamoRequests = new Map<string, number>();
const meter: RuntimeMeter = {
  invocation: (_id, event, ms) => {
    lambdaMeter.invocations += 1;
    if (typeof event === 'object' && event !== null && 'requestContext' in event) lambdaMeter.apiInvocations += 1;
    lambdaMeter.ms += ms;
  },
  dynamoRequest: (command) => dynamoRequests.set(command, (dynamoRequests.get(command) ?? 0) + 1),
};

interface Snapshot {
  dynamo: Map<string, number>;
  invocations: number;
  ms: number;
  api: number;
  transitions: number;
}
const snap = (transitions: number): Snapshot => ({
  dynamo: new Map(dynamoRequests),
  invocations: lambdaMeter.invocations,
  ms: lambdaMeter.ms,
  api: lambdaMeter.apiInvocations,
  transitions,
});
function since(before: Snapshot, transitions: number, mails: number, executions: number, apiRequests?: number): Unit {
  const dynamo = new Map<string, number>();
  for (const [k, v] of dynamoRequests) dynamo.set(k, v - (before.dynamo.get(k) ?? 0));
  return {
    transitions: transitions - before.transitions,
    invocations: lambdaMeter.invocations - before.invocations,
    lambdaMs: lambdaMeter.ms - before.ms,
    apiRequests: apiRequests ?? lambdaMeter.apiInvocations - before.api,
    ...units(dynamo),
    mails,
    executions,
  };
}

const scale = (u: Unit, k: number): Unit => Object.fromEntries(Object.entries(u).map(([key, v]) => [key, v * k])) as unknown as Unit;
const add = (...us: Unit[]): Unit =>
  us.reduce((a, b) => Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v + b[k as keyof Unit]])) as unknown as Unit);

/** One application, one reconciliation of 15 members, one admin read: measured on the embedded runtime (in memory). */
async function measureOnRuntime(): Promise<Pick<Measured, 'application' | 'reconciliation' | 'adminCall'>> {
  const outboxDir = await mkdtemp(join(tmpdir(), 'bench-cost-'));
  const runtime = await startRuntime({ dataDir: null, outboxDir, port: 0, retryDelayMs: 0, seed: true, meter });
  const admin = { authorization: `Bearer ${DEMO_ADMIN.token}`, 'content-type': 'application/json' };
  const mails = async () => (await readdir(outboxDir)).length;
  try {
    // An application: submit, confirm by the mail's link, the admin reads it once and approves, the workflow ends.
    let before = snap(runtime.engine.stateTransitions);
    let mails0 = await mails();
    const start = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const submitted = await fetch(`${runtime.url}/poles/${DEMO_POLE_ID}/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        structureName: 'Atelier Solidaire Coût',
        siret: withLuhnDigit('9000000000777'),
        legalForm: 'SCIC',
        essStatus: 'ESUS',
        contact: { name: 'Maite Etcheverry', email: 'maite.cout@example.fr', phone: '05 59 64 00 00' },
        activity: 'Réemploi',
        requestedAreaM2: 1,
        desks: 1,
        fte: 1,
        sharedServices: ['RECEPTION'],
        startDate: start,
      }),
    });
    const { applicationId } = (await submitted.json()) as { applicationId: string };
    if (submitted.status !== 202) throw new Error(`application refused: HTTP ${submitted.status}`);
    // The applicant opens the mail's link (the confirmation page) and clicks its button.
    const texts = await Promise.all((await readdir(outboxDir)).map((f) => readFile(join(outboxDir, f), 'utf8')));
    const link = texts
      .map((eml) => Buffer.from(eml.split('\r\n\r\n')[1]!.replace(/\r\n/g, ''), 'base64').toString('utf8'))
      .map((text) => new RegExp(`\\S+/applications/${applicationId}/confirm/[A-Za-z0-9_-]{22}`).exec(text)?.[0])
      .find(Boolean);
    if (!link) throw new Error('no confirmation mail');
    await (await fetch(link)).text();
    const confirmed = await fetch(link, { method: 'POST' });
    if (confirmed.status !== 202) throw new Error(`confirmation refused: HTTP ${confirmed.status}`);
    const { executionArn } = (await confirmed.json()) as { executionArn: string };
    while (!runtime.engine.waitingStates(executionArn).includes('AwaitCommitteeDecision')) {
      const { status } = await runtime.engine.describe(executionArn);
      if (status !== 'RUNNING') throw new Error(`application ended ${status} before the decision`);
      await new Promise((r) => setTimeout(r, 5));
    }
    // The admin opens the application (one call, counted); in the rare case its status is not
    // written yet (the engine's task starts a moment before), they look again.
    while (
      ((await (await fetch(`${runtime.url}/admin/applications/${applicationId}`, { headers: admin })).json()) as { status?: string })
        .status !== 'AWAITING_DECISION'
    ) {
      await new Promise((r) => setTimeout(r, 5));
    }
    const decided = await fetch(`${runtime.url}/admin/applications/${applicationId}/decision`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ decision: 'APPROVE' }),
    });
    if (!decided.ok) throw new Error(`decision refused: HTTP ${decided.status} ${await decided.text()}`);
    const ended = await runtime.engine.settled(executionArn);
    if (ended.status !== 'SUCCEEDED') throw new Error(`application ended ${ended.status}: ${ended.error} ${ended.cause}`);
    const application = since(before, runtime.engine.stateTransitions, (await mails()) - mails0, 1);

    // A reconciliation of 15 members (200 cost lines): inputs imported through the store, then
    // the run from the admin's start to the statements mailed.
    const quarter = '2026-Q3';
    const ids: string[] = [];
    for (let i = 0; i < YEAR.members; i++) {
      const siret = withLuhnDigit(`8${String(i).padStart(12, '0')}`);
      ids.push(siret);
      await createMember({
        poleId: DEMO_POLE_ID,
        memberId: siret,
        siret,
        name: `Structure ${i}`,
        legalForm: 'SCIC',
        essStatus: 'ESUS',
        areaM2: 20 + i,
        fte: 1 + (i % 4),
        sharedServices: [],
        startDate: '2025-01-01',
        contactEmail: `membre-${i}@example.fr`,
        areaHolder: siret,
      });
    }
    before = snap(runtime.engine.stateTransitions);
    mails0 = await mails();
    const keys: [string, AllocationKey][] = [
      ['Charges du bâtiment', 'AREA'],
      ['Accueil mutualisé', 'EQUAL'],
      ['Formation', 'HEADCOUNT'],
    ];
    // Three admin imports (costs, subsidies, advances), through the API as the staff make them (each an API request and an invocation).
    const importRows = async (kind: string, rows: unknown[]) => {
      const reply = await fetch(`${runtime.url}/admin/reconciliations/${quarter}/inputs/${kind}`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify(rows),
      });
      if (!reply.ok) throw new Error(`import ${kind} refused: HTTP ${reply.status} ${await reply.text()}`);
    };
    await importRows(
      'costs',
      Array.from({ length: 200 }, (_, n) => ({
        category: keys[n % 3]![0],
        key: keys[n % 3]![1],
        amountCents: 10_000 + n,
        label: `Facture ${n + 1}`,
      })),
    );
    await importRows('subsidies', [{ funder: 'Région', amountCents: 5_000_000 }]);
    await importRows(
      'advances',
      ids.map((memberId) => ({ memberId, amountCents: 50_000 })),
    );
    const run = (await (
      await fetch(`${runtime.url}/admin/reconciliations/${quarter}/runs`, { method: 'POST', headers: admin })
    ).json()) as { executionArn?: string };
    if (!run.executionArn) throw new Error(`reconciliation refused: ${JSON.stringify(run)}`);
    while (!runtime.engine.waitingStates(run.executionArn).includes('AwaitApproval')) {
      const { status, error, cause } = await runtime.engine.describe(run.executionArn);
      if (status !== 'RUNNING') throw new Error(`reconciliation ended ${status} before approval: ${error} ${cause}`);
      await new Promise((r) => setTimeout(r, 5));
    }
    await fetch(`${runtime.url}/admin/reconciliations/${quarter}`, { headers: admin });
    const approved = await fetch(`${runtime.url}/admin/reconciliations/${quarter}/decision`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ decision: 'APPROVE' }),
    });
    if (!approved.ok) throw new Error(`approval refused: HTTP ${approved.status} ${await approved.text()}`);
    const done = await runtime.engine.settled(run.executionArn);
    if (done.status !== 'SUCCEEDED') throw new Error(`reconciliation ended ${done.status}: ${done.error} ${done.cause}`);
    const reconciliation = since(before, runtime.engine.stateTransitions, (await mails()) - mails0, 1);

    // An admin call: the members list and one execution list, averaged.
    before = snap(runtime.engine.stateTransitions);
    await fetch(`${runtime.url}/admin/members`, { headers: admin });
    await fetch(`${runtime.url}/admin/executions`, { headers: admin });
    const adminCall = scale(since(before, runtime.engine.stateTransitions, 0, 0), 1 / 2);
    return { application, reconciliation, adminCall };
  } finally {
    await runtime.stop();
    await rm(outboxDir, { recursive: true, force: true });
  }
}

/** One GTEC campaign to 100 companies, from bench/gtec.ts (its 100-company run), scaled per company. */
async function measureCampaign(): Promise<{ unit: Unit; source: string }> {
  process.env.BENCH_GTEC_COMPANIES = '100';
  const { runGtec } = await import('./gtec.ts');
  const before = snap(0);
  const [figures] = await runGtec({ meter });
  if (!figures) throw new Error('bench/gtec.ts returned no figures');
  const unitAll = since(before, 0, 0, 1);
  // The run's targets include the demo companies of the same communes: per company, scaled to 100
  // companies; transitions per page (a round's pages of 100 are Map iterations): those of the run,
  // whose rounds have as many pages as 100 companies' or one more (an upper bound).
  const k = YEAR.companies / figures.companies;
  const perCompany = scale({ ...unitAll, mails: figures.companies + figures.reminded }, k);
  // Each respondent also opens the survey page and its questionnaire: as many requests and invocations
  // more, at the answers' average cost per API call; and one company import (an admin API call).
  const extra = figures.answers * k * ESTIMATES.respondentExtraRequests + 1;
  const msPerApiCall = unitAll.lambdaMs / Math.max(1, unitAll.invocations);
  const perCampaign: Unit = {
    ...perCompany,
    transitions: figures.transitions,
    apiRequests: perCompany.apiRequests + extra,
    invocations: perCompany.invocations + extra,
    lambdaMs: perCompany.lambdaMs + extra * msPerApiCall,
    readUnits: perCompany.readUnits + extra * 2,
    executions: 1,
  };
  return {
    unit: perCampaign,
    source: `bench/gtec.ts, ${figures.companies} targets measured (${figures.transitions} transitions, per page), scaled per company to ${YEAR.companies} (60 % answer, 2 reminder rounds), + ${ESTIMATES.respondentExtraRequests} requests per respondent (page, questionnaire) and the company import`,
  };
}

export async function measure(): Promise<Measured> {
  const runtimeUnits = await measureOnRuntime();
  const campaign = await measureCampaign();
  return {
    ...runtimeUnits,
    campaign: campaign.unit,
    sources: {
      application: 'measured: one application on the embedded runtime, submit → confirmation → approval → member active',
      reconciliation: `measured: one reconciliation of ${YEAR.members} members, 200 cost lines, its 3 imports through the API`,
      campaign: `measured: ${campaign.source}`,
      adminCall: 'measured: GET /admin/members and GET /admin/executions, averaged',
    },
  };
}

/**
 * What the synthesized template declares that is billed by the month (unbundled synth), as
 * deployed by default or with the optional CloudWatch dashboard (context pole:dashboard).
 */
export function fixedItems(options: { dashboard?: boolean; stage?: 'dev' | 'prod' } = {}) {
  const stage = options.stage ?? 'prod';
  const app = newApp({ 'aws:cdk:bundling-stacks': [] });
  const stack = new PoleStack(app, `PoleWorkflows-${stage}`, { stage, env: { region: 'eu-west-3' }, dashboard: options.dashboard });
  const resources = Object.values(
    app.synth().getStackByName(stack.stackName).template.Resources as Record<string, { Type: string; Properties: Record<string, any> }>,
  );
  const ofType = (type: string) => resources.filter((r) => r.Type === type);
  const alarms = ofType('AWS::CloudWatch::Alarm');
  const alarmMetrics = alarms.reduce(
    (n, a) => n + (a.Properties.Metrics ? a.Properties.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).length : 1),
    0,
  );
  // Each metric of a dashboard widget is written ["AWS/<namespace>", "<metric>", …] in its body.
  const dashboardMetrics = ofType('AWS::CloudWatch::Dashboard').map(
    (d) => JSON.stringify(d.Properties.DashboardBody).match(/\[\\"AWS\//g)?.length ?? 0,
  );
  return {
    alarms: alarms.length,
    dashboardMetrics,
    alarmMetrics,
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    userPools: ofType('AWS::Cognito::UserPool').length,
    schedules: ofType('AWS::Scheduler::Schedule').length,
    kmsKeys: ofType('AWS::KMS::Key').length,
    secrets: ofType('AWS::SecretsManager::Secret').length,
    functions: Object.keys(FUNCTIONS).length,
  };
}

interface Line {
  item: string;
  basis: string;
  usd: number;
  usdFree: number;
}

/** Prod's and dev's fixed items together: both stacks live in one account. */
function accountFixedItems() {
  const [prod, dev] = [fixedItems({ stage: 'prod' }), fixedItems({ stage: 'dev' })];
  return {
    ...prod,
    alarms: prod.alarms + dev.alarms,
    alarmMetrics: prod.alarmMetrics + dev.alarmMetrics,
    dashboards: prod.dashboards + dev.dashboards,
    dashboardMetrics: [...prod.dashboardMetrics, ...dev.dashboardMetrics],
    userPools: prod.userPools + dev.userPools,
    schedules: prod.schedules + dev.schedules,
    kmsKeys: prod.kmsKeys + dev.kmsKeys,
    secrets: prod.secrets + dev.secrets,
  };
}

/** The invitations of a 10,000-company campaign at SES's sending rate, and the limiter measured at a rate. */
export async function sendPacing(rate = 14, mails = 70): Promise<{ rate: number; measuredPerS: number; campaignMinutes: number }> {
  const { pacedMailer } = await import('../ports/paced-mailer.ts');
  const paced = pacedMailer({ send: async () => ({ messageId: 'm' }) }, async () => rate);
  const started = performance.now();
  await Promise.all(Array.from({ length: mails }, (_, i) => paced.send({ to: `rh-${i}@example.fr`, subject: 's', text: 't' })));
  const measuredPerS = mails / ((performance.now() - started) / 1000);
  return { rate, measuredPerS, campaignMinutes: 10_000 / rate / 60 };
}

/** Prints the projected monthly bill and returns its lines; `measured` skips the runs (e.g. from bench/index.ts), `initMs` is bench/cold-start.ts's median. */
export async function runCost(
  measured?: Measured,
  initMs: number = ESTIMATES.initMsPerColdStart,
): Promise<{ lines: Line[]; totalUsd: number; totalUsdWithFreeTier: number; measured: Measured }> {
  const m = measured ?? (await measure());
  const fixed = accountFixedItems();
  // The scheduled function's mornings, each pôle of each stack: an invocation at an admin call's cost.
  const scheduled = fixed.schedules * scheduledRunsPerYear();
  const scheduledUnit: Unit = { ...scale(m.adminCall, scheduled), apiRequests: 0, transitions: 0, executions: 0, mails: 0 };
  const perYear = add(
    scale(m.application, YEAR.applications),
    scale(m.reconciliation, YEAR.reconciliations),
    scale(m.campaign, YEAR.campaigns),
    scale(m.adminCall, YEAR.adminCallsPerDay * 365),
  );
  // Dev beside prod in the same account: a share of prod's usage; the scheduled mornings are counted for both already.
  const month = add(scale(perYear, (1 + ESTIMATES.devUsageShare) / 12), scale(scheduledUnit, 1 / 12));
  const coldStarts = month.invocations * ESTIMATES.coldStartShare;
  const gbSeconds = ((month.lambdaMs + coldStarts * initMs) / 1000) * (512 / 1024);
  const logGb =
    (month.invocations * ESTIMATES.logBytesPerInvocation +
      month.transitions * ESTIMATES.logBytesPerTransition +
      month.apiRequests * ESTIMATES.logBytesPerApiRequest) /
    1024 ** 3;
  const traces = month.apiRequests + month.executions;
  const over = (used: number, free: number) => Math.max(0, used - free);
  const P = PRICES;
  const F = FREE_TIER;
  const lines: Line[] = [
    {
      item: 'Step Functions (Standard)',
      basis: `${fmt(month.transitions, 0)} transitions`,
      usd: month.transitions * P.stepFunctionsPerTransition,
      usdFree: over(month.transitions, F.stepFunctionsTransitions) * P.stepFunctionsPerTransition,
    },
    {
      item: 'Lambda requests',
      basis: `${fmt(month.invocations, 0)} invocations`,
      usd: month.invocations * P.lambdaPerRequest,
      usdFree: over(month.invocations, F.lambdaRequests) * P.lambdaPerRequest,
    },
    {
      item: 'Lambda duration + billed INIT (Arm, 512 MB)',
      basis: `${fmt(gbSeconds, 1)} GB-s (${fmt(coldStarts, 0)} cold starts × ${fmt(initMs, 0)} ms INIT)`,
      usd: gbSeconds * P.lambdaPerGbSecondArm,
      usdFree: over(gbSeconds, F.lambdaGbSeconds) * P.lambdaPerGbSecondArm,
    },
    {
      item: 'DynamoDB writes (on-demand)',
      basis: `${fmt(month.writeUnits, 0)} WRU`,
      usd: month.writeUnits * P.dynamoPerWriteUnit,
      usdFree: month.writeUnits * P.dynamoPerWriteUnit,
    },
    {
      item: 'DynamoDB reads (on-demand)',
      basis: `${fmt(month.readUnits, 0)} RRU`,
      usd: month.readUnits * P.dynamoPerReadUnit,
      usdFree: month.readUnits * P.dynamoPerReadUnit,
    },
    {
      item: 'DynamoDB storage + PITR',
      basis: `${ESTIMATES.tableGb} GB (estimate)`,
      usd: ESTIMATES.tableGb * (P.dynamoStoragePerGbMonth + P.dynamoPitrPerGbMonth),
      usdFree: ESTIMATES.tableGb * P.dynamoPitrPerGbMonth,
    },
    {
      item: 'API Gateway (HTTP API)',
      basis: `${fmt(month.apiRequests, 0)} requests`,
      usd: month.apiRequests * P.httpApiPerRequest,
      usdFree: over(month.apiRequests, F.httpApiRequests) * P.httpApiPerRequest,
    },
    {
      item: 'CloudWatch Logs (ingest + 1 month kept)',
      basis: `${fmt(logGb * 1024, 1)} MB (estimated bytes per event)`,
      usd: logGb * (P.logsIngestPerGb + P.logsStoragePerGbMonth),
      usdFree: over(logGb, F.logsGb) * (P.logsIngestPerGb + P.logsStoragePerGbMonth),
    },
    { item: 'SES mails', basis: `${fmt(month.mails, 0)} mails`, usd: month.mails * P.sesPerMail, usdFree: month.mails * P.sesPerMail },
    {
      item: 'X-Ray traces',
      basis: `${fmt(traces, 0)} traces`,
      usd: traces * P.xrayPerTrace,
      usdFree: over(traces, F.xrayTraces) * P.xrayPerTrace,
    },
    {
      item: 'EventBridge Scheduler',
      basis: `${fixed.schedules} schedule(s) (prod + dev), ${fmt(scheduled / 12, 1)} runs`,
      usd: (scheduled / 12) * P.schedulerPerInvocation,
      usdFree: 0,
    },
    {
      item: 'CloudWatch alarms',
      basis: `${fixed.alarms} alarms over ${fixed.alarmMetrics} metrics (template)`,
      usd: fixed.alarmMetrics * P.alarmPerMetric,
      usdFree: over(fixed.alarmMetrics, F.alarmMetrics) * P.alarmPerMetric,
    },
    // The free tier covers 3 dashboards of up to 50 metrics each: a larger one is billed anyway.
    {
      item: 'CloudWatch dashboards',
      basis: fixed.dashboards
        ? `${fixed.dashboards} (template), ${fixed.dashboardMetrics.join(', ')} metrics`
        : 'none (template; opt-in below)',
      usd: fixed.dashboards * P.dashboardPerMonth,
      usdFree:
        over(fixed.dashboardMetrics.filter((n) => n <= F.dashboardMetrics).length, F.dashboards) * P.dashboardPerMonth +
        fixed.dashboardMetrics.filter((n) => n > F.dashboardMetrics).length * P.dashboardPerMonth,
    },
    {
      item: 'Cognito (Essentials)',
      basis: `${fixed.userPools} pool, ${ESTIMATES.admins} admins (MAU, estimate)`,
      usd: fixed.userPools * ESTIMATES.admins * P.cognitoEssentialsPerMau,
      usdFree: 0,
    },
    {
      item: 'KMS customer-managed keys',
      basis: `${fixed.kmsKeys} (template; the table uses an AWS-managed key)`,
      usd: fixed.kmsKeys * P.kmsKeyPerMonth,
      usdFree: fixed.kmsKeys * P.kmsKeyPerMonth,
    },
    {
      item: 'Secrets Manager',
      basis: `${fixed.secrets} (template)`,
      usd: fixed.secrets * P.secretPerMonth,
      usdFree: fixed.secrets * P.secretPerMonth,
    },
  ];
  const totalUsd = lines.reduce((s, l) => s + l.usd, 0);
  const totalUsdWithFreeTier = lines.reduce((s, l) => s + l.usdFree, 0);

  console.log(
    `A year of the pôle: ${YEAR.reconciliations} reconciliations (${YEAR.members} members), ${YEAR.campaigns} GTEC campaigns to ${YEAR.companies} companies, ${YEAR.applications} applications, ${YEAR.adminCallsPerDay} admin API calls a day; per month = year / 12.`,
  );
  console.log(
    `One account holds prod and dev: dev's usage counted as ${ESTIMATES.devUsageShare * 100} % of prod's, both templates' fixed items; ${scheduled} scheduled mornings a year; every invocation billed a cold start's INIT.`,
  );
  console.log('Prices: eu-west-3 public on-demand prices in bench/cost.ts (PRICES, with date): check them before quoting.');
  console.log();
  const unitRow = (name: string, u: Unit) => [
    name,
    fmt(u.transitions, 0),
    fmt(u.invocations, 0),
    fmt(u.lambdaMs, 0),
    fmt(u.apiRequests, 0),
    fmt(u.writeUnits, 0),
    fmt(u.readUnits, 0),
    fmt(u.mails, 0),
  ];
  console.log(
    table(
      ['unit of work', 'transitions', 'invocations', 'Lambda ms', 'API requests', 'WRU', 'RRU', 'mails'],
      [
        unitRow('application', m.application),
        unitRow('reconciliation', m.reconciliation),
        unitRow('campaign (100)', m.campaign),
        unitRow('admin call', m.adminCall),
      ],
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  for (const [unit, source] of Object.entries(m.sources)) console.log(`  ${unit}: ${source}`);
  console.log(
    "  WRU/RRU: upper bounds (batches counted full; the embedded engine's own records included). Lambda ms: wall time of each local call.",
  );
  console.log();
  const usd = (v: number) => (v === 0 ? '0' : v < 0.001 ? '< 0.001' : fmt(v, 3));
  console.log(
    table(
      ['item', 'per month', 'USD, no free tier', 'USD, free tier'],
      [...lines.map((l) => [l.item, l.basis, usd(l.usd), usd(l.usdFree)]), ['all-in', '', usd(totalUsd), usd(totalUsdWithFreeTier)]],
      ['l', 'l', 'r', 'r'],
    ),
  );
  const optional = fixedItems({ dashboard: true });
  console.log(
    `With the optional CloudWatch dashboard (-c pole:dashboard=true, ${optional.dashboardMetrics.join(', ')} metrics): +${fmt(optional.dashboards * P.dashboardPerMonth, 2)} USD without the free tier, +0 within its 3 dashboards.`,
  );
  console.log(
    `Target: under ${COST_TARGET_USD_PER_MONTH} USD a month all-in without the free tier: ${fmt(totalUsd, 2)} USD → ${totalUsd < COST_TARGET_USD_PER_MONTH ? 'met' : 'NOT met'}${
      totalUsd >= COST_TARGET_USD_PER_MONTH
        ? ` (largest: ${[...lines]
            .sort((a, b) => b.usd - a.usd)
            .slice(0, 2)
            .map((l) => `${l.item} ${fmt(l.usd, 2)}`)
            .join(', ')})`
        : ''
    }.`,
  );
  const pacing = await sendPacing();
  console.log(
    `Send pacing: at SES's sending rate of ${pacing.rate} mails/s (a production account's usual start; read from GetAccount, MAIL_MAX_SEND_RATE overrides), the mail tasks send ${fmt(pacing.measuredPerS, 1)} mails/s (limiter measured), so a 10,000-company campaign's invitations take ${fmt(pacing.campaignMinutes, 1)} min — throttled by us, not by SES.`,
  );
  return { lines, totalUsd, totalUsdWithFreeTier, measured: m };
}

if (import.meta.url === `file://${process.argv[1]}`) await runCost();

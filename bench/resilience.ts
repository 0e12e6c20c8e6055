/**
 * The resilience summary of `npm run bench`: transient faults injected into each
 * workflow and whether every execution still ended as a fault-free one would. (Hostile requests
 * have their own storm: bench/hostile.ts.)
 */

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, parisDate } from '../domain/dates.ts';
import { withLuhnDigit } from '../domain/siret.ts';
import { type Runtime, startRuntime } from '../local/runtime.ts';
import { applicantOf } from './applicant.ts';
import { table } from './report.ts';

const ADMIN = { authorization: 'Bearer demo-admin-token', 'content-type': 'application/json' };

export interface ResilienceFigures {
  faultsInjected: number;
  executions: number;
  executionsSucceeded: number;
  duplicateMails: number;
}

const post = (runtime: Runtime, path: string, body: unknown) =>
  fetch(`${runtime.url}${path}`, { method: 'POST', headers: ADMIN, body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as Record<string, string>,
  }));

const get = (runtime: Runtime, path: string) =>
  fetch(`${runtime.url}${path}`, { headers: ADMIN }).then(async (r) => (r.ok ? ((await r.json()) as Record<string, string>) : {}));

async function waitFor(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`resilience bench: ${what} did not happen within 60 s`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** An execution's end, or an error naming it and where it waits after 60 s. */
async function settledWithin(runtime: Runtime, executionArn: string): Promise<{ status: string }> {
  const ended = await Promise.race([
    runtime.engine.settled(executionArn),
    new Promise<undefined>((r) => setTimeout(() => r(undefined), 60_000).unref()),
  ]);
  if (!ended)
    throw new Error(
      `resilience bench: ${executionArn} still running after 60 s, waiting at ${runtime.engine.waitingStates(executionArn).join(', ') || 'no task'}`,
    );
  return ended;
}

/** Posts as a careful client would: a 503 (throttled, nothing written) is tried again. */
async function postRetrying(runtime: Runtime, path: string, body: unknown): Promise<{ status: number; body: Record<string, string> }> {
  for (;;) {
    const reply = await post(runtime, path, body);
    if (reply.status !== 503) return reply;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Onboarding and reconciliation, each under transient faults; returns the executions' outcomes. */
async function faultyRuns(runtime: Runtime): Promise<{ executions: number; succeeded: number }> {
  const statuses: string[] = [];
  const applicant = applicantOf(runtime);
  for (let n = 0; n < 10; n++) {
    const form = {
      structureName: `Structure résiliente ${n}`,
      siret: withLuhnDigit(`5${String(n).padStart(12, '0')}`),
      legalForm: 'SCOP',
      essStatus: 'ESS_LAW_2014',
      contact: { name: 'Contact', email: `contact-${n}@example.fr`, phone: '05 59 00 00 00' },
      activity: 'Test',
      requestedAreaM2: 2,
      desks: 1,
      fte: 1,
      sharedServices: [],
      startDate: parisDate(addDays(new Date(), 365)), // after the quarter reconciled below
    };
    const { body } = await applicant.applyAndConfirm('pole-sud-aquitain', form);
    Object.assign(runtime.dynamoFaults, { throttleNext: 2, skip: n % 5, command: undefined });
    runtime.lambdas.injectFault('CheckApplication', { times: 1, error: 'Lambda.ServiceException' });
    runtime.lambdas.injectFault('NotifyApplicant', { times: 2, error: 'Lambda.TooManyRequestsException' });
    // Decidable once the application says so: the engine's task starts a moment before its status is written.
    await waitFor(
      async () => (await get(runtime, `/admin/applications/${body.applicationId}`)).status === 'AWAITING_DECISION',
      `application ${n} awaiting the committee`,
    );
    const decided = await postRetrying(runtime, `/admin/applications/${body.applicationId}/decision`, { decision: 'APPROVE' });
    if (decided.status >= 300)
      throw new Error(`resilience bench: the decision on application ${n} was answered ${decided.status} ${JSON.stringify(decided.body)}`);
    statuses.push((await settledWithin(runtime, body.executionArn!)).status);
  }
  await postRetrying(runtime, '/admin/reconciliations/2026-Q3/inputs/costs', [
    { category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 123_456 },
  ]);
  runtime.lambdas.injectFault('ComputeDraft', { times: 2, error: 'ThrottlingException' });
  const run = await postRetrying(runtime, '/admin/reconciliations/2026-Q3/runs', {});
  await waitFor(() => runtime.engine.waitingStates(run.body.executionArn!).includes('AwaitApproval'), 'the draft statements');
  Object.assign(runtime.dynamoFaults, { throttleNext: 1, skip: 5, command: 'UpdateItemCommand' });
  await postRetrying(runtime, '/admin/reconciliations/2026-Q3/decision', { decision: 'APPROVE' });
  statuses.push((await settledWithin(runtime, run.body.executionArn!)).status);
  return { executions: statuses.length, succeeded: statuses.filter((s) => s === 'SUCCEEDED').length };
}

export async function runResilience(): Promise<ResilienceFigures> {
  const outboxDir = await mkdtemp(join(tmpdir(), 'bench-resilience-'));
  const runtime = await startRuntime({ dataDir: null, outboxDir, port: 0, retryDelayMs: 0 });
  try {
    const injected0 = runtime.dynamoFaults.injected;
    const runs = await faultyRuns(runtime);
    const lambdaFaults = 10 * 3 + 2; // CheckApplication ×1 and NotifyApplicant ×2 per application, ComputeDraft ×2
    // A mail sent twice is the same recipient and subject twice.
    const heads = await Promise.all(
      (await readdir(outboxDir)).map(async (f) => {
        const eml = await readFile(join(outboxDir, f), 'utf8');
        return `${/^To: (.*)$/m.exec(eml)?.[1]} ${/^Subject: (.*)$/m.exec(eml)?.[1]}`;
      }),
    );
    const figures: ResilienceFigures = {
      faultsInjected: lambdaFaults + (runtime.dynamoFaults.injected - injected0),
      executions: runs.executions,
      executionsSucceeded: runs.succeeded,
      duplicateMails: heads.length - new Set(heads).size,
    };
    console.log(
      table(
        ['measure', 'value'],
        [
          ['transient faults injected (Lambda errors, DynamoDB throttling)', String(figures.faultsInjected)],
          ['executions under faults / ended SUCCEEDED', `${figures.executions} / ${figures.executionsSucceeded}`],
          ['mails sent more than once', String(figures.duplicateMails)],
        ],
        ['l', 'r'],
      ),
    );
    return figures;
  } finally {
    await runtime.stop();
    await rm(outboxDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runResilience();

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATE_SIZE_LIMIT } from '../../local/engine.ts';
import { LAMBDA_PAYLOAD_LIMIT } from '../../local/lambda.ts';
import type { Runtime } from '../../local/runtime.ts';
import { eventually, POLE, startTestRuntime } from '../support/runtime.ts';

/**
 * The payload limits the embedded runtime enforces as AWS does: 256 KB for an execution's input
 * and each state's data (Step Functions), 6 MB for a Lambda request and response. The quarterly
 * reconciliation runs its real ASL file; its functions are purpose-built here (overrideHandler)
 * to return what each case needs.
 */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ seed: false });
});
afterAll(() => runtime.stop());

const WORKFLOW = 'quarterly-reconciliation';
const over = (limit: number) => 'x'.repeat(limit + 1);
let runs = 0;

/** Starts a reconciliation whose OpenQuarter returns `result`; resolves when it has ended. */
async function runWithOpenQuarterReturning(result: unknown) {
  runtime.lambdas.overrideHandler('OpenQuarter', async () => result);
  const { executionArn } = await runtime.engine.start(WORKFLOW, `limits-${++runs}`, { poleId: POLE, quarter: '2026-Q1' });
  return runtime.engine.settled(executionArn);
}

describe('payload limits of the embedded runtime', () => {
  it('refuses an execution input over 256 KB, and records no execution', async () => {
    await expect(
      runtime.engine.start(WORKFLOW, 'too-big', { poleId: POLE, quarter: '2026-Q1', blob: over(STATE_SIZE_LIMIT) }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ field: 'input', rule: 'max_size' }],
    });
    expect((await runtime.engine.list(WORKFLOW)).map((e) => e.name)).not.toContain('too-big');
  });

  it('fails a task whose result is over 256 KB with States.DataLimitExceeded; a result within the limit goes on', async () => {
    const failed = await runWithOpenQuarterReturning({ posted: false, blob: over(STATE_SIZE_LIMIT) });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(failed.cause).toContain('OpenQuarter result exceeds');
    const history = await runtime.engine.history(failed.executionArn);
    expect(history.filter((e) => e.stateName === 'ComputeDraft')).toEqual([]);

    expect(await runWithOpenQuarterReturning({ posted: true, blob: 'x'.repeat(200 * 1024) })).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('fails a task whose Lambda response is over 6 MB with Lambda.ResponseSizeTooLarge', async () => {
    const failed = await runWithOpenQuarterReturning({ posted: false, blob: over(LAMBDA_PAYLOAD_LIMIT) });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'Lambda.ResponseSizeTooLarge' });
  });

  it('refuses a Lambda request over 6 MB with Lambda.RequestTooLargeException, before the handler runs', async () => {
    let ran = false;
    runtime.lambdas.overrideHandler('GetQuarter', async () => {
      ran = true;
      return {};
    });
    await expect(runtime.lambdas.invoke('GetQuarter', { body: over(LAMBDA_PAYLOAD_LIMIT) })).rejects.toMatchObject({
      name: 'Lambda.RequestTooLargeException',
    });
    expect(ran).toBe(false);
    await runtime.lambdas.invoke('GetQuarter', { body: 'small' });
    expect(ran).toBe(true);
  });

  it('refuses a SendTaskSuccess output over 256 KB and keeps the task waiting for a valid answer', async () => {
    const tokens: string[] = [];
    runtime.lambdas.overrideHandler('OpenQuarter', async () => ({ posted: false }));
    runtime.lambdas.overrideHandler('ComputeDraft', async () => ({ members: 0, totalNetCents: 0 }));
    runtime.lambdas.overrideHandler('PlanApprovalWait', async () => ({ expired: false, waitSeconds: 3600 }));
    runtime.lambdas.overrideHandler('RequestApproval', async (event) => {
      tokens.push((event as { taskToken: string }).taskToken);
      return {};
    });
    runtime.lambdas.overrideHandler('PostQuarter', async () => ({ status: 'POSTED' }));
    runtime.lambdas.overrideHandler('MailStatements', async () => ({ next: null }));
    const { executionArn } = await runtime.engine.start(WORKFLOW, 'limits-token', { poleId: POLE, quarter: '2026-Q2' });
    const token = await eventually(async () => runtime.engine.waitingStates(executionArn).includes('AwaitApproval') && tokens[0]);

    await expect(runtime.engine.sendTaskSuccess(token, { decision: 'APPROVE', blob: over(STATE_SIZE_LIMIT) })).rejects.toMatchObject({
      name: 'States.DataLimitExceeded',
    });
    expect(runtime.engine.waitingStates(executionArn)).toEqual(['AwaitApproval']);
    await runtime.engine.sendTaskSuccess(token, { decision: 'APPROVE' });
    expect((await runtime.engine.settled(executionArn)).status).toBe('SUCCEEDED');
  });
});

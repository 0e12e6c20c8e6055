import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { mailer } from '../../ports/mailer.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { ddb, tableName } from '../../store/client.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, call, eventually, outbox, POLE, startTestRuntime } from '../support/runtime.ts';

/**
 * The embedded runtime grants each function what its catalog entry says, no more, as IAM does
 * after deploy. Two entries are narrowed here (`grants`), and purpose-built functions
 * (overrideHandler) run under real entries to try what those do not grant.
 */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ grants: { CheckApplication: { table: 'read' }, RecordLeave: { table: 'read' } } });
});
afterAll(() => runtime.stop());

const TABLE_ARN = 'arn:aws:dynamodb:eu-west-3:000000000000:table/pole-workflows';
const RECONCILIATION_ARN = 'arn:aws:states:eu-west-3:000000000000:stateMachine:pole-quarterly-reconciliation';
/** AWS's message for a call no policy of the function's role allows. */
const denied = (fn: string, action: string, resource: string) =>
  `User: arn:aws:sts::000000000000:assumed-role/pole-${fn}-role/pole-${fn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

/** Invokes `id`, served by `work`, and returns how it failed. */
async function failureOf(id: 'GetQuarter' | 'AdminPage' | 'DecideApplication' | 'ListExecutions', work: () => Promise<unknown>) {
  runtime.lambdas.overrideHandler(id, work);
  return runtime.lambdas.invoke(id, {}).then(
    () => undefined,
    (error: Error) => ({ name: error.name, message: error.message }),
  );
}

describe('the embedded runtime enforces what the catalog grants each function', () => {
  it('a workflow task whose entry says `read` fails on its first write with AccessDeniedException, as after deploy', async () => {
    const reply = await applyAndConfirm(runtime, aForm({ siret: testSiret(601) }));
    expect(reply.status).toBe(202); // SubmitApplication may write and mail, ConfirmApplication write and start the workflow
    await runtime.engine.settled(reply.body.executionArn);
    const failure = (await runtime.engine.history(reply.body.executionArn)).find((e) => e.stateName === 'CheckApplication' && e.error);
    expect(failure?.error).toBe('AccessDeniedException');
    expect(failure?.cause).toMatch(
      /^User: arn:aws:sts::000000000000:assumed-role\/pole-CheckApplication-role\/pole-CheckApplication is not authorized to perform: dynamodb:(PutItem|UpdateItem) on resource: arn:aws:dynamodb:eu-west-3:000000000000:table\/pole-workflows /,
    );
  });

  it('an HTTP function whose entry says `read` answers 500 and writes nothing', async () => {
    const { members } = (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body;
    const memberId = members[0].memberId as string;
    const reply = await call(runtime, 'POST', `/admin/members/${memberId}/leave`, { headers: ADMIN, body: { leaveDate: '2099-01-01' } });
    expect(reply).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL' } } });
    expect((await call(runtime, 'GET', `/admin/members/${memberId}`, { headers: ADMIN })).body.leaveDate).toBeUndefined();
  });

  it('a function with `table: none` may not even read', async () => {
    const get = () => ddb().send(new GetCommand({ TableName: tableName(), Key: { PK: 'POLE#x', SK: 'PROFILE' } }));
    expect(await failureOf('AdminPage', get)).toEqual({
      name: 'AccessDeniedException',
      message: denied('AdminPage', 'dynamodb:GetItem', TABLE_ARN),
    });
    const put = () => ddb().send(new PutCommand({ TableName: tableName(), Item: { PK: 'POLE#x', SK: 'ACCESS-TEST' } }));
    expect((await failureOf('GetQuarter', put))?.message).toBe(denied('GetQuarter', 'dynamodb:PutItem', TABLE_ARN));
    expect((await ddb().send(new GetCommand({ TableName: tableName(), Key: { PK: 'POLE#x', SK: 'ACCESS-TEST' } }))).Item).toBeUndefined();
  });

  it('a function may not start, list, stop or redrive a workflow its entry does not name', async () => {
    const start = () => workflowEngine().start('quarterly-reconciliation', 'access-test', { poleId: POLE, quarter: '2026-Q1' });
    expect(await failureOf('GetQuarter', start)).toEqual({
      name: 'AccessDeniedException',
      message: denied('GetQuarter', 'states:StartExecution', RECONCILIATION_ARN),
    });
    expect((await runtime.engine.list('quarterly-reconciliation')).map((e) => e.name)).not.toContain('access-test');
    expect((await failureOf('GetQuarter', () => workflowEngine().list('quarterly-reconciliation')))?.message).toBe(
      denied('GetQuarter', 'states:ListExecutions', RECONCILIATION_ARN),
    );
    // ListExecutions reads every workflow, but neither stops nor redrives.
    const arn = workflowEngine().executionArnOf('member-onboarding', 'pole-sud-aquitain--any');
    expect((await failureOf('ListExecutions', () => workflowEngine().stop(arn)))?.message).toBe(
      denied('ListExecutions', 'states:StopExecution', arn),
    );
    expect((await failureOf('ListExecutions', () => workflowEngine().redrive(arn)))?.message).toBe(
      denied('ListExecutions', 'states:RedriveExecution', arn),
    );
  });

  it('a function may not answer the task token of a workflow it does not call back', async () => {
    const tokens: string[] = [];
    runtime.lambdas.overrideHandler('OpenQuarter', async () => ({ posted: false }));
    runtime.lambdas.overrideHandler('ComputeDraft', async () => ({ members: 0, totalNetCents: 0 }));
    runtime.lambdas.overrideHandler('RequestApproval', async (event) => tokens.push((event as { taskToken: string }).taskToken));
    const { executionArn } = await runtime.engine.start('quarterly-reconciliation', 'access-token', { poleId: POLE, quarter: '2026-Q2' });
    const token = await eventually(async () => runtime.engine.waitingStates(executionArn).includes('AwaitApproval') && tokens[0]);
    // DecideApplication answers the onboarding's tokens only.
    expect(await failureOf('DecideApplication', () => workflowEngine().sendTaskSuccess(token, { decision: 'APPROVE' }))).toEqual({
      name: 'AccessDeniedException',
      message: denied('DecideApplication', 'states:SendTaskSuccess', RECONCILIATION_ARN),
    });
    expect(runtime.engine.waitingStates(executionArn)).toEqual(['AwaitApproval']);
    await runtime.engine.stop(executionArn);
  });

  it('a function without `mails` may not send mail', async () => {
    const before = (await outbox(runtime)).length;
    const send = () => mailer().send({ to: 'contact@example.fr', subject: 'Test', text: 'Test' });
    expect(await failureOf('GetQuarter', send)).toEqual({
      name: 'AccessDeniedException',
      message: denied('GetQuarter', 'ses:SendEmail', 'arn:aws:ses:eu-west-3:000000000000:identity/pole-sud-aquitain.fr'),
    });
    expect((await outbox(runtime)).length).toBe(before);
  });

  it('checks nothing outside a function: the engine, the seed and the tests act as the runtime itself', async () => {
    await ddb().send(new PutCommand({ TableName: tableName(), Item: { PK: 'POLE#x', SK: 'ACCESS-TEST-2' } }));
    expect((await workflowEngine().list('quarterly-reconciliation')).length).toBeGreaterThan(0);
  });
});

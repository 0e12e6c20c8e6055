import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { GetAccountCommand, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConflictError, NotFoundError } from '../../domain/errors.ts';
import { SANDBOX_SEND_RATE, SesMailer } from '../../ports/aws/ses-mailer.ts';
import { LIST_MAX_PAGES, SfnEngine } from '../../ports/aws/sfn-engine.ts';
import { resetConfig } from '../../ports/config.ts';
import { pacedMailer } from '../../ports/paced-mailer.ts';

const SM = 'arn:aws:states:eu-west-3:123456789012:stateMachine:onboarding';
const awsError = (name: string) => Object.assign(new Error(name), { name });

describe('SfnEngine (Step Functions adapter)', () => {
  const sfn = mockClient(SFNClient);
  const engine = new SfnEngine(new SFNClient({ region: 'eu-west-3' }), () => SM);
  beforeEach(() => sfn.reset());

  it('starts a named execution with its JSON input', async () => {
    // Prepare
    sfn.on(StartExecutionCommand).resolves({ executionArn: `${SM}:x`, startDate: new Date('2026-11-26T08:00:00Z') });
    // Act
    const started = await engine.start('member-onboarding', 'pole--app-1', { poleId: 'pole' });
    // Assess
    expect(sfn).toHaveReceivedCommandWith(StartExecutionCommand, { stateMachineArn: SM, name: 'pole--app-1', input: '{"poleId":"pole"}' });
    expect(started).toEqual({ executionArn: `${SM}:x`, startDate: '2026-11-26T08:00:00.000Z' });
  });

  it('returns the existing execution when the name is taken (idempotent start)', async () => {
    sfn.on(StartExecutionCommand).rejects(awsError('ExecutionAlreadyExists'));
    sfn
      .on(DescribeExecutionCommand)
      .resolves({ stateMachineArn: SM, name: 'n', status: 'SUCCEEDED', startDate: new Date('2026-01-01T00:00:00Z'), input: '{}' });
    const started = await engine.start('member-onboarding', 'n', {});
    expect(started.executionArn).toBe('arn:aws:states:eu-west-3:123456789012:execution:onboarding:n');
    expect(sfn).toHaveReceivedCommandWith(DescribeExecutionCommand, { executionArn: started.executionArn });
  });

  it('maps a missing execution to NotFoundError and a stale token to ConflictError', async () => {
    sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));
    sfn.on(SendTaskSuccessCommand).rejects(awsError('TaskTimedOut'));
    await expect(engine.describe(`${SM}:gone`)).rejects.toBeInstanceOf(NotFoundError);
    await expect(engine.sendTaskSuccess('token', { ok: true })).rejects.toBeInstanceOf(ConflictError);
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, { taskToken: 'token', output: '{"ok":true}' });
  });

  it('normalizes the history into steps, following pages', async () => {
    sfn.on(GetExecutionHistoryCommand, { nextToken: undefined }).resolves({
      events: [
        { id: 1, type: 'ExecutionStarted', timestamp: new Date(0), executionStartedEventDetails: { input: '{"a":1}' } },
        { id: 2, type: 'TaskStateEntered', timestamp: new Date(0), stateEnteredEventDetails: { name: 'RecordApplication', input: '{}' } },
      ],
      nextToken: 'p2',
    });
    sfn.on(GetExecutionHistoryCommand, { nextToken: 'p2' }).resolves({
      events: [
        { id: 3, type: 'LambdaFunctionFailed', timestamp: new Date(0), lambdaFunctionFailedEventDetails: { error: 'Boom', cause: 'why' } },
      ],
    });
    const history = await engine.history(`${SM}:x`);
    expect(history.map((e) => [e.id, e.type, e.stateName ?? e.error])).toEqual([
      [1, 'ExecutionStarted', undefined],
      [2, 'StateEntered', 'RecordApplication'],
      [3, 'StateFailed', 'Boom'],
    ]);
    expect(history[0]?.input).toEqual({ a: 1 });
    expect(history[1]?.stateType).toBe('Task');
  });

  it('redrives an execution by its ARN and maps "not redrivable" to a ConflictError', async () => {
    // Prepare
    const arn = 'arn:aws:states:eu-west-3:123456789012:execution:onboarding:pole--app-1';
    sfn.on(RedriveExecutionCommand, { executionArn: arn }).resolves({ redriveDate: new Date('2026-11-26T09:00:00Z') });
    sfn.on(RedriveExecutionCommand, { executionArn: `${arn}-done` }).rejects(awsError('ExecutionNotRedrivable'));
    sfn.on(RedriveExecutionCommand, { executionArn: `${arn}-gone` }).rejects(awsError('ExecutionDoesNotExist'));
    // Act
    const redriven = await engine.redrive(arn);
    // Assess
    expect(sfn).toHaveReceivedCommandWith(RedriveExecutionCommand, { executionArn: arn });
    expect(redriven).toEqual({ executionArn: arn, redriveDate: '2026-11-26T09:00:00.000Z' });
    await expect(engine.redrive(`${arn}-done`)).rejects.toMatchObject({ code: 'EXECUTION_NOT_REDRIVABLE' });
    await expect(engine.redrive(`${arn}-gone`)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('reports how many times an execution was redriven, in its description and in listings', async () => {
    const at = new Date('2026-11-26T09:00:00Z');
    sfn.on(DescribeExecutionCommand).resolves({
      stateMachineArn: SM,
      name: 'n',
      status: 'RUNNING',
      startDate: new Date(0),
      input: '{}',
      redriveCount: 2,
      redriveDate: at,
    });
    sfn.on(ListExecutionsCommand).resolves({
      executions: [
        {
          executionArn: `${SM}:a`,
          stateMachineArn: SM,
          name: 'a',
          status: 'RUNNING',
          startDate: new Date(0),
          redriveCount: 1,
          redriveDate: at,
        },
        { executionArn: `${SM}:b`, stateMachineArn: SM, name: 'b', status: 'FAILED', startDate: new Date(0), redriveCount: 0 },
      ],
    });
    expect(await engine.describe(`${SM}:n`)).toMatchObject({ redriveCount: 2, redriveDate: at.toISOString() });
    const [a, b] = await engine.list('member-onboarding', { status: 'RUNNING' });
    expect(sfn).toHaveReceivedCommandWith(ListExecutionsCommand, { stateMachineArn: SM, statusFilter: 'RUNNING' });
    expect(a).toMatchObject({ redriveCount: 1, redriveDate: at.toISOString() });
    expect(b).not.toHaveProperty('redriveCount');
  });

  it("lists only the asked pôle's executions, 1,000 a page, newest first, reading at most LIST_MAX_PAGES pages", async () => {
    const summary = (name: string) => ({
      executionArn: `${SM}:${name}`,
      stateMachineArn: SM,
      name,
      status: 'SUCCEEDED' as const,
      startDate: new Date(0),
    });
    let page = 0;
    sfn.on(ListExecutionsCommand).callsFake(() => {
      page++;
      return { executions: [summary(`pole-a--app-${page}`), summary(`pole-b--app-${page}`)], nextToken: `after-${page}` };
    });
    const listed = await engine.list('member-onboarding', { poleId: 'pole-a' });
    expect(listed.map((e) => e.name)).toEqual(Array.from({ length: LIST_MAX_PAGES }, (_, i) => `pole-a--app-${i + 1}`));
    expect(sfn).toHaveReceivedCommandTimes(ListExecutionsCommand, LIST_MAX_PAGES);
    expect(sfn).toHaveReceivedNthCommandWith(ListExecutionsCommand, 2, { stateMachineArn: SM, maxResults: 1000, nextToken: 'after-1' });

    sfn.reset();
    sfn.on(ListExecutionsCommand).resolves({ executions: [summary('pole-b--x'), summary('pole-a--y')] });
    expect((await engine.list('member-onboarding', { poleId: 'pole-a' })).map((e) => e.name)).toEqual(['pole-a--y']);
    expect(sfn).toHaveReceivedCommandTimes(ListExecutionsCommand, 1);
  });
});

describe('SesMailer (SES v2 adapter)', () => {
  const ses = mockClient(SESv2Client);
  beforeEach(() => {
    ses.reset();
    for (const name of ['MAIL_MAX_SEND_RATE', 'MAIL_CONCURRENT_SENDERS']) delete process.env[name];
    resetConfig();
  });
  afterEach(() => vi.useRealTimers());
  const sesMailer = () => new SesMailer(new SESv2Client({ region: 'eu-west-3' }));
  const aMail = (n: number) => ({ to: `r${n}@example.fr`, subject: 'Enquête', text: 'Bonjour' });

  it("reads the account's sending rate once and shares it among the tasks that send at once", async () => {
    ses.on(GetAccountCommand).resolves({ SendQuota: { MaxSendRate: 14, Max24HourSend: 50_000, SentLast24Hours: 0 } });
    const mailer = sesMailer();
    expect(await mailer.sendRate()).toBe(7); // 14 a second, two campaign pages at a time
    process.env.MAIL_CONCURRENT_SENDERS = '1';
    resetConfig();
    expect(await mailer.sendRate()).toBe(14);
    expect(ses).toHaveReceivedCommandTimes(GetAccountCommand, 2);
  });

  it('takes MAIL_MAX_SEND_RATE over the account, and the sandbox rate when SES cannot say', async () => {
    process.env.MAIL_MAX_SEND_RATE = '40';
    resetConfig();
    expect(await sesMailer().sendRate()).toBe(20);
    expect(ses).toHaveReceivedCommandTimes(GetAccountCommand, 0);
    delete process.env.MAIL_MAX_SEND_RATE;
    resetConfig();
    ses.on(GetAccountCommand).rejects(awsError('AccessDeniedException'));
    expect(await sesMailer().sendRate()).toBe(SANDBOX_SEND_RATE / 2);
  });

  it('paced, sends no more mails in any second than the rate, reading the rate once per cold start', async () => {
    vi.useFakeTimers();
    const sentAt: number[] = [];
    ses.on(GetAccountCommand).resolves({ SendQuota: { MaxSendRate: 6 } });
    ses.on(SendEmailCommand).callsFake(() => {
      sentAt.push(Date.now());
      return { MessageId: 'm' };
    });
    const inner = sesMailer();
    const paced = pacedMailer(inner, () => inner.sendRate()); // 3 a second
    const sent = Array.from({ length: 10 }, (_, n) => paced.send(aMail(n)));
    await vi.advanceTimersByTimeAsync(990);
    expect(sentAt).toHaveLength(3); // the first second: the rate, no more
    await vi.advanceTimersByTimeAsync(5000);
    expect(await Promise.all(sent)).toHaveLength(10);
    for (const at of sentAt) expect(sentAt.filter((t) => t >= at && t < at + 1000).length).toBeLessThanOrEqual(3);
    expect(ses).toHaveReceivedCommandTimes(GetAccountCommand, 1);
  });

  it('sends a UTF-8 text mail from the configured address', async () => {
    process.env.MAIL_FROM = 'pole@example.fr';
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const result = await new SesMailer(new SESv2Client({ region: 'eu-west-3' })).send({
      to: 'a@example.fr',
      subject: 'Bienvenue',
      text: 'Bonjour',
    });
    expect(result).toEqual({ messageId: 'm-1' });
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'pole@example.fr',
      Destination: { ToAddresses: ['a@example.fr'] },
      Content: { Simple: { Subject: { Data: 'Bienvenue', Charset: 'UTF-8' }, Body: { Text: { Data: 'Bonjour', Charset: 'UTF-8' } } } },
    });
  });
});

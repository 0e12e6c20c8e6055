import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionSpec } from '../../functions/catalog.ts';
import { LocalEngine } from '../../local/engine.ts';
import { type AslStates, forEachState, placeholdersIn, WORKFLOW_NAMES, WORKFLOWS, type WorkflowName } from '../../workflows/catalog.ts';

/**
 * The retry policies, defined here once. Step Functions needs each Retry inline, so every ASL file
 * repeats them; this file fails when one of those copies is not exactly one of these policies.
 * To change a policy: edit it here, then the same block in every ASL file (they are identical text).
 */
const TRANSIENT = {
  ErrorEquals: [
    // Lambda's own failures to run the function, which AWS recommends retrying.
    'Lambda.ServiceException',
    'Lambda.AWSLambdaException',
    'Lambda.SdkClientException',
    'Lambda.ClientExecutionTimeoutException',
    'Lambda.Unknown',
    // A 5xx of an AWS service, as the handlers let it through.
    'InternalServerError',
  ],
  IntervalSeconds: 1,
  MaxAttempts: 4,
  BackoffRate: 2,
  MaxDelaySeconds: 20,
  JitterStrategy: 'FULL',
};

/**
 * Throttling (Lambda's concurrency, DynamoDB's request rate): it lasts longer than a fault, so its
 * retries wait longer, up to a minute apart (about four minutes in all), with full jitter so that
 * the retries of a Map's iterations do not come back together.
 */
const THROTTLING = {
  ErrorEquals: ['Lambda.TooManyRequestsException', 'ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'],
  IntervalSeconds: 2,
  MaxAttempts: 8,
  BackoffRate: 2,
  MaxDelaySeconds: 60,
  JitterStrategy: 'FULL',
};

/**
 * SES refusing to send faster than the account's rate (SES v2 names, and v1's `Throttling`). The
 * sending is paced to that rate (ports/paced-mailer.ts), so this is the exception: it waits longest,
 * up to five minutes apart (about half an hour in all), so that a daily quota reached is not a failure at once.
 */
const SES_THROTTLING = {
  ErrorEquals: ['TooManyRequestsException', 'Throttling', 'LimitExceededException'],
  IntervalSeconds: 5,
  MaxAttempts: 10,
  BackoffRate: 2,
  MaxDelaySeconds: 300,
  JitterStrategy: 'FULL',
};

const POLICIES = {
  /** Every task that sends no mail: throttling first, then the transient faults. */
  transient: [THROTTLING, TRANSIENT],
  /** Every task whose function has `mails: true`: SES throttling first, then the same as the others. */
  mail: [SES_THROTTLING, THROTTLING, TRANSIENT],
} as const;

type Policy = keyof typeof POLICIES;

interface TaskState {
  workflow: WorkflowName;
  state: string;
  functionId: string;
  definition: Record<string, unknown>;
}

const definitionOf = (workflow: WorkflowName) =>
  JSON.parse(readFileSync(WORKFLOWS[workflow].file, 'utf8')) as { States: AslStates } & Record<string, unknown>;

/** Every Task state of every ASL file (Map processors and Parallel branches included), with the function it invokes. */
function allTasks(): TaskState[] {
  const tasks: TaskState[] = [];
  for (const workflow of WORKFLOW_NAMES) {
    forEachState(definitionOf(workflow).States, (state, definition) => {
      if (definition.Type !== 'Task') return;
      const name = (definition.Parameters as { FunctionName?: string } | undefined)?.FunctionName ?? '';
      tasks.push({ workflow, state, functionId: /^\$\{(\w+)FunctionArn\}$/.exec(name)?.[1] ?? `<${name}>`, definition });
    });
  }
  return tasks;
}

const policyFor = (functionId: string): Policy => ((FUNCTIONS as Record<string, FunctionSpec>)[functionId]?.mails ? 'mail' : 'transient');

describe('retry policies', () => {
  const tasks = allTasks();

  it('walks every Task of every workflow, into Map processors', () => {
    expect(new Set(tasks.map((t) => t.workflow))).toEqual(new Set(WORKFLOW_NAMES));
    expect(tasks.map((t) => t.state)).toEqual(expect.arrayContaining(['SendPage', 'SendPageInChild', 'AwaitCommitteeDecision']));
    // The tasks that send mail, as the catalog's `mails: true` makes them: every mail the product sends.
    expect(tasks.filter((t) => policyFor(t.functionId) === 'mail').map((t) => t.state)).toEqual([
      'PlanCommitteeWait', // committee reminder
      'NotifyWelcome',
      'NotifyRejection',
      'NotifyExpiry',
      'PlanApprovalWait', // reminder to the staff while statements await approval
      'MailStatements',
      'SendPage', // GTEC invitations and reminders
      'SendPageInChild',
    ]);
  });

  it('every Task invokes a function of the catalog that its workflow lists', () => {
    const strays = tasks.filter(
      (t) => !(t.functionId in FUNCTIONS) || !(WORKFLOWS[t.workflow].functions as readonly string[]).includes(t.functionId),
    );
    expect(strays.map((t) => `${t.workflow} › ${t.state} → ${t.functionId}`)).toEqual([]);
  });

  it("every Task's Retry is exactly its kind's policy: mail for a function that mails, transient otherwise", () => {
    const wrong = tasks
      .filter((t) => !isDeepStrictEqual(t.definition.Retry, POLICIES[policyFor(t.functionId)]))
      .map((t) => `${t.workflow} › ${t.state} (${t.functionId}) needs the ${policyFor(t.functionId)} policy`);
    expect(wrong, `expected Retry blocks:\n${JSON.stringify(POLICIES, null, 2)}`).toEqual([]);
  });

  it('the transient policy retries what Lambda reports as transient, and never a business error', () => {
    expect(TRANSIENT.ErrorEquals).toEqual(expect.arrayContaining(['Lambda.ClientExecutionTimeoutException', 'Lambda.Unknown']));
    for (const retrier of Object.values(POLICIES).flat()) {
      expect(retrier.ErrorEquals).not.toContain('States.ALL');
      expect(retrier.ErrorEquals).not.toContain('States.TaskFailed');
      expect(retrier.ErrorEquals).not.toContain('States.Timeout'); // a task token's timeout is a business outcome
    }
  });

  it('throttling waits longer than a fault, and SES throttling longest, each capped and jittered', () => {
    const [ses, throttling, transient] = POLICIES.mail;
    expect([throttling, transient]).toEqual(POLICIES.transient);
    expect(ses.ErrorEquals).toEqual(expect.arrayContaining(['TooManyRequestsException', 'Throttling']));
    expect(throttling.ErrorEquals).toEqual(
      expect.arrayContaining(['Lambda.TooManyRequestsException', 'ProvisionedThroughputExceededException']),
    );
    /** The longest a retrier waits in all, its intervals capped at MaxDelaySeconds. */
    const patience = (r: { IntervalSeconds: number; MaxAttempts: number; BackoffRate: number; MaxDelaySeconds: number }) =>
      Array.from({ length: r.MaxAttempts }, (_, i) => Math.min(r.IntervalSeconds * r.BackoffRate ** i, r.MaxDelaySeconds)).reduce(
        (a, b) => a + b,
      );
    expect(patience(throttling)).toBeGreaterThan(3 * 60);
    expect(patience(ses)).toBeGreaterThan(20 * 60);
    expect(patience(transient)).toBeLessThan(patience(throttling));
    expect(ses.MaxAttempts).toBeGreaterThan(throttling.MaxAttempts);
    for (const retrier of [ses, throttling, transient]) {
      expect(retrier.MaxDelaySeconds).toBeGreaterThan(0);
      expect(retrier.JitterStrategy).toBe('FULL');
    }
    // Step Functions uses the first retrier whose ErrorEquals matches: no error may sit in two.
    const all = [ses, throttling, transient].flatMap((r) => r.ErrorEquals);
    expect(new Set(all).size).toBe(all.length);
  });

  // asl-validator and aws-local-stepfunctions 3 accept any value in these fields; Step Functions does not.
  it("every retrier's fields are within Step Functions' limits", () => {
    for (const retrier of Object.values(POLICIES).flat()) {
      expect(Number.isInteger(retrier.IntervalSeconds) && retrier.IntervalSeconds >= 1 && retrier.IntervalSeconds <= 99_999_999).toBe(true);
      expect(Number.isInteger(retrier.MaxAttempts) && retrier.MaxAttempts >= 0 && retrier.MaxAttempts <= 99_999_999).toBe(true);
      expect(retrier.BackoffRate).toBeGreaterThanOrEqual(1);
      expect(['FULL', 'NONE']).toContain(retrier.JitterStrategy);
      if ('MaxDelaySeconds' in retrier) {
        expect(Number.isInteger(retrier.MaxDelaySeconds) && retrier.MaxDelaySeconds > 0 && retrier.MaxDelaySeconds <= 31_622_400).toBe(
          true,
        );
      }
    }
  });
});

describe.each(WORKFLOW_NAMES)('%s ASL file', (workflow) => {
  const text = readFileSync(WORKFLOWS[workflow].file, 'utf8');

  it('is valid Amazon States Language', () => {
    const { isValid, errors } = validator(JSON.parse(text));
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('has every ${Placeholder} filled by the embedded engine', () => {
    const values = LocalEngine.substitutions(workflow, { arnOf: (id) => `arn:aws:lambda:eu-west-3:000000000000:function:${id}` });
    expect(placeholdersIn(text).length).toBeGreaterThan(0);
    expect(placeholdersIn(text).filter((p) => !(p in values))).toEqual([]);
  });

  // What aws-local-stepfunctions 3 gets wrong or ignores (README § Embedded runtime, known differences).
  it('uses only what the embedded engine runs as Step Functions does', () => {
    const definition = definitionOf(workflow);
    expect(definition.QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    const misread: string[] = [];
    forEachState(definition.States, (name, state) => {
      if (state.QueryLanguage !== undefined && state.QueryLanguage !== 'JSONPath') misread.push(`${name}: QueryLanguage`);
      if (state.ResultPath === '$') misread.push(`${name}: ResultPath "$"`);
      if (JSON.stringify(state.Choices ?? []).includes('"IsNull":false')) misread.push(`${name}: IsNull false`);
    });
    expect(misread).toEqual([]);
  });
});

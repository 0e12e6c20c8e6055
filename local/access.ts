import { AsyncLocalStorage } from 'node:async_hooks';
import { FUNCTIONS, type FunctionId, type FunctionSpec, tableActions, WORKFLOW_ACTIONS } from '../functions/catalog.ts';
import type { Mailer, OutgoingMail } from '../ports/mailer.ts';
import type { WorkflowEngine } from '../ports/workflow-engine.ts';
import type { WorkflowName } from '../workflows/catalog.ts';

/**
 * The embedded runtime enforces what functions/catalog.ts grants each function, as IAM enforces
 * the policies infra/ derives from the same entries: a handler that writes while its entry says
 * `read`, touches the table with `none`, acts on a workflow it is not granted, or mails without
 * `mails`, fails here with the AccessDeniedException it would get after deploy. The function
 * running is known from LocalLambdas.invoke (runAs); what runs outside any function (the
 * engine's own records, the demo seed, a test's direct calls) is not checked.
 */

const running = new AsyncLocalStorage<FunctionId>();

/** Runs `work` as function `id`: the calls it makes are checked against that function's grants. */
export const runAs = <T>(id: FunctionId, work: () => T): T => running.run(id, work);

/** Runs `work` as no function (the engine's own work, even when a function's call started it). */
export const runAsRuntime = <T>(work: () => T): T => running.exit(work);

/** The function whose invocation the current code runs in, if any. */
export const runningFunction = (): FunctionId | undefined => running.getStore();

/** What a catalog entry grants, as IAM actions: on the table, on each workflow, and whether it may send mail. */
export interface GrantedActions {
  table: ReadonlySet<string>;
  workflows: ReadonlyMap<string, ReadonlySet<string>>;
  mail: boolean;
}

/** The IAM actions a catalog entry grants (the deployed policies hold the same, see tests/infra/local-access.test.ts). */
export function grantedActions(spec: FunctionSpec): GrantedActions {
  const workflows = new Map<string, Set<string>>();
  for (const [grant, actions] of Object.entries(WORKFLOW_ACTIONS) as [keyof typeof WORKFLOW_ACTIONS, readonly string[]][]) {
    for (const workflow of spec[grant] ?? []) {
      const granted = workflows.get(workflow) ?? new Set<string>();
      for (const action of actions) granted.add(action);
      workflows.set(workflow, granted);
    }
  }
  return { table: new Set(tableActions(spec)), workflows, mail: spec.mails === true };
}

/** What AWS answers a call that no policy of the caller's role allows. */
export class AccessDeniedException extends Error {
  override readonly name = 'AccessDeniedException';
  readonly $fault = 'client';
  readonly $metadata = { httpStatusCode: 400 };
}

export interface AccessGuardOptions {
  region: string;
  /** Names the functions' roles as the stack's resources are named (`<prefix>-<FunctionId>`). */
  prefix: string;
  /** Test-only: grants some functions get instead of their catalog entry's (e.g. `{ RecordLeave: { table: 'read' } }`). */
  overrides?: Partial<Record<FunctionId, Partial<FunctionSpec>>>;
}

/** Refuses, for the function running now, what its catalog entry does not grant. */
export class AccessGuard {
  private readonly granted = new Map<FunctionId, GrantedActions>();

  constructor(private readonly options: AccessGuardOptions) {
    for (const id of Object.keys(FUNCTIONS) as FunctionId[]) {
      this.granted.set(id, grantedActions({ ...FUNCTIONS[id], ...options.overrides?.[id] }));
    }
  }

  /** Before a request of the functions' DynamoDB client (SDK middleware, see local/dynamo-clients.ts). */
  checkTable(command: string, input: Record<string, unknown>): void {
    const action = `dynamodb:${command.replace(/Command$/, '')}`;
    const tableName = String(input.TableName ?? Object.keys((input.RequestItems as object | undefined) ?? {})[0] ?? '');
    this.check((g) => g.table.has(action), action, `arn:aws:dynamodb:${this.options.region}:000000000000:table/${tableName}`);
  }

  /** Before a call of the workflow engine port on `workflow`, whose ARN (state machine or execution) is `resource`. */
  checkWorkflow(action: string, workflow: string, resource: string): void {
    this.check((g) => g.workflows.get(workflow)?.has(`states:${action}`) === true, `states:${action}`, resource);
  }

  /** Before a mail is sent from `from` (ses:SendEmail on that identity). */
  checkMail(from: string): void {
    const identity = from.slice(from.indexOf('@') + 1);
    this.check((g) => g.mail, 'ses:SendEmail', `arn:aws:ses:${this.options.region}:000000000000:identity/${identity}`);
  }

  private check(allows: (granted: GrantedActions) => boolean, action: string, resource: string): void {
    const id = runningFunction();
    if (!id || allows(this.granted.get(id)!)) return;
    const name = `${this.options.prefix}-${id}`;
    throw new AccessDeniedException(
      `User: arn:aws:sts::000000000000:assumed-role/${name}-role/${name} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
    );
  }
}

/** What the guard needs of the engine to name the workflow and ARN a call is about. */
export interface GuardableEngine extends WorkflowEngine {
  stateMachineArnOf(workflow: string): string;
  /** The workflow an execution ARN belongs to; undefined when it is not one of ours (the engine then answers 404). */
  workflowOfExecution(executionArn: string): WorkflowName | undefined;
  /** The execution a pending task token belongs to; undefined when it is not pending (the engine then answers 409). */
  executionOfToken(taskToken: string): string | undefined;
}

/** The workflow engine port as functions see it on the embedded runtime: each call checked, then made. */
export function guardEngine(engine: GuardableEngine, guard: AccessGuard): WorkflowEngine {
  const onExecution = (action: string, executionArn: string | undefined) => {
    const workflow = executionArn && engine.workflowOfExecution(executionArn);
    if (workflow) guard.checkWorkflow(action, workflow, executionArn);
  };
  const onStateMachine = (action: string, workflow: string) => guard.checkWorkflow(action, workflow, engine.stateMachineArnOf(workflow));
  // A task token is answered on the state machine of the execution that waits for it.
  const onToken = (action: string, taskToken: string) => {
    const executionArn = engine.executionOfToken(taskToken);
    const workflow = executionArn && engine.workflowOfExecution(executionArn);
    if (workflow) onStateMachine(action, workflow);
  };
  return {
    executionArnOf: (workflow, name) => engine.executionArnOf(workflow, name),
    start: async (workflow, name, input) => {
      onStateMachine('StartExecution', workflow);
      return engine.start(workflow, name, input);
    },
    describe: async (executionArn) => {
      onExecution('DescribeExecution', executionArn);
      return engine.describe(executionArn);
    },
    list: async (workflow, filter) => {
      onStateMachine('ListExecutions', workflow);
      return engine.list(workflow, filter);
    },
    history: async (executionArn) => {
      onExecution('GetExecutionHistory', executionArn);
      return engine.history(executionArn);
    },
    sendTaskSuccess: async (taskToken, output) => {
      onToken('SendTaskSuccess', taskToken);
      return engine.sendTaskSuccess(taskToken, output);
    },
    sendTaskFailure: async (taskToken, error, cause) => {
      onToken('SendTaskFailure', taskToken);
      return engine.sendTaskFailure(taskToken, error, cause);
    },
    stop: async (executionArn, error, cause) => {
      onExecution('StopExecution', executionArn);
      return engine.stop(executionArn, error, cause);
    },
    redrive: async (executionArn) => {
      onExecution('RedriveExecution', executionArn);
      return engine.redrive(executionArn);
    },
  };
}

/** The mailer port as functions see it on the embedded runtime: only those with `mails` may send. */
export function guardMailer(mailer: Mailer, from: string, guard: AccessGuard): Mailer {
  return {
    send: async (mail: OutgoingMail) => {
      guard.checkMail(from);
      return mailer.send(mail);
    },
  };
}

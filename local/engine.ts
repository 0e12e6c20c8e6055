import './polyfills.ts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { FUNCTIONS, type FunctionId } from '../functions/catalog.ts';
import type {
  ExecutionDetail,
  ExecutionStatus,
  ExecutionSummary,
  HistoryEvent,
  RedrivenExecution,
  StartedExecution,
  WorkflowEngine,
} from '../ports/workflow-engine.ts';
import { putAll, queryAll } from '../store/batch.ts';
import { engineDdb as ddb, isConditionFailed, tableName } from '../store/client.ts';
import { engineKeys } from '../store/keys.ts';
import {
  type AslStates,
  forEachState,
  isDistributedMap,
  placeholderOf,
  placeholdersIn,
  WORKFLOWS,
  type WorkflowName,
} from '../workflows/catalog.ts';
import type { VirtualClock } from './clock.ts';
import { LambdaError, type LocalLambdas } from './lambda.ts';

/** Step Functions' limit on an execution's input and on each state's data (256 KB). */
export const STATE_SIZE_LIMIT = 256 * 1024;
const TOKEN_PLACEHOLDER = '__LOCAL_TASK_TOKEN__';
/** The library times tasks with setTimeout (ceiling ~24.8 days): we keep its own timer below that and enforce the ASL's value on our clock. */
const LIBRARY_TASK_TIMEOUT_S = 2_000_000;
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
const TIMEOUT_FIELD = '__localTimeoutSeconds';
const TIMEOUT_PARAMETER = `${TIMEOUT_FIELD}.$`;

interface TaskInfo {
  waitForToken: boolean;
  timeoutSeconds?: number;
  hasRetry: boolean;
  /** A Wait state of the ASL, run as a task that sleeps on the virtual clock. */
  wait?: { seconds?: number; timestamp?: string };
}

interface LoadedWorkflow {
  stateMachineName: string;
  stateMachineArn: string;
  /** Built (and validated) once: the library validates a definition each time it is constructed. */
  machine: StateMachine;
  tasks: Map<string, TaskInfo>;
  /** Each state's `Type`, nested ones included: history events carry it, as Step Functions' do. */
  stateTypes: Map<string, string>;
}

interface ExecutionRecord {
  workflow: WorkflowName;
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  inputJson: string;
  outputJson?: string;
  error?: string;
  cause?: string;
  restarts?: number;
  redriveCount?: number;
  redriveDate?: string;
}

/** The event a run writes before its first state when it is not a first start. */
interface RunStart {
  type: 'ExecutionResumed' | 'ExecutionRedriven';
  cause: string;
}

/** The statuses Step Functions lets RedriveExecution start again. */
const REDRIVABLE: readonly ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];

interface Run {
  abort: () => void;
  done: Promise<void>;
  history: HistoryWriter;
  stopping?: { error?: string; cause?: string };
}

export interface LocalEngineOptions {
  root: string;
  region: string;
  prefix: string;
  clock: VirtualClock;
  lambdas: LocalLambdas;
  /** Test and demo speed-up: every Retry waits this long instead of its IntervalSeconds. */
  retryDelayMs?: number;
  /**
   * Test and bench speed-up: Wait states named here wait this many real ms instead of until their
   * timestamp (keyed by state name, fixed for a whole run). Otherwise Waits follow the virtual clock.
   */
  waitTimeOverrides?: Record<string, number>;
}

const sizeOf = (value: unknown): number => Buffer.byteLength(JSON.stringify(value ?? null));

function checkStateSize(value: unknown, what: string): void {
  if (sizeOf(value) > STATE_SIZE_LIMIT) {
    throw new LambdaError('States.DataLimitExceeded', `${what} exceeds the ${STATE_SIZE_LIMIT}-byte state size limit`);
  }
}

/** Deep-replaces the token placeholder the library resolved `$$.Task.Token` to. */
function withToken(value: unknown, token: string): unknown {
  if (value === TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(value)) return value.map((v) => withToken(v, token));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withToken(v, token)]));
  return value;
}

/** The longest sleep of one attempt of a Wait (the library's own task timer must not fire first). */
const MAX_WAIT_SLICE_MS = 20 * 86_400_000;
const WAIT_CONTINUES = 'Local.WaitContinues';

/**
 * Every Task state of a definition, nested Parallel branches and Map processors included. Wait
 * states become tasks of ours (in memory only: the ASL file is unchanged) so that they sleep on the
 * virtual clock, which tests move forward and demos speed up; the library's Wait sleeps in real time.
 */
function collectTasks(states: AslStates, into: Map<string, TaskInfo>): void {
  forEachState(states, (name, state) => {
    if (state.Type === 'Wait') {
      const dynamic =
        typeof state.TimestampPath === 'string'
          ? { 'timestamp.$': state.TimestampPath }
          : typeof state.SecondsPath === 'string'
            ? { 'seconds.$': state.SecondsPath }
            : {};
      into.set(name, {
        waitForToken: false,
        hasRetry: true,
        wait: {
          ...(typeof state.Seconds === 'number' && { seconds: state.Seconds }),
          ...(typeof state.Timestamp === 'string' && { timestamp: state.Timestamp }),
        },
      });
      for (const field of ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath']) delete state[field];
      Object.assign(state, {
        Type: 'Task',
        Resource: 'arn:aws:states:::local:wait',
        Parameters: dynamic,
        ResultPath: null, // a Wait passes its input through
        TimeoutSeconds: LIBRARY_TASK_TIMEOUT_S,
        // Waits longer than one slice go on in the next attempt (retried at once, see runTask).
        Retry: [{ ErrorEquals: [WAIT_CONTINUES], MaxAttempts: 99_999_999, IntervalSeconds: 1, BackoffRate: 1 }],
      });
      return;
    }
    if (state.Type === 'Task') {
      const waitForToken = String(state.Resource).endsWith('.waitForTaskToken');
      const timeoutSeconds = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : undefined;
      into.set(name, { waitForToken, timeoutSeconds, hasRetry: Array.isArray(state.Retry) });
      if (waitForToken) {
        // The task's timeout is enforced on our clock. A TimeoutSecondsPath is evaluated by the
        // library along with the Parameters (it only hands us those), then read back in runTask.
        if (typeof state.TimeoutSecondsPath === 'string') {
          state.Parameters = { ...(state.Parameters as object), [TIMEOUT_PARAMETER]: state.TimeoutSecondsPath };
          delete state.TimeoutSecondsPath;
        }
        state.TimeoutSeconds = LIBRARY_TASK_TIMEOUT_S;
      }
    }
    if (state.Type === 'Map') runDistributedInline(name, state);
  });
}

/**
 * aws-local-stepfunctions has no Distributed Map: one whose items come from the state input runs
 * here as an inline Map with the same processor, items and concurrency (in memory only). What
 * only a distributed run has — S3 readers, batches, result writers — is refused, not faked.
 */
function runDistributedInline(name: string, state: Record<string, unknown>): void {
  if (!isDistributedMap(state)) return;
  const unsupported = ['ItemReader', 'ItemBatcher', 'ResultWriter'].filter((field) => field in state);
  if (unsupported.length) throw new Error(`${name}: the embedded engine cannot run a Distributed Map with ${unsupported.join(', ')}`);
  (state.ItemProcessor as { ProcessorConfig: unknown }).ProcessorConfig = { Mode: 'INLINE' };
  for (const field of ['Label', 'ToleratedFailurePercentage', 'ToleratedFailureCount']) delete state[field];
}

function collectStateTypes(states: AslStates, into: Map<string, string>): Map<string, string> {
  forEachState(states, (name, state) => into.set(name, String(state.Type)));
  return into;
}

/**
 * The embedded workflow engine: runs `workflows/*.asl.json` with aws-local-stepfunctions and adds
 * what that library lacks (README § What the embedded runtime adds): ARN → in-process handler, the `lambda:invoke` envelope,
 * `.waitForTaskToken` with a unique token per task answered by sendTaskSuccess/Failure, named
 * idempotent executions with their history kept in the table, restart after an interruption,
 * and timeouts measured on a clock that tests and demos can speed up.
 */
export class LocalEngine implements WorkflowEngine {
  /** StateEntered events seen: what AWS bills as state transitions. */
  stateTransitions = 0;
  private readonly workflows = new Map<WorkflowName, LoadedWorkflow>();
  private readonly functionByArn = new Map<string, FunctionId>();
  private readonly runs = new Map<string, Run>();
  private readonly pending = new Map<
    string,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; executionArn: string; state: string }
  >();
  /** Set by halt(): the process is going away as if killed, so runs record no end. */
  private halted = false;
  /** Task states being run (a handler, a token wait, a Wait): halt() lets them settle before the store closes. */
  private readonly tasksInFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: LocalEngineOptions) {
    for (const id of Object.keys(FUNCTIONS) as FunctionId[]) this.functionByArn.set(options.lambdas.arnOf(id), id);
    for (const workflow of Object.keys(WORKFLOWS) as WorkflowName[]) this.workflows.set(workflow, this.load(workflow));
  }

  /** The values the embedded engine gives each `${Placeholder}` of a workflow's ASL file. */
  static substitutions(workflow: WorkflowName, lambdas: Pick<LocalLambdas, 'arnOf'>): Record<string, string> {
    return Object.fromEntries(WORKFLOWS[workflow].functions.map((id) => [placeholderOf(id), lambdas.arnOf(id as FunctionId)]));
  }

  private load(workflow: WorkflowName): LoadedWorkflow {
    const text = readFileSync(resolve(this.options.root, WORKFLOWS[workflow].file), 'utf8');
    const values = LocalEngine.substitutions(workflow, this.options.lambdas);
    const missing = placeholdersIn(text).filter((p) => !(p in values));
    if (missing.length) throw new Error(`${WORKFLOWS[workflow].file}: no local value for ${missing.map((p) => `\${${p}}`).join(', ')}`);
    const definition = JSON.parse(text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, p: string) => values[p]!)) as StateMachineDefinition;
    const tasks = new Map<string, TaskInfo>();
    // State types as written in the ASL, before collectTasks adapts Wait states.
    const stateTypes = collectStateTypes(definition.States as unknown as AslStates, new Map());
    collectTasks(definition.States as unknown as AslStates, tasks);
    const stateMachineName = `${this.options.prefix}-${workflow}`;
    return {
      stateMachineName,
      stateMachineArn: `arn:aws:states:${this.options.region}:000000000000:stateMachine:${stateMachineName}`,
      machine: new StateMachine(definition, { validationOptions: { checkArn: false } }),
      tasks,
      stateTypes,
    };
  }

  private workflowOf(workflow: string): LoadedWorkflow {
    const loaded = this.workflows.get(workflow as WorkflowName);
    if (!loaded) throw new NotFoundError(`Workflow inconnu : ${workflow}.`);
    return loaded;
  }

  private parseArn(executionArn: string): { workflow: WorkflowName; name: string; loaded: LoadedWorkflow } {
    const match = /^arn:aws:states:[^:]+:\d+:execution:([^:]+):([^:]+)$/.exec(executionArn);
    const entry = match && [...this.workflows].find(([, w]) => w.stateMachineName === match[1]);
    if (!match || !entry) throw new NotFoundError('Exécution introuvable.');
    return { workflow: entry[0], name: match[2]!, loaded: entry[1] };
  }

  executionArnOf(workflow: string, name: string): string {
    return `${this.workflowOf(workflow).stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  }

  async start(workflow: string, name: string, input: Record<string, unknown>): Promise<StartedExecution> {
    this.refuseWhenHalted();
    const loaded = this.workflowOf(workflow);
    if (!NAME_PATTERN.test(name))
      throw new ValidationError([{ field: 'name', rule: 'execution_name', message: `Nom d’exécution invalide : ${name}` }]);
    const inputJson = JSON.stringify(input);
    if (Buffer.byteLength(inputJson) > STATE_SIZE_LIMIT) {
      throw new ValidationError([{ field: 'input', rule: 'max_size', message: `L’entrée dépasse ${STATE_SIZE_LIMIT} octets.` }]);
    }
    const record: ExecutionRecord = {
      workflow: workflow as WorkflowName,
      executionArn: this.executionArnOf(workflow, name),
      stateMachineArn: loaded.stateMachineArn,
      name,
      status: 'RUNNING',
      startDate: this.options.clock.now().toISOString(),
      inputJson,
    };
    try {
      await ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...engineKeys.execution(loaded.stateMachineName, name), type: 'Execution', ...record },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      // Same name: the same execution, never a second one.
      const existing = await this.record(loaded.stateMachineName, name);
      return { executionArn: existing.executionArn, startDate: existing.startDate };
    }
    this.launch(record);
    return { executionArn: record.executionArn, startDate: record.startDate };
  }

  /**
   * Starts again, from the top, every execution left RUNNING by an interrupted runtime. Every
   * step is idempotent (docs/rules.md#idempotency), so each reaches the state it would have reached.
   */
  async resumeInterrupted(): Promise<string[]> {
    this.refuseWhenHalted();
    const resumed: string[] = [];
    for (const [, loaded] of this.workflows) {
      for (const record of await this.records(loaded.stateMachineName, 'RUNNING')) {
        if (this.runs.has(record.executionArn)) continue;
        const restarts = (record.restarts ?? 0) + 1;
        await ddb().send(
          new UpdateCommand({
            TableName: tableName(),
            Key: engineKeys.execution(loaded.stateMachineName, record.name),
            UpdateExpression: 'SET restarts = :n',
            ExpressionAttributeValues: { ':n': restarts },
          }),
        );
        this.launch(record, {
          type: 'ExecutionResumed',
          cause: `Runtime restarted; execution started again from the top (restart ${restarts})`,
        });
        resumed.push(record.executionArn);
      }
    }
    return resumed;
  }

  /**
   * Runs a closed, unsuccessful execution again, from the top, with its original input, under the
   * same name and ARN: its record goes back to RUNNING (one conditional update, so two redrives
   * cannot both win) and its history goes on with an `ExecutionRedriven` event. Step Functions
   * would resume at the failed step; starting from the top reaches the same state because every
   * step is idempotent (docs/rules.md#idempotency).
   */
  async redrive(executionArn: string): Promise<RedrivenExecution> {
    this.refuseWhenHalted();
    const { loaded, name } = this.parseArn(executionArn);
    const notRedrivable = (status: ExecutionStatus) =>
      new ConflictError(
        'EXECUTION_NOT_REDRIVABLE',
        `Seule une exécution en échec, expirée ou arrêtée peut être relancée (statut : ${status}).`,
        { status },
      );
    if (this.runs.has(executionArn)) throw notRedrivable('RUNNING');
    const redriveDate = this.options.clock.now().toISOString();
    let record: ExecutionRecord;
    try {
      const { Attributes } = await ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: engineKeys.execution(loaded.stateMachineName, name),
          UpdateExpression:
            'SET #status = :running, #count = if_not_exists(#count, :zero) + :one, #date = :at REMOVE #stop, #error, #cause, #output',
          ConditionExpression: 'attribute_exists(PK) AND #status IN (:s0, :s1, :s2)',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#count': 'redriveCount',
            '#date': 'redriveDate',
            '#stop': 'stopDate',
            '#error': 'error',
            '#cause': 'cause',
            '#output': 'outputJson',
          },
          ExpressionAttributeValues: {
            ':running': 'RUNNING',
            ':zero': 0,
            ':one': 1,
            ':at': redriveDate,
            ...Object.fromEntries(REDRIVABLE.map((s, i) => [`:s${i}`, s])),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      record = Attributes as ExecutionRecord;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      throw notRedrivable((await this.record(loaded.stateMachineName, name)).status); // a missing execution is a 404 there
    }
    this.launch(record, {
      type: 'ExecutionRedriven',
      cause: `Redriven: started again from the top with its original input (redrive ${record.redriveCount})`,
    });
    return { executionArn, redriveDate };
  }

  private launch(record: ExecutionRecord, start?: RunStart): void {
    const loaded = this.workflowOf(record.workflow);
    const input = JSON.parse(record.inputJson) as Record<string, unknown>;
    const abort = new AbortController();
    const handlers = Object.fromEntries(
      [...loaded.tasks].map(([state, info]) => [
        state,
        (taskInput: unknown) => this.track(this.runTask(record, state, info, taskInput, abort.signal)) as Promise<never>,
      ]),
    );
    // A long Wait's next slice starts at once; other retries wait retryDelayMs when it is set.
    const retryIntervalOverrides = Object.fromEntries(
      [...loaded.tasks].flatMap(([state, t]) =>
        t.wait ? [[state, 0]] : this.options.retryDelayMs !== undefined && t.hasRetry ? [[state, this.options.retryDelayMs]] : [],
      ),
    );
    const execution = loaded.machine.run(input as never, {
      noThrowOnAbort: true,
      overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
      context: {
        Execution: {
          Id: record.executionArn,
          Name: record.name,
          StartTime: record.startDate,
          Input: input as never,
          RoleArn: 'arn:aws:iam::000000000000:role/local',
        },
        StateMachine: { Id: loaded.stateMachineArn, Name: loaded.stateMachineName },
        Task: { Token: TOKEN_PLACEHOLDER },
      },
    });
    const history = new HistoryWriter(loaded.stateMachineName, record.name, this.options.clock, loaded.stateTypes);
    const run: Run = {
      abort: () => {
        abort.abort();
        execution.abort();
      },
      done: Promise.resolve(),
      history,
    };
    this.runs.set(record.executionArn, run);
    const consumed: Promise<void> = (async () => {
      await history.init(start);
      for await (const event of execution.eventLogs) {
        if (this.halted) continue;
        if (event.type === 'StateEntered') this.stateTransitions += 1;
        history.add(event as unknown as LibraryEvent);
      }
    })();
    // Awaited only once the execution ends: handled from now on, so an early failure is not "unhandled".
    consumed.catch(() => undefined);
    run.done = execution.result
      .then(
        async (output) => {
          await consumed;
          await this.finish(
            record,
            run.stopping ? { status: 'ABORTED', ...run.stopping } : { status: 'SUCCEEDED', outputJson: JSON.stringify(output) },
          );
        },
        async (error: Error & { cause?: Error & { cause?: unknown } }) => {
          await consumed.catch(() => undefined);
          const failure = error.cause ?? error;
          const cause = failure.cause ?? failure.message;
          await this.finish(record, {
            status: 'FAILED',
            error: failure.name,
            cause: typeof cause === 'string' ? cause : JSON.stringify(cause),
          });
        },
      )
      // The end could not be recorded (the store failing or going away): the execution stays RUNNING in
      // the table and resumes at the next start, as after a crash. Never an unhandled rejection.
      .catch((error: unknown) => console.error(`embedded engine: the end of ${record.name} was not recorded:`, error))
      .finally(() => this.runs.delete(record.executionArn));
  }

  /** Keeps a task state's promise until it settles (see halt()). */
  private track<T>(task: Promise<T>): Promise<T> {
    this.tasksInFlight.add(task);
    const forget = () => this.tasksInFlight.delete(task);
    task.then(forget, forget);
    return task;
  }

  private refuseWhenHalted(): void {
    if (this.halted) throw new LambdaError('Local.RuntimeStopped', 'The embedded runtime is stopping: no execution starts now');
  }

  private async finish(record: ExecutionRecord, end: Partial<ExecutionRecord> & { status: ExecutionStatus }): Promise<void> {
    if (this.halted) return;
    const run = this.runs.get(record.executionArn);
    await run?.history.flush();
    const fields = { ...end, stopDate: this.options.clock.now().toISOString() };
    const names = Object.fromEntries(Object.keys(fields).map((k, i) => [`#f${i}`, k]));
    const values = Object.fromEntries(Object.values(fields).map((v, i) => [`:f${i}`, v]));
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: engineKeys.execution(this.workflowOf(record.workflow).stateMachineName, record.name),
        UpdateExpression: `SET ${Object.keys(fields)
          .map((_, i) => `#f${i} = :f${i}`)
          .join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  /** A Task state's resource, run in process: `lambda:invoke`, optionally `.waitForTaskToken`. */
  private async runTask(record: ExecutionRecord, state: string, info: TaskInfo, input: unknown, signal: AbortSignal): Promise<unknown> {
    if (info.wait) return this.runWait(state, info.wait, input, signal);
    const {
      FunctionName,
      Payload,
      [TIMEOUT_FIELD]: timeoutFromPath,
    } = (input ?? {}) as { FunctionName?: string; Payload?: unknown; [TIMEOUT_FIELD]?: unknown };
    const id = FunctionName ? this.functionByArn.get(FunctionName) : undefined;
    if (!id) throw new LambdaError('Lambda.ResourceNotFoundException', `Function not found: ${FunctionName}`);
    if (!info.waitForToken) {
      const result = await this.options.lambdas.invoke(id, Payload);
      checkStateSize(result, `${state} result`);
      return { ExecutedVersion: '$LATEST', Payload: result, StatusCode: 200 };
    }
    const token = randomBytes(48).toString('base64url');
    const { promise, resolve: succeed, reject: fail } = Promise.withResolvers<unknown>();
    // The timeout (or an abort) can settle the wait while the task's function is still running,
    // before `await promise` below: handled from now on, the rejection is still thrown there.
    promise.catch(() => undefined);
    this.pending.set(token, { resolve: succeed, reject: fail, executionArn: record.executionArn, state });
    const startedAt = this.options.clock.now().getTime(); // the timeout runs from the task's start, as in AWS
    const stopTimer = new AbortController();
    // An aborted run (stop, halt) must settle the wait, or the library's own task timer stays armed.
    const onAbort = () => {
      stopTimer.abort();
      fail(new LambdaError('States.Aborted', 'Execution aborted while waiting for a task token'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await ddb().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...engineKeys.taskToken(token),
            type: 'TaskToken',
            executionArn: record.executionArn,
            state,
            createdAt: this.options.clock.now().toISOString(),
          },
        }),
      );
      const timeoutSeconds = timeoutFromPath ?? info.timeoutSeconds;
      if (timeoutSeconds !== undefined) {
        if (!Number.isInteger(timeoutSeconds) || (timeoutSeconds as number) < 1) {
          throw new LambdaError(
            'States.Runtime',
            `${state}: TimeoutSecondsPath must point to a positive integer, got ${JSON.stringify(timeoutSeconds)}`,
          );
        }
        const deadline = new Date(startedAt + (timeoutSeconds as number) * 1000);
        void this.options.clock.sleepUntil(deadline, stopTimer.signal).then(() => {
          if (!stopTimer.signal.aborted) fail(new LambdaError('States.Timeout', `${state} timed out after ${timeoutSeconds} s`));
        });
      }
      await this.options.lambdas.invoke(id, withToken(Payload, token));
      // The wait is visible while it lasts; a failed write is written again at the next flush.
      await this.runs
        .get(record.executionArn)
        ?.history.flush()
        .catch(() => undefined);
      return await promise;
    } finally {
      stopTimer.abort();
      signal.removeEventListener('abort', onAbort);
      this.pending.delete(token);
      if (!this.halted) await ddb().send(new DeleteCommand({ TableName: tableName(), Key: engineKeys.taskToken(token) }));
    }
  }

  /** A Wait state, on the virtual clock: until its timestamp, or for its seconds from now. */
  private async runWait(state: string, wait: NonNullable<TaskInfo['wait']>, input: unknown, signal: AbortSignal): Promise<unknown> {
    const override = this.options.waitTimeOverrides?.[state];
    if (override !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, override));
      return {};
    }
    const given = (input ?? {}) as { timestamp?: unknown; seconds?: unknown };
    const timestamp = given.timestamp ?? wait.timestamp;
    const seconds = given.seconds ?? wait.seconds;
    const now = this.options.clock.now().getTime();
    const until = typeof timestamp === 'string' ? Date.parse(timestamp) : typeof seconds === 'number' ? now + seconds * 1000 : Number.NaN;
    if (Number.isNaN(until))
      throw new LambdaError('States.Runtime', `${state}: the Wait's timestamp or seconds are not valid: ${JSON.stringify(given)}`);
    const sliceEnd = Math.min(until, now + MAX_WAIT_SLICE_MS);
    await this.options.clock.sleepUntil(new Date(sliceEnd), signal);
    // A long wait (or a Seconds wait, re-measured from each attempt) goes on in the next attempt.
    if (sliceEnd < until && !signal.aborted)
      throw new LambdaError(WAIT_CONTINUES, `${state}: still waiting until ${new Date(until).toISOString()}`);
    return {};
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<void> {
    checkStateSize(output, 'Task output');
    this.answer(taskToken).resolve(JSON.parse(JSON.stringify(output ?? null)));
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    this.answer(taskToken).reject(new LambdaError(error, cause));
  }

  private answer(taskToken: string) {
    const waiter = this.pending.get(taskToken);
    if (!waiter) throw new ConflictError('TASK_NOT_PENDING', 'Cette tâche n’attend plus de réponse.');
    this.pending.delete(taskToken);
    return waiter;
  }

  async stop(executionArn: string, error?: string, cause?: string): Promise<void> {
    const { loaded, name } = this.parseArn(executionArn);
    const run = this.runs.get(executionArn);
    if (run) {
      run.stopping = { ...(error && { error }), ...(cause && { cause }) };
      run.abort();
      await run.done;
      return;
    }
    const record = await this.record(loaded.stateMachineName, name);
    if (record.status === 'RUNNING') await this.finish(record, { status: 'ABORTED', ...(error && { error }), ...(cause && { cause }) });
  }

  async describe(executionArn: string): Promise<ExecutionDetail> {
    const { loaded, name } = this.parseArn(executionArn);
    return toDetail(await this.record(loaded.stateMachineName, name));
  }

  async list(workflow: string, filter: { status?: ExecutionStatus } = {}): Promise<ExecutionSummary[]> {
    const records = await this.records(this.workflowOf(workflow).stateMachineName, filter.status);
    return records.map(toSummary).sort((a, b) => b.startDate.localeCompare(a.startDate));
  }

  async history(executionArn: string): Promise<HistoryEvent[]> {
    const { loaded, name } = this.parseArn(executionArn);
    await this.record(loaded.stateMachineName, name);
    await this.runs.get(executionArn)?.history.flush();
    const items = await queryAll(
      {
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': engineKeys.eventsPartition(loaded.stateMachineName, name) },
      },
      ddb(),
    );
    return items.map(fromEventItem);
  }

  /** The states of an execution that wait for a task token right now. */
  waitingStates(executionArn: string): string[] {
    return [...this.pending.values()].filter((p) => p.executionArn === executionArn).map((p) => p.state);
  }

  /** Waits until every execution running now has ended (tests, benchmarks, shutdown). */
  async idle(): Promise<void> {
    while (this.runs.size > 0) await Promise.allSettled([...this.runs.values()].map((r) => r.done));
  }

  /** Resolves when the execution has ended, whatever its outcome. */
  async settled(executionArn: string): Promise<ExecutionDetail> {
    await this.runs.get(executionArn)?.done;
    return this.describe(executionArn);
  }

  /**
   * Aborts every run without recording an end, as if the process had been killed, and returns once
   * nothing of the engine's is in flight: runs ended, task states settled (a handler already running
   * finishes: it is cut at the step boundary), histories written. The store can close after that.
   */
  async halt(): Promise<void> {
    this.halted = true;
    const runs = [...this.runs.values()];
    for (const run of runs) run.abort();
    await Promise.allSettled(runs.map((r) => r.done));
    while (this.tasksInFlight.size > 0) await Promise.allSettled([...this.tasksInFlight]);
    await Promise.allSettled(runs.map((r) => r.history.flush()));
  }

  private async record(stateMachineName: string, name: string): Promise<ExecutionRecord> {
    const { Item } = await ddb().send(
      new GetCommand({ TableName: tableName(), Key: engineKeys.execution(stateMachineName, name), ConsistentRead: true }),
    );
    if (!Item) throw new NotFoundError('Exécution introuvable.');
    return Item as ExecutionRecord;
  }

  private async records(stateMachineName: string, status?: ExecutionStatus): Promise<ExecutionRecord[]> {
    const items = await queryAll(
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ...(status && { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }),
        ExpressionAttributeValues: {
          ':pk': engineKeys.executionsPartition(stateMachineName),
          ':prefix': engineKeys.executionPrefix,
          ...(status && { ':status': status }),
        },
      },
      ddb(),
    );
    return items as unknown as ExecutionRecord[];
  }
}

function toSummary(r: ExecutionRecord): ExecutionSummary {
  return {
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: r.startDate,
    ...(r.stopDate && { stopDate: r.stopDate }),
    ...(r.redriveCount && { redriveCount: r.redriveCount, redriveDate: r.redriveDate }),
  };
}

function toDetail(r: ExecutionRecord): ExecutionDetail {
  return {
    ...toSummary(r),
    input: JSON.parse(r.inputJson),
    ...(r.outputJson !== undefined && { output: JSON.parse(r.outputJson) }),
    ...(r.error !== undefined && { error: r.error }),
    ...(r.cause !== undefined && { cause: r.cause }),
  };
}

interface LibraryEvent {
  type: string;
  timestamp: number;
  state?: { name: string; input?: unknown; output?: unknown };
  parentState?: { name: string };
  index?: number;
  input?: unknown;
  output?: unknown;
  Error?: string;
  Cause?: unknown;
  retry?: { attempt: number };
}

function fromEventItem(item: Record<string, unknown>): HistoryEvent {
  const { inputJson, outputJson, id, timestamp, type, stateName, stateType, error, cause } = item as Record<
    string,
    string | number | undefined
  >;
  return {
    id: id as number,
    timestamp: timestamp as string,
    type: type as string,
    ...(stateName !== undefined && { stateName: stateName as string }),
    ...(stateType !== undefined && { stateType: stateType as string }),
    ...(inputJson !== undefined && { input: JSON.parse(inputJson as string) }),
    ...(outputJson !== undefined && { output: JSON.parse(outputJson as string) }),
    ...(error !== undefined && { error: error as string }),
    ...(cause !== undefined && { cause: cause as string }),
  };
}

/**
 * Appends an execution's events to the table. Events emitted together are written together
 * (BatchWriteItem, 25 a request), so a run costs a few requests rather than one per event.
 */
class HistoryWriter {
  private nextId = 1;
  private queue: Record<string, unknown>[] = [];
  private writing: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(
    private readonly stateMachine: string,
    private readonly name: string,
    private readonly clock: VirtualClock,
    private readonly stateTypes: ReadonlyMap<string, string>,
  ) {}

  /** Continues numbering after the events already kept (a resumed or redriven execution). */
  async init(start?: RunStart): Promise<void> {
    const { Items } = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': engineKeys.eventsPartition(this.stateMachine, this.name) },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    this.nextId = ((Items?.[0]?.id as number | undefined) ?? 0) + 1;
    if (start) this.push({ ...start });
  }

  add(event: LibraryEvent): void {
    const state = event.state ?? event.parentState;
    const cause = event.Cause;
    this.push({
      type: event.type,
      stateName: state?.name,
      ...(event.type === 'StateEntered' && state && { stateType: this.stateTypes.get(state.name) }),
      ...(event.index !== undefined && { mapIndex: event.index }),
      inputJson:
        event.type === 'ExecutionStarted'
          ? JSON.stringify(event.input)
          : event.type === 'StateEntered'
            ? JSON.stringify(event.state?.input)
            : undefined,
      outputJson:
        event.type === 'ExecutionSucceeded'
          ? JSON.stringify(event.output)
          : event.type === 'StateExited'
            ? JSON.stringify(event.state?.output)
            : undefined,
      error: event.Error,
      cause: cause === undefined ? undefined : typeof cause === 'string' ? cause : JSON.stringify(cause),
      ...(event.retry && { attempt: event.retry.attempt }),
    });
  }

  private push(fields: Record<string, unknown>): void {
    const id = this.nextId++;
    this.queue.push({ ...engineKeys.event(this.stateMachine, this.name, id), id, timestamp: this.clock.now().toISOString(), ...fields });
    if (!this.scheduled) {
      this.scheduled = true;
      // A failed background write keeps its events queued for the next flush (see flush()).
      setImmediate(() => this.flush().catch(() => undefined));
    }
  }

  /**
   * Writes what is queued; resolves once everything queued so far is in the table. A failed write
   * puts its events back at the head of the queue (puts of the same keys are idempotent), so the
   * next flush writes them; the chain of writes goes on after a failure.
   */
  flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    const written = this.writing
      .then(() => putAll(batch, ddb()))
      .catch((error: unknown) => {
        this.queue = [...batch, ...this.queue];
        throw error;
      });
    this.writing = written.catch(() => undefined);
    return written;
  }
}

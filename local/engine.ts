import './polyfills.ts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import * as z from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { belongsToPole } from '../domain/poles.ts';
import { FUNCTIONS, type FunctionId } from '../functions/catalog.ts';
import type {
  ExecutionDetail,
  ExecutionListFilter,
  ExecutionStatus,
  ExecutionSummary,
  HistoryEvent,
  RedrivenExecution,
  StartedExecution,
  WorkflowEngine,
} from '../ports/workflow-engine.ts';
import { WORKFLOWS, type WorkflowName } from '../workflows/catalog.ts';
import { runAsRuntime } from './access.ts';
import {
  adaptDefinition,
  substitutions,
  type TaskInfo,
  TIMEOUT_FIELD,
  TOKEN_PLACEHOLDER,
  WAIT_CONTINUES,
  withToken,
} from './asl-definition.ts';
import type { VirtualClock } from './clock.ts';
import {
  HistoryWriter,
  type LibraryEvent,
  type ResumePoint,
  type RunStart,
  readHistory,
  replayKey,
  resumePoint,
} from './execution-history.ts';
import { type ExecutionEnd, type ExecutionRecord, ExecutionRecords, toDetail, toSummary } from './execution-records.ts';
import { LambdaError, type LocalLambdas } from './lambda.ts';

/** Step Functions' limit on an execution's input and on each state's data (256 KB). */
export const STATE_SIZE_LIMIT = 256 * 1024;
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
/** The longest sleep of one attempt of a Wait (the library's own task timer must not fire first). */
const MAX_WAIT_SLICE_MS = 20 * 86_400_000;

interface LoadedWorkflow {
  stateMachineName: string;
  stateMachineArn: string;
  /** Built (and validated) once: the library validates a definition each time it is constructed. */
  machine: StateMachine;
  /** The adapted definition, from which a redrive builds a machine that starts at the state it resumes. */
  definition: StateMachineDefinition;
  /** The states of the definition's top level (not within a Map or a Parallel): where a redrive may resume. */
  topLevel: ReadonlySet<string>;
  tasks: Map<string, TaskInfo>;
  /** Each state's `Type` as written, nested ones included (history events carry it). */
  stateTypes: Map<string, string>;
}

interface Run {
  abort: () => void;
  done: Promise<void>;
  history: HistoryWriter;
  stopping?: { error?: string; cause?: string };
  /** A redriven run: the results of tasks that succeeded in the run it resumes, taken in order (see runTask). */
  replays?: Map<string, unknown[]>;
  /** Its task states being run: a run that ends lets them settle first, so that what they did is in its history. */
  inFlight: Set<Promise<unknown>>;
}

export interface LocalEngineOptions {
  root: string;
  region: string;
  prefix: string;
  clock: VirtualClock;
  lambdas: LocalLambdas;
  /** The engine's own client: its records stand for what Step Functions keeps for itself (no injected fault reaches them). */
  ddb: DynamoDBDocumentClient;
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

/**
 * The embedded workflow engine: runs `workflows/*.asl.json` with aws-local-stepfunctions and adds
 * what that library lacks (README § What the embedded runtime adds): ARN → in-process handler, the `lambda:invoke` envelope,
 * `.waitForTaskToken` with a unique token per task answered by sendTaskSuccess/Failure, named
 * idempotent executions with their history kept in the table, restart after an interruption,
 * and timeouts measured on a clock that tests and demos can speed up. The ASL adaptation is
 * asl-definition.ts, the execution records execution-records.ts, the histories execution-history.ts.
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
  private readonly records: ExecutionRecords;

  constructor(private readonly options: LocalEngineOptions) {
    this.records = new ExecutionRecords(options.ddb);
    for (const id of Object.keys(FUNCTIONS) as FunctionId[]) this.functionByArn.set(options.lambdas.arnOf(id), id);
    for (const workflow of Object.keys(WORKFLOWS) as WorkflowName[]) this.workflows.set(workflow, this.load(workflow));
  }

  /** The values the embedded engine gives each `${Placeholder}` of a workflow's ASL file. */
  static substitutions(workflow: WorkflowName, lambdas: Pick<LocalLambdas, 'arnOf'>): Record<string, string> {
    return substitutions(workflow, (id) => lambdas.arnOf(id));
  }

  private load(workflow: WorkflowName): LoadedWorkflow {
    const { file } = WORKFLOWS[workflow];
    const text = readFileSync(resolve(this.options.root, file), 'utf8');
    const { definition, tasks, stateTypes } = adaptDefinition(text, LocalEngine.substitutions(workflow, this.options.lambdas), file);
    const stateMachineName = `${this.options.prefix}-${workflow}`;
    return {
      stateMachineName,
      stateMachineArn: `arn:aws:states:${this.options.region}:000000000000:stateMachine:${stateMachineName}`,
      machine: new StateMachine(definition, { validationOptions: { checkArn: false } }),
      definition,
      topLevel: new Set(Object.keys(definition.States)),
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

  stateMachineArnOf(workflow: string): string {
    return this.workflowOf(workflow).stateMachineArn;
  }

  /** The workflow an execution ARN names, if it is one of this engine's. */
  workflowOfExecution(executionArn: string): WorkflowName | undefined {
    try {
      return this.parseArn(executionArn).workflow;
    } catch {
      return undefined;
    }
  }

  /** The execution waiting for a task token, while it waits. */
  executionOfToken(taskToken: string): string | undefined {
    return this.pending.get(taskToken)?.executionArn;
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
    // Keys only (docs/rules.md#personal-data): a start with anything else is a fault of the code that starts it.
    const keysOnly = WORKFLOWS[workflow as WorkflowName].input.safeParse(input);
    if (!keysOnly.success) throw new Error(`${workflow}: an execution's input is its keys only: ${z.prettifyError(keysOnly.error)}`);
    const record: ExecutionRecord = {
      workflow: workflow as WorkflowName,
      executionArn: this.executionArnOf(workflow, name),
      stateMachineArn: loaded.stateMachineArn,
      name,
      status: 'RUNNING',
      startDate: this.options.clock.now().toISOString(),
      inputJson,
    };
    if (!(await this.records.create(loaded.stateMachineName, record))) {
      // Same name: the same execution, never a second one.
      const existing = await this.records.get(loaded.stateMachineName, name);
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
      for (const record of await this.records.list(loaded.stateMachineName, 'RUNNING')) {
        if (this.runs.has(record.executionArn)) continue;
        const restarts = (record.restarts ?? 0) + 1;
        await this.records.setRestarts(loaded.stateMachineName, record.name, restarts);
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
   * Resumes a closed, unsuccessful execution where it stopped, as Step Functions' RedriveExecution
   * does (docs/rules.md#redrive): under the same name and ARN, at the top-level state its last run
   * failed, timed out or was stopped in, with the input that state had; what succeeded before is
   * not run again, and within that state (a Map) the tasks that had succeeded are replayed from the
   * history rather than invoked, so only the failed iterations run again. Its record goes back to
   * RUNNING (one conditional update, so two redrives cannot both win) and its history goes on with an
   * `ExecutionRedriven` event.
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
    const resume = await resumePoint(this.options.ddb, loaded.stateMachineName, name, loaded.topLevel);
    const redriveDate = this.options.clock.now().toISOString();
    const record = await this.records.reopen(loaded.stateMachineName, name, redriveDate);
    // A missing execution is a 404 there.
    if (!record) throw notRedrivable((await this.records.get(loaded.stateMachineName, name)).status);
    this.launch(
      record,
      {
        type: 'ExecutionRedriven',
        cause: resume
          ? `Redriven: resumed at ${resume.stateName}, what had succeeded kept (redrive ${record.redriveCount})`
          : `Redriven: started from the top, no step had been entered (redrive ${record.redriveCount})`,
      },
      resume,
    );
    return { executionArn, redriveDate };
  }

  /** Starts a run of `record`; a run is the engine's own work even when a function's call started it (see access.ts). */
  private launch(record: ExecutionRecord, start?: RunStart, resume?: ResumePoint): void {
    runAsRuntime(() => this.execute(record, start, resume));
  }

  /** The library's machine for a run: the workflow's own, or for a redrive one that starts at the state it resumes. */
  private machineFor(loaded: LoadedWorkflow, resume?: ResumePoint): StateMachine {
    if (!resume || resume.stateName === loaded.definition.StartAt) return loaded.machine;
    // The definition was validated when loaded; only its StartAt differs.
    return new StateMachine({ ...loaded.definition, StartAt: resume.stateName }, { validationOptions: { noValidate: true } });
  }

  private execute(record: ExecutionRecord, start?: RunStart, resume?: ResumePoint): void {
    const loaded = this.workflowOf(record.workflow);
    const input = JSON.parse(record.inputJson) as Record<string, unknown>;
    const abort = new AbortController();
    const history = new HistoryWriter(this.options.ddb, loaded.stateMachineName, record.name, this.options.clock, loaded.stateTypes);
    const run: Run = {
      abort: () => undefined,
      done: Promise.resolve(),
      history,
      ...(resume && { replays: resume.replays }),
      inFlight: new Set(),
    };
    const handlers = Object.fromEntries(
      [...loaded.tasks].map(([state, info]) => [
        state,
        (taskInput: unknown) => this.track(this.runTask(record, run, state, info, taskInput, abort.signal), run.inFlight) as Promise<never>,
      ]),
    );
    // A long Wait's next slice starts at once; other retries wait retryDelayMs when it is set.
    const retryIntervalOverrides = Object.fromEntries(
      [...loaded.tasks].flatMap(([state, t]) =>
        t.wait ? [[state, 0]] : this.options.retryDelayMs !== undefined && t.hasRetry ? [[state, this.options.retryDelayMs]] : [],
      ),
    );
    const execution = this.machineFor(loaded, resume).run((resume ? resume.input : input) as never, {
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
    run.abort = () => {
      abort.abort();
      execution.abort();
    };
    this.runs.set(record.executionArn, run);
    const consumed: Promise<void> = (async () => {
      await history.init(start);
      for await (const event of execution.eventLogs) {
        if (this.halted) continue;
        // A later run goes on in the same history: its RunStart event says so, not a second ExecutionStarted.
        if (start && event.type === 'ExecutionStarted') continue;
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
          // A failed Map stops waiting for its other iterations: their token waits and Waits end here,
          // their functions still return, and what they did is recorded, so that a redrive runs
          // again only what failed.
          abort.abort();
          while (run.inFlight.size > 0) await Promise.allSettled([...run.inFlight]);
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

  /** Keeps a task state's promise, in the engine's set (see halt()) and its run's, until it settles. */
  private track<T>(task: Promise<T>, ofRun: Set<Promise<unknown>>): Promise<T> {
    for (const set of [this.tasksInFlight, ofRun]) {
      set.add(task);
      const forget = () => set.delete(task);
      task.then(forget, forget);
    }
    return task;
  }

  private refuseWhenHalted(): void {
    if (this.halted) throw new LambdaError('Local.RuntimeStopped', 'The embedded runtime is stopping: no execution starts now');
  }

  private async finish(record: ExecutionRecord, end: ExecutionEnd): Promise<void> {
    if (this.halted) return;
    await this.runs.get(record.executionArn)?.history.flush();
    await this.records.close(this.workflowOf(record.workflow).stateMachineName, record.name, end, this.options.clock.now().toISOString());
  }

  /**
   * A Task state: a Wait run on the virtual clock, or the task's resource. Its result is written to
   * the history (TaskSucceeded), and a redriven run takes the result a task had in the run it
   * resumes instead of running it again (the same state with the same input, in the same order).
   */
  private async runTask(record: ExecutionRecord, run: Run, state: string, info: TaskInfo, input: unknown, signal: AbortSignal) {
    if (info.wait) return this.runWait(state, info.wait, input, signal);
    const key = replayKey(state, JSON.stringify(input ?? null));
    const replayed = run.replays?.get(key);
    if (replayed?.length) {
      const result = replayed.shift();
      run.history.taskSucceeded(state, key, result, true);
      return result;
    }
    const result = await this.invokeTask(record, state, info, input, signal);
    run.history.taskSucceeded(state, key, result);
    return result;
  }

  /** A Task state's resource, run in process: `lambda:invoke`, optionally `.waitForTaskToken`. */
  private async invokeTask(record: ExecutionRecord, state: string, info: TaskInfo, input: unknown, signal: AbortSignal): Promise<unknown> {
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
      await this.records.saveToken(token, record.executionArn, state, this.options.clock.now().toISOString());
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
      if (!this.halted) await this.records.deleteToken(token);
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
    const record = await this.records.get(loaded.stateMachineName, name);
    if (record.status === 'RUNNING') await this.finish(record, { status: 'ABORTED', ...(error && { error }), ...(cause && { cause }) });
  }

  async describe(executionArn: string): Promise<ExecutionDetail> {
    const { loaded, name } = this.parseArn(executionArn);
    return toDetail(await this.records.get(loaded.stateMachineName, name));
  }

  async list(workflow: string, filter: ExecutionListFilter = {}): Promise<ExecutionSummary[]> {
    const records = await this.records.list(this.workflowOf(workflow).stateMachineName, filter.status);
    return records
      .filter((r) => !filter.poleId || belongsToPole(r.name, filter.poleId))
      .map(toSummary)
      .sort((a, b) => b.startDate.localeCompare(a.startDate));
  }

  async history(executionArn: string): Promise<HistoryEvent[]> {
    const { loaded, name } = this.parseArn(executionArn);
    await this.records.get(loaded.stateMachineName, name);
    await this.runs.get(executionArn)?.history.flush();
    return readHistory(this.options.ddb, loaded.stateMachineName, name);
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
}

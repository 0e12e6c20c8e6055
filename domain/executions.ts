import { ConflictError, NotFoundError } from './errors.ts';
import { belongsToPole, businessKeyOf } from './poles.ts';

/**
 * What admins see of workflow executions (docs/back-office.md#executions): one list across workflows with filters, and
 * an execution's history read as steps, with the step that made it fail. Pure functions over what
 * the engine port returns, the same from Step Functions and from the embedded engine. The types
 * below are what the engine port (ports/workflow-engine.ts) speaks.
 */
export const EXECUTION_STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];

const CLOSED_UNSUCCESSFUL = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const satisfies readonly ExecutionStatus[];

/** Closed without success: what RedriveExecution accepts, and what a new reconciliation run follows. */
export const REDRIVABLE_STATUSES: readonly ExecutionStatus[] = CLOSED_UNSUCCESSFUL;

/** What people read for each status: the admin page and the command line. */
export const EXECUTION_STATUS_LABELS: Record<ExecutionStatus, string> = {
  RUNNING: 'En cours',
  SUCCEEDED: 'Réussie',
  FAILED: 'En échec',
  TIMED_OUT: 'Expirée',
  ABORTED: 'Arrêtée',
};

/** How the step an unsuccessful execution stopped at is introduced, by the execution's status. */
export const FAILURE_TITLES: Record<(typeof CLOSED_UNSUCCESSFUL)[number], string> = {
  FAILED: 'Étape en échec',
  TIMED_OUT: 'Étape dépassée',
  ABORTED: 'Arrêtée à l’étape',
};

export interface ExecutionSummary {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  /** How many times the execution was redriven, and when last (absent if never). */
  redriveCount?: number;
  redriveDate?: string;
}

export interface ExecutionDetail extends ExecutionSummary {
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
}

/** One step of an execution's history, the same shape from AWS and from the embedded engine. */
export interface HistoryEvent {
  id: number;
  timestamp: string;
  type: string;
  stateName?: string;
  /** On `StateEntered`: the state's ASL `Type` (Task, Choice, Fail…). */
  stateType?: string;
  input?: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
}

export interface ExecutionView extends ExecutionSummary {
  workflow: string;
  businessKey: string;
  /** From start to stop, or to now while it runs. */
  durationMs: number;
}

export interface ExecutionFilter {
  workflow?: string;
  status?: ExecutionStatus;
  /** ISO instants bounding `startDate` (inclusive). */
  from?: string;
  to?: string;
  /** A substring of the business key, case-insensitive. */
  businessKey?: string;
}

const ms = (iso: string): number => Date.parse(iso);

/** An execution with its workflow, business key and duration (to now while it runs). */
export function executionView<E extends ExecutionSummary>(
  workflow: string,
  e: E,
  now: Date,
): E & Omit<ExecutionView, keyof ExecutionSummary> {
  return {
    ...e,
    workflow,
    businessKey: businessKeyOf(e.name),
    durationMs: Math.max(0, (e.stopDate ? ms(e.stopDate) : now.getTime()) - ms(e.startDate)),
  };
}

/**
 * One pôle's executions across workflows, filtered, newest first, at most `limit` of them.
 * Another pôle's executions are never part of the result, whatever the filter.
 */
export function selectExecutions(
  lists: readonly { workflow: string; executions: readonly ExecutionSummary[] }[],
  poleId: string,
  filter: ExecutionFilter,
  now: Date,
  limit: number,
): { executions: ExecutionView[]; total: number } {
  const key = filter.businessKey?.toLowerCase();
  const matching = lists
    .filter((l) => !filter.workflow || l.workflow === filter.workflow)
    .flatMap((l) => l.executions.map((e) => executionView(l.workflow, e, now)))
    .filter((e) => belongsToPole(e.name, poleId))
    .filter((e) => !filter.status || e.status === filter.status)
    .filter((e) => !filter.from || ms(e.startDate) >= ms(filter.from))
    .filter((e) => !filter.to || ms(e.startDate) <= ms(filter.to))
    .filter((e) => !key || e.businessKey.toLowerCase().includes(key))
    .sort((a, b) => ms(b.startDate) - ms(a.startDate) || b.name.localeCompare(a.name));
  return { executions: matching.slice(0, limit), total: matching.length };
}

export type StepOutcome = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'CAUGHT' | 'ABORTED';

/** What people read for each step's outcome. */
export const STEP_OUTCOME_LABELS: Record<StepOutcome, string> = {
  RUNNING: 'En cours',
  SUCCEEDED: 'Réussie',
  FAILED: 'En échec',
  CAUGHT: 'Erreur interceptée',
  ABORTED: 'Interrompue',
};

/** One state's passage in an execution: entered, perhaps retried, then exited, failed or caught. */
export interface Step {
  stateName: string;
  stateType?: string;
  /** 0 for the first run; each redrive or resumption starts a new one. */
  run: number;
  enteredAt: string;
  endedAt?: string;
  durationMs?: number;
  outcome: StepOutcome;
  attempts: number;
  error?: string;
  cause?: string;
  input?: unknown;
  output?: unknown;
}

export interface Run {
  index: number;
  /** ExecutionStarted, ExecutionRedriven or ExecutionResumed. */
  type: string;
  at: string;
}

/** The step an unsuccessful execution should be read from, with what it was given. */
export interface Failure {
  stateName: string;
  error?: string;
  cause?: string;
  input?: unknown;
  at: string;
}

export interface Timeline {
  runs: Run[];
  steps: Step[];
  failure?: Failure;
}

const RUN_STARTS = new Set(['ExecutionRedriven', 'ExecutionResumed']);
const EXECUTION_ENDS = new Set(['ExecutionFailed', 'ExecutionTimedOut', 'ExecutionAborted']);
/** Step Functions' events announcing another attempt of the task that just failed (a Retry). */
const ATTEMPT_STARTS = new Set(['StateRetried', 'TaskScheduled', 'LambdaFunctionScheduled']);

/**
 * Reads an execution's history as steps. Events that name no state (Step Functions' task events)
 * belong to the step entered last. The failure is the step that failed for good in the latest run:
 * when the run ended in a Fail state, the step whose error a Catch sent there.
 */
export function timeline(execution: Pick<ExecutionDetail, 'status' | 'error' | 'cause'>, events: readonly HistoryEvent[]): Timeline {
  const runs: Run[] = [];
  const steps: Step[] = [];
  const open = new Map<string, Step>();
  let current: Step | undefined;
  const end = (step: Step, at: string, outcome: StepOutcome) => {
    step.outcome = outcome;
    step.endedAt = at;
    step.durationMs = Math.max(0, ms(at) - ms(step.enteredAt));
    open.delete(step.stateName);
    if (current === step) current = [...open.values()].at(-1);
  };
  for (const event of events) {
    if (event.type === 'ExecutionStarted' && runs.length === 0) runs.push({ index: 0, type: event.type, at: event.timestamp });
    if (RUN_STARTS.has(event.type)) {
      runs.push({ index: Math.max(runs.length, 1), type: event.type, at: event.timestamp });
      for (const left of [...open.values()]) end(left, event.timestamp, 'ABORTED'); // interrupted with the previous run
      continue;
    }
    const step = event.stateName ? open.get(event.stateName) : current;
    if (event.type === 'StateEntered' && event.stateName) {
      const entered: Step = {
        stateName: event.stateName,
        ...(event.stateType && { stateType: event.stateType }),
        run: Math.max(0, runs.length - 1),
        enteredAt: event.timestamp,
        outcome: 'RUNNING',
        attempts: 1,
        input: event.input,
      };
      steps.push(entered);
      open.set(entered.stateName, entered);
      current = entered;
    } else if (event.type === 'StateExited' && step) {
      step.output = event.output;
      end(step, event.timestamp, step.outcome === 'FAILED' || step.outcome === 'CAUGHT' ? 'CAUGHT' : 'SUCCEEDED');
    } else if (event.type === 'StateFailed' && step) {
      Object.assign(step, { outcome: 'FAILED', endedAt: event.timestamp, error: event.error, cause: event.cause });
    } else if (event.type === 'StateCaught' && step) {
      step.outcome = 'CAUGHT';
    } else if (ATTEMPT_STARTS.has(event.type) && step && (step.outcome === 'FAILED' || event.type === 'StateRetried')) {
      step.attempts += 1;
      step.outcome = 'RUNNING';
      delete step.endedAt;
      if (event.error) Object.assign(step, { error: event.error, cause: event.cause });
    } else if (EXECUTION_ENDS.has(event.type)) {
      for (const left of [...open.values()]) {
        if (event.type === 'ExecutionAborted') end(left, event.timestamp, 'ABORTED');
        else {
          Object.assign(left, { error: left.error ?? event.error, cause: left.cause ?? event.cause });
          end(left, left.endedAt ?? event.timestamp, 'FAILED');
        }
      }
    }
  }
  for (const step of steps)
    if (step.endedAt && step.durationMs === undefined) step.durationMs = Math.max(0, ms(step.endedAt) - ms(step.enteredAt));
  const failure = REDRIVABLE_STATUSES.includes(execution.status)
    ? failureOf(
        execution,
        steps.filter((s) => s.run === Math.max(0, runs.length - 1)),
      )
    : undefined;
  return { runs, steps, ...(failure && { failure }) };
}

function failureOf(execution: Pick<ExecutionDetail, 'error' | 'cause'>, run: readonly Step[]): Failure | undefined {
  const last = run.at(-1);
  if (!last) return undefined;
  const step =
    last.stateType === 'Fail'
      ? (run.findLast((s) => s.outcome === 'CAUGHT') ?? last)
      : (run.findLast((s) => s.outcome === 'FAILED' || s.outcome === 'ABORTED') ?? last);
  const error = step.error ?? execution.error;
  const cause = step.cause ?? execution.cause;
  return {
    stateName: step.stateName,
    ...(error && { error }),
    ...(cause && { cause }),
    input: step.input,
    at: step.endedAt ?? step.enteredAt,
  };
}

/** The answer for an execution that does not exist. */
export const executionNotFound = (): NotFoundError => new NotFoundError('Exécution introuvable.');

/** An admin acts on their own pôle's executions only: another pôle's is answered exactly like a missing one. */
export function assertOwnExecution(name: string, poleId: string): void {
  if (!belongsToPole(name, poleId)) throw executionNotFound();
}

/** Only a closed, unsuccessful execution can be redriven (Step Functions' own rule). */
export function assertRedrivable(status: ExecutionStatus): void {
  if (!REDRIVABLE_STATUSES.includes(status)) {
    throw new ConflictError(
      'EXECUTION_NOT_REDRIVABLE',
      `Seule une exécution en échec, expirée ou arrêtée peut être relancée (statut : ${status}).`,
      { status },
    );
  }
}

/** Only a running execution can be stopped. */
export function assertStoppable(status: ExecutionStatus): void {
  if (status !== 'RUNNING') {
    throw new ConflictError('EXECUTION_NOT_RUNNING', `Seule une exécution en cours peut être arrêtée (statut : ${status}).`, { status });
  }
}

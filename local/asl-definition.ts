import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import type { FunctionId } from '../functions/catalog.ts';
import {
  type AslStates,
  forEachState,
  isDistributedMap,
  placeholderOf,
  placeholdersIn,
  WORKFLOWS,
  type WorkflowName,
} from '../workflows/catalog.ts';

/**
 * How the embedded engine adapts an ASL file to aws-local-stepfunctions, in memory only (the file
 * is what Step Functions runs, unchanged): placeholders filled, Wait states turned into tasks that
 * sleep on the virtual clock, `.waitForTaskToken` timeouts taken over by the engine, Distributed
 * Maps run inline. Pure: text in, definition and task table out.
 */

/** What `$$.Task.Token` resolves to in the library; the engine puts each task's real token in its place (withToken). */
export const TOKEN_PLACEHOLDER = '__LOCAL_TASK_TOKEN__';
/** The library times tasks with setTimeout (ceiling ~24.8 days): its own timer stays below that, the ASL's value is enforced on our clock. */
export const LIBRARY_TASK_TIMEOUT_S = 2_000_000;
/** The Parameters field a waitForTaskToken state's TimeoutSecondsPath is evaluated into. */
export const TIMEOUT_FIELD = '__localTimeoutSeconds';
/** The error a Wait slice ends with when the wait goes on in the next attempt (see WAIT_RETRY). */
export const WAIT_CONTINUES = 'Local.WaitContinues';
/** The resource of a Wait state turned into a task. */
export const WAIT_RESOURCE = 'arn:aws:states:::local:wait';

/** What the engine needs to know of a Task state (or a Wait state run as one). */
export interface TaskInfo {
  waitForToken: boolean;
  timeoutSeconds?: number;
  hasRetry: boolean;
  /** A Wait state of the ASL, run as a task that sleeps on the virtual clock. */
  wait?: { seconds?: number; timestamp?: string };
}

export interface AdaptedDefinition {
  definition: StateMachineDefinition;
  /** Every Task state, nested ones included, and every Wait state (now a task), by state name. */
  tasks: Map<string, TaskInfo>;
  /** Each state's `Type` as written in the ASL, nested ones included: history events carry it, as Step Functions' do. */
  stateTypes: Map<string, string>;
}

/** The values the embedded engine gives each `${Placeholder}` of a workflow's ASL file: its functions' ARNs. */
export function substitutions(workflow: WorkflowName, arnOf: (id: FunctionId) => string): Record<string, string> {
  return Object.fromEntries(WORKFLOWS[workflow].functions.map((id) => [placeholderOf(id), arnOf(id as FunctionId)]));
}

/** Fills the placeholders of an ASL text (`file` names it in errors) and adapts the definition for the library. */
export function adaptDefinition(text: string, values: Record<string, string>, file: string): AdaptedDefinition {
  const missing = placeholdersIn(text).filter((p) => !(p in values));
  if (missing.length) throw new Error(`${file}: no local value for ${missing.map((p) => `\${${p}}`).join(', ')}`);
  const definition = JSON.parse(text.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, p: string) => values[p]!)) as StateMachineDefinition;
  const states = definition.States as unknown as AslStates;
  const stateTypes = new Map<string, string>();
  // Before the states are adapted: a Wait stays a Wait in the history.
  forEachState(states, (name, state) => stateTypes.set(name, String(state.Type)));
  const tasks = new Map<string, TaskInfo>();
  forEachState(states, (name, state) => {
    if (state.Type === 'Wait') tasks.set(name, waitAsTask(state));
    else if (state.Type === 'Task') tasks.set(name, adaptTask(state));
    else if (state.Type === 'Map' && isDistributedMap(state)) runDistributedInline(name, state);
  });
  return { definition, tasks, stateTypes };
}

/**
 * A Wait state becomes a task of the engine that sleeps on the virtual clock, which tests move
 * forward and demos speed up (the library's own Wait sleeps in real time).
 */
function waitAsTask(state: Record<string, unknown>): TaskInfo {
  const dynamic =
    typeof state.TimestampPath === 'string'
      ? { 'timestamp.$': state.TimestampPath }
      : typeof state.SecondsPath === 'string'
        ? { 'seconds.$': state.SecondsPath }
        : {};
  const info: TaskInfo = {
    waitForToken: false,
    hasRetry: true,
    wait: {
      ...(typeof state.Seconds === 'number' && { seconds: state.Seconds }),
      ...(typeof state.Timestamp === 'string' && { timestamp: state.Timestamp }),
    },
  };
  for (const field of ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath']) delete state[field];
  Object.assign(state, {
    Type: 'Task',
    Resource: WAIT_RESOURCE,
    Parameters: dynamic,
    ResultPath: null, // a Wait passes its input through
    TimeoutSeconds: LIBRARY_TASK_TIMEOUT_S,
    // Waits longer than one slice go on in the next attempt, retried at once (the engine sets its interval to 0).
    Retry: [{ ErrorEquals: [WAIT_CONTINUES], MaxAttempts: 99_999_999, IntervalSeconds: 1, BackoffRate: 1 }],
  });
  return info;
}

/**
 * A Task state as written; a `.waitForTaskToken` one has its timeout enforced by the engine on
 * the virtual clock. Its TimeoutSecondsPath is evaluated by the library along with the Parameters
 * (it only hands those to a task), under TIMEOUT_FIELD.
 */
function adaptTask(state: Record<string, unknown>): TaskInfo {
  const waitForToken = String(state.Resource).endsWith('.waitForTaskToken');
  const timeoutSeconds = typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : undefined;
  if (waitForToken) {
    if (typeof state.TimeoutSecondsPath === 'string') {
      state.Parameters = { ...(state.Parameters as object), [`${TIMEOUT_FIELD}.$`]: state.TimeoutSecondsPath };
      delete state.TimeoutSecondsPath;
    }
    state.TimeoutSeconds = LIBRARY_TASK_TIMEOUT_S;
  }
  return { waitForToken, timeoutSeconds, hasRetry: Array.isArray(state.Retry) };
}

/**
 * aws-local-stepfunctions has no Distributed Map: one whose items come from the state input runs
 * as an inline Map with the same processor, items and concurrency. What only a distributed run
 * has — S3 readers, batches, result writers — is refused, not faked.
 */
function runDistributedInline(name: string, state: Record<string, unknown>): void {
  const unsupported = ['ItemReader', 'ItemBatcher', 'ResultWriter'].filter((field) => field in state);
  if (unsupported.length) throw new Error(`${name}: the embedded engine cannot run a Distributed Map with ${unsupported.join(', ')}`);
  (state.ItemProcessor as { ProcessorConfig: unknown }).ProcessorConfig = { Mode: 'INLINE' };
  for (const field of ['Label', 'ToleratedFailurePercentage', 'ToleratedFailureCount']) delete state[field];
}

/** Deep-replaces the token placeholder the library resolved `$$.Task.Token` to. */
export function withToken(value: unknown, token: string): unknown {
  if (value === TOKEN_PLACEHOLDER) return token;
  if (Array.isArray(value)) return value.map((v) => withToken(v, token));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withToken(v, token)]));
  return value;
}

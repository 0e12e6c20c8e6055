import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { HistoryEvent } from '../ports/workflow-engine.ts';
import { putAll, queryAll } from '../store/batch.ts';
import { tableName } from '../store/client.ts';
import { engineKeys } from '../store/keys.ts';
import type { VirtualClock } from './clock.ts';

/** An event of aws-local-stepfunctions' `eventLogs`, as far as the history keeps it. */
export interface LibraryEvent {
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

/** The event a run writes before its first state when it is not a first start. */
export interface RunStart {
  type: 'ExecutionResumed' | 'ExecutionRedriven';
  cause: string;
}

/** The events that open a run other than the first: a redrive, or a restart after an interruption. */
const RUN_STARTS = new Set(['ExecutionRedriven', 'ExecutionResumed']);
/** What the engine writes when a task's work is done (Step Functions' event of the same name), with its result. */
export const TASK_SUCCEEDED = 'TaskSucceeded';

const eventItems = (ddb: DynamoDBDocumentClient, stateMachine: string, name: string) =>
  queryAll(
    { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': engineKeys.eventsPartition(stateMachine, name) } },
    ddb,
  );

/** An execution's events as the port returns them, oldest first. */
export async function readHistory(ddb: DynamoDBDocumentClient, stateMachine: string, name: string): Promise<HistoryEvent[]> {
  return (await eventItems(ddb, stateMachine, name)).map(fromEventItem);
}

/** Where a redrive resumes (docs/rules.md#redrive): a top-level state, its input, and what tasks within it had returned. */
export interface ResumePoint {
  stateName: string;
  input: unknown;
  /** Results of the tasks that succeeded within that state (Map iterations, Parallel branches), by replayKey, in order. */
  replays: Map<string, unknown[]>;
}

/** How a task's recorded result is found again: its state and its exact input (a Map iteration's input names its item). */
export const replayKey = (stateName: string, taskInputJson: string): string => `${stateName}\n${taskInputJson}`;

/**
 * Reads, from an execution's history, where Step Functions' RedriveExecution would resume it: the
 * last top-level state its last run entered (the one it failed, timed out or was stopped in), with
 * the input that state was given, and the results of the tasks that had succeeded within it since
 * (a Map's iterations): those are replayed, not run again. Undefined when the last run entered no
 * top-level state (the redrive starts from the top).
 */
export async function resumePoint(
  ddb: DynamoDBDocumentClient,
  stateMachine: string,
  name: string,
  topLevel: ReadonlySet<string>,
): Promise<ResumePoint | undefined> {
  const items = await eventItems(ddb, stateMachine, name);
  const runStart = items.findLastIndex((item) => RUN_STARTS.has(item.type as string));
  const entered = items.findLastIndex(
    (item, i) => i > runStart && item.type === 'StateEntered' && item.mapIndex === undefined && topLevel.has(item.stateName as string),
  );
  if (entered < 0) return undefined;
  const { stateName, inputJson } = items[entered] as { stateName: string; inputJson?: string };
  const replays = new Map<string, unknown[]>();
  for (const item of items.slice(entered + 1)) {
    // The resumed state's own task runs again, as in AWS; only the work done within it is replayed.
    if (item.type !== TASK_SUCCEEDED || item.stateName === stateName || typeof item.taskKey !== 'string') continue;
    const outputs = replays.get(item.taskKey) ?? [];
    outputs.push(JSON.parse(item.outputJson as string));
    replays.set(item.taskKey, outputs);
  }
  return { stateName, input: inputJson === undefined ? {} : JSON.parse(inputJson), replays };
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
export class HistoryWriter {
  private nextId = 1;
  /**
   * Events pushed before init() knows where the numbering goes on: a task can finish before the
   * query of init() answers (the run starts at once), and numbering it from 1 would give two events
   * the same key — a BatchWriteItem with duplicate keys is refused, so the run's end was never written.
   */
  private early: Record<string, unknown>[] | undefined = [];
  private queue: Record<string, unknown>[] = [];
  private writing: Promise<void> = Promise.resolve();
  private scheduled = false;

  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly stateMachine: string,
    private readonly name: string,
    private readonly clock: VirtualClock,
    private readonly stateTypes: ReadonlyMap<string, string>,
  ) {}

  /** Continues numbering after the events already kept (a resumed or redriven execution). */
  async init(start?: RunStart): Promise<void> {
    const { Items } = await this.ddb.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': engineKeys.eventsPartition(this.stateMachine, this.name) },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    this.nextId = ((Items?.[0]?.id as number | undefined) ?? 0) + 1;
    const early = this.early ?? [];
    this.early = undefined;
    if (start) this.push({ ...start });
    for (const fields of early) this.push(fields);
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

  /**
   * A task's work done: its result, kept so that a redrive can replay it instead of running the task
   * again (`replayed`: the result came from an earlier run).
   */
  taskSucceeded(stateName: string, key: string, output: unknown, replayed = false): void {
    this.push({ type: TASK_SUCCEEDED, stateName, taskKey: key, outputJson: JSON.stringify(output ?? null), ...(replayed && { replayed }) });
  }

  private push(fields: Record<string, unknown>): void {
    if (this.early) {
      this.early.push({ timestamp: this.clock.now().toISOString(), ...fields });
      return;
    }
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
      .then(() => putAll(batch, this.ddb))
      .catch((error: unknown) => {
        this.queue = [...batch, ...this.queue];
        throw error;
      });
    this.writing = written.catch(() => undefined);
    return written;
  }
}

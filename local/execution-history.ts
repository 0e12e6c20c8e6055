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

/** An execution's events as the port returns them, oldest first. */
export async function readHistory(ddb: DynamoDBDocumentClient, stateMachine: string, name: string): Promise<HistoryEvent[]> {
  const items = await queryAll(
    { KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': engineKeys.eventsPartition(stateMachine, name) } },
    ddb,
  );
  return items.map(fromEventItem);
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
      .then(() => putAll(batch, this.ddb))
      .catch((error: unknown) => {
        this.queue = [...batch, ...this.queue];
        throw error;
      });
    this.writing = written.catch(() => undefined);
    return written;
  }
}

import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toDocumentClient } from '../store/client.ts';

/**
 * Throttling a test injects into the functions' DynamoDB calls: after `skip` matching calls (all
 * commands, or only `command`, e.g. `UpdateItemCommand`), the next `throttleNext` fail as DynamoDB
 * throttling does once the SDK's own retries are exhausted. `injected` counts those failures.
 */
export interface DynamoFaults {
  throttleNext: number;
  skip: number;
  command?: string;
  injected: number;
}

export interface LocalDynamoOptions {
  endpoint: string;
  region: string;
  /** Called with the command name (`PutItemCommand`…) of every request of either client. */
  onRequest: (command: string) => void;
  /** Runs before each request of the functions' client; throws to refuse it (the catalog's grants, see local/access.ts). */
  check?: (command: string, input: Record<string, unknown>) => void;
}

/** The embedded runtime's two DynamoDB clients, both on dynalite. */
export interface LocalDynamoClients {
  /** What the functions use (`ddb()` of store/client.ts once installed): counted, checked, and where faults are injected. */
  functions: DynamoDBDocumentClient;
  /** The engine's own records, which stand for what Step Functions keeps for itself: counted only, no fault reaches them. */
  engine: DynamoDBDocumentClient;
  /** The functions' injected throttling; nothing is injected until a test sets it. */
  faults: DynamoFaults;
  destroy(): void;
}

/** Every request counted in `counts` (by command), whatever its command. */
export const totalRequests = (counts: ReadonlyMap<string, number>): number => [...counts.values()].reduce((a, b) => a + b, 0);

class ThrottledByTest extends Error {
  override name = 'ProvisionedThroughputExceededException';
  readonly $retryable = {}; // what the SDK marks throttling with
}

/** Whether this request is one the test asked to throttle (and counts it as injected). */
function throttles(faults: DynamoFaults, command: string): boolean {
  if (faults.throttleNext <= 0 || (faults.command && faults.command !== command)) return false;
  if (faults.skip > 0) {
    faults.skip -= 1;
    return false;
  }
  faults.throttleNext -= 1;
  faults.injected += 1;
  return true;
}

/** Builds the functions' and the engine's clients, instrumented with SDK middleware. */
export function createLocalDynamoClients(options: LocalDynamoOptions): LocalDynamoClients {
  const faults: DynamoFaults = { throttleNext: 0, skip: 0, injected: 0 };
  const raw: DynamoDBClient[] = [];
  const create = (functions: boolean): DynamoDBDocumentClient => {
    const client = new DynamoDBClient({
      region: options.region,
      endpoint: options.endpoint,
      // dynalite accepts any credentials; these keep the SDK from looking for a profile.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      // The embedded runtime serves every function from one process: more than the default 50 sockets.
      requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) },
    });
    // At the initialize step, before the SDK's retries: a refusal or an injected throttle is final, as after them.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? 'unknown';
        if (functions) options.check?.(command, args.input as Record<string, unknown>);
        options.onRequest(command);
        if (functions && throttles(faults, command)) throw new ThrottledByTest('Throughput exceeds the current capacity (injected)');
        return next(args);
      },
      { step: 'initialize', name: functions ? 'localFunctionsInstrumentation' : 'localEngineInstrumentation' },
    );
    raw.push(client);
    return toDocumentClient(client);
  };
  const functions = create(true);
  const engine = create(false);
  return {
    functions,
    engine,
    faults,
    // The document client's own destroy() does nothing: the sockets are the wrapped clients'.
    destroy: () => {
      for (const client of raw) client.destroy();
    },
  };
}

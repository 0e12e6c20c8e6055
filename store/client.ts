import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../ports/config.ts';

/** DynamoDB requests made by this process, by command name (read by the benchmarks). */
export const dynamoRequests = new Map<string, number>();

export const totalDynamoRequests = (): number => [...dynamoRequests.values()].reduce((a, b) => a + b, 0);

/**
 * Test-only fault injection (the embedded runtime's resilience tests): after `skip` matching calls
 * (all commands, or only `command`), the next `throttleNext` fail as DynamoDB throttling would
 * once the SDK's own retries are exhausted.
 */
export const dynamoFaults: { throttleNext: number; skip: number; command?: string; injected: number } = {
  throttleNext: 0,
  skip: 0,
  injected: 0,
};

class ThrottledByTest extends Error {
  override name = 'ProvisionedThroughputExceededException';
  readonly $retryable = {}; // what the SDK marks throttling with
}

let doc: DynamoDBDocumentClient | undefined;
let engineDoc: DynamoDBDocumentClient | undefined;

/**
 * The one document client of the process, created on first use so the embedded
 * runtime can point it at dynalite through DYNAMODB_ENDPOINT before anything talks to it.
 */
export const ddb = (): DynamoDBDocumentClient => (doc ??= createClient(true));

/**
 * The embedded workflow engine's own client: its records stand for what Step Functions keeps for
 * itself, so injected faults (which simulate our table being throttled) do not reach them.
 */
export const engineDdb = (): DynamoDBDocumentClient => (engineDoc ??= createClient(false));

function createClient(faults: boolean): DynamoDBDocumentClient {
  const { AWS_REGION, DYNAMODB_ENDPOINT } = config();
  const client = new DynamoDBClient({
    region: AWS_REGION,
    ...(DYNAMODB_ENDPOINT && {
      endpoint: DYNAMODB_ENDPOINT,
      // dynalite accepts any credentials; these keep the SDK from looking for a profile.
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      // The embedded runtime serves every function from one process: more than the default 50 sockets.
      requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 256 }) },
    }),
  });
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      dynamoRequests.set(name, (dynamoRequests.get(name) ?? 0) + 1);
      if (faults && dynamoFaults.throttleNext > 0 && (!dynamoFaults.command || dynamoFaults.command === name)) {
        if (dynamoFaults.skip > 0) {
          dynamoFaults.skip -= 1;
          return next(args);
        }
        dynamoFaults.throttleNext -= 1;
        dynamoFaults.injected += 1;
        throw new ThrottledByTest('Throughput exceeds the current capacity (injected)');
      }
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** Drops the clients (tests that restart dynalite on another port). */
export function resetDdb(): void {
  doc?.destroy();
  engineDoc?.destroy();
  doc = undefined;
  engineDoc = undefined;
}

export const tableName = (): string => config().TABLE_NAME;

/** True when a conditional write was refused because its condition did not hold. */
export const isConditionFailed = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

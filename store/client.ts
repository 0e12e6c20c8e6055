import { Agent } from 'node:http';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../ports/config.ts';

/** DynamoDB requests made by this process, by command name (read by the benchmarks). */
export const dynamoRequests = new Map<string, number>();

export const totalDynamoRequests = (): number => [...dynamoRequests.values()].reduce((a, b) => a + b, 0);

let doc: DynamoDBDocumentClient | undefined;

/**
 * The one document client of the process (STYLE habit 3), created on first use so the embedded
 * runtime can point it at dynalite through DYNAMODB_ENDPOINT before anything talks to it.
 */
export function ddb(): DynamoDBDocumentClient {
  if (doc) return doc;
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
      return next(args);
    },
    { step: 'initialize', name: 'countRequests' },
  );
  doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  return doc;
}

/** Drops the client (tests that restart dynalite on another port). */
export function resetDdb(): void {
  doc?.destroy();
  doc = undefined;
}

export const tableName = (): string => config().TABLE_NAME;

/** True when a conditional write was refused because its condition did not hold. */
export const isConditionFailed = (error: unknown): boolean =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

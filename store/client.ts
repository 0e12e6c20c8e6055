import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableConfig as config } from '../ports/config.ts';

/** Wraps a DynamoDB client the way every store function expects (attributes left undefined are not written). */
export const toDocumentClient = (client: DynamoDBClient): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

let doc: DynamoDBDocumentClient | undefined;

/** The one document client of the process, created on first use and kept across invocations. */
export function ddb(): DynamoDBDocumentClient {
  if (!doc) {
    const { AWS_REGION, DYNAMODB_ENDPOINT } = config();
    doc = toDocumentClient(new DynamoDBClient({ region: AWS_REGION, ...(DYNAMODB_ENDPOINT && { endpoint: DYNAMODB_ENDPOINT }) }));
  }
  return doc;
}

/** Installs the client `ddb()` returns, or forgets it (the embedded runtime brings its own, see local/dynamo-clients.ts). */
export function setDdb(next: DynamoDBDocumentClient | undefined): void {
  doc = next;
}

export const tableName = (): string => config().TABLE_NAME;

/** True when a conditional write was refused because its condition did not hold. */
export const isConditionFailed = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

import { Worker } from 'node:worker_threads';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import { TABLE_SHAPE } from '../store/table.ts';

export interface LocalDynamo {
  endpoint: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite on 127.0.0.1 (a free port unless given), on disk at `path` or in memory,
 * and creates the table if it is not there yet. dynalite runs in its own worker thread: its
 * parsing, validation and storage work then uses a second core instead of competing with the
 * handlers for the main thread.
 */
export async function startDynalite(options: { path?: string; port?: number; tableName: string; region: string }): Promise<LocalDynamo> {
  // No execArgv: the worker is plain JavaScript and needs none of the parent's loaders (tsx, vitest).
  const worker = new Worker(new URL('./dynalite-worker.mjs', import.meta.url), {
    workerData: { path: options.path, port: options.port },
    execArgv: [],
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let closing = false;
  const close = async (): Promise<void> => {
    closing = true;
    worker.postMessage('close');
    await exited;
  };
  // Until the table is ready, a failure of dynalite (port taken, database locked) is the caller's.
  const failed = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    void exited.then(() => reject(new Error('dynalite stopped while starting')));
  });
  try {
    const listening = new Promise<number>((resolve) => worker.once('message', (message: { port: number }) => resolve(message.port)));
    const endpoint = `http://127.0.0.1:${await Promise.race([listening, failed])}`;
    await Promise.race([ensureTable(endpoint, options.tableName, options.region), failed]);
    // From then on a crash of dynalite is the process's, as when it ran on the main thread; while it
    // closes, a late failure of a request nobody waits for any more is only reported.
    worker.removeAllListeners('error').on('error', (error) => {
      if (closing) console.error('dynalite failed while closing:', error);
      else throw error;
    });
    return { endpoint, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function ensureTable(endpoint: string, TableName: string, region: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await client.send(new DescribeTableCommand({ TableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: TABLE_SHAPE.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE_SHAPE.sortKey, AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: TABLE_SHAPE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_SHAPE.sortKey, KeyType: 'RANGE' },
        ],
      }),
    );
  } finally {
    client.destroy();
  }
}

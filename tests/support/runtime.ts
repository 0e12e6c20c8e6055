import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ROUTE_CONTRACTS } from '../../functions/api/schemas.ts';
import { ROUTES } from '../../functions/catalog.ts';
import { apiDocument } from '../../functions/common/openapi.ts';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../local/runtime.ts';
import { ddb, tableName } from '../../store/client.ts';
import { responseChecker } from './api-responses.ts';

export const ADMIN = { authorization: 'Bearer demo-admin-token' };
export const POLE = 'pole-sud-aquitain';

let checkAnswer: ReturnType<typeof responseChecker> | undefined;

/**
 * The embedded runtime, in memory, with demo data and immediate retries. Every answer a handler
 * gives is checked against the OpenAPI document (its status, media type and JSON schema): `stop()`
 * fails, naming each answer that differs, so every test that calls the API checks its description.
 */
export async function startTestRuntime(options: Partial<RuntimeOptions> = {}): Promise<Runtime> {
  const outboxDir = await mkdtemp(join(tmpdir(), 'outbox-'));
  checkAnswer ??= responseChecker(apiDocument(ROUTES, ROUTE_CONTRACTS));
  const differences: string[] = [];
  const runtime = await startRuntime({
    dataDir: null,
    outboxDir,
    port: 0,
    retryDelayMs: 0,
    onHttpResponse: (route, result) => {
      const difference = checkAnswer!(route, result);
      if (difference) differences.push(difference);
    },
    ...options,
  });
  const stop = runtime.stop;
  runtime.stop = async () => {
    await stop();
    if (differences.length > 0) {
      const listed = [...new Set(differences)].join('\n  ');
      throw new Error(`answers that differ from the OpenAPI document (the routes' contracts in functions/*/schemas.ts):\n  ${listed}`);
    }
  };
  return runtime;
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // test replies are asserted field by field
}

/** One HTTP call to the local API; a plain object body is sent as JSON. */
export async function call(
  runtime: Runtime,
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string>; raw?: string | Buffer } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | Buffer | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${runtime.url}${path}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** Every item of the table, for "nothing was written" assertions. */
export async function allItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await ddb().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

export async function outbox(runtime: Runtime): Promise<string[]> {
  const files = await readdir(runtime.outboxDir).catch(() => []);
  return Promise.all(files.sort().map((f) => readFile(join(runtime.outboxDir, f), 'utf8')));
}

/** Decodes the UTF-8 text body of an outbox `.eml`. */
export const mailText = (eml: string): string => Buffer.from(eml.split('\r\n\r\n')[1]!.replace(/\r\n/g, ''), 'base64').toString('utf8');

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Counts the invocations of the given functions from now on: `counted()` says how many each had since (what a redrive ran again). */
export function countInvocations(runtime: Runtime, ids: readonly string[]): () => Record<string, number> {
  const before = new Map(runtime.lambdas.invocations);
  return () =>
    Object.fromEntries(
      [...runtime.lambdas.invocations]
        .map(([id, n]) => [id, n - (before.get(id) ?? 0)] as const)
        .filter(([id, n]) => n > 0 && ids.includes(id))
        .sort(([a], [b]) => a.localeCompare(b)),
    );
}

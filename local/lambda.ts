import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionId } from '../functions/catalog.ts';
import { runAs } from './access.ts';

/** Lambda's synchronous invocation payload limit, request and response (6 MB). */
export const LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024;

/** A Lambda handler as the runtime calls it. */
export type LocalHandler = (event: unknown, context: Context) => Promise<unknown>;

/** A fault a test makes a function raise: `times` calls (Infinity for good) fail with `error`, those whose event `when` accepts if given. */
export interface Fault {
  times: number;
  error: string;
  when?: (event: unknown) => boolean;
}

/** Told of each invocation once it has returned or failed, with its wall time (a bench's meter). */
export type InvocationObserver = (id: FunctionId, event: unknown, ms: number) => void;

/** An error as Step Functions reports a failed Lambda: its name is the function's errorType. */
export class LambdaError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * Hosts the functions in this process the way Lambda would: the same entry files, a Lambda-like
 * context, the event and result passed as JSON copies, and the 6 MB payload limit enforced.
 */
export class LocalLambdas {
  readonly invocations = new Map<FunctionId, number>();
  private readonly handlers = new Map<FunctionId, Promise<LocalHandler>>();
  private readonly faults = new Map<FunctionId, Fault>();
  /** Invocations not yet returned: stop() waits for them before the store goes away. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    private readonly root: string,
    private readonly region: string,
    private readonly prefix: string,
    private readonly observe?: InvocationObserver,
  ) {}

  arnOf(id: FunctionId): string {
    return `arn:aws:lambda:${this.region}:000000000000:function:${this.prefix}-${id}`;
  }

  /** Test-only: the next `times` invocations of `id` fail with an error named `error`. */
  injectFault(id: FunctionId, fault: Fault): void {
    this.faults.set(id, { ...fault });
  }

  /**
   * Test-only: serves `id` with `handler` instead of its entry file, under the same catalog entry
   * (its grants, the payload limits and injected faults still apply): a purpose-built function.
   */
  overrideHandler(id: FunctionId, handler: LocalHandler): void {
    this.handlers.set(id, Promise.resolve(handler));
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /**
   * Invokes `id` with a JSON copy of `event`. Once the runtime stops, a new invocation is refused
   * with `Local.RuntimeStopped` (the caller's error to handle), never run against a closed store.
   */
  invoke(id: FunctionId, event: unknown): Promise<unknown> {
    if (this.closed) return Promise.reject(new LambdaError('Local.RuntimeStopped', `The embedded runtime is stopping: ${id} not invoked`));
    const started = performance.now();
    const invocation = this.run(id, event);
    this.inFlight.add(invocation);
    const forget = () => {
      this.inFlight.delete(invocation);
      this.observe?.(id, event, performance.now() - started);
    };
    invocation.then(forget, forget);
    return invocation;
  }

  /** Refuses new invocations, then waits until those in flight have returned or failed. */
  async drain(): Promise<void> {
    this.closed = true;
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async run(id: FunctionId, event: unknown): Promise<unknown> {
    const request = JSON.stringify(event ?? null);
    if (Buffer.byteLength(request) > LAMBDA_PAYLOAD_LIMIT) {
      throw new LambdaError('Lambda.RequestTooLargeException', `Request payload exceeds ${LAMBDA_PAYLOAD_LIMIT} bytes`);
    }
    this.invocations.set(id, (this.invocations.get(id) ?? 0) + 1);
    const fault = this.faults.get(id);
    if (fault && fault.times > 0 && (!fault.when || fault.when(event))) {
      fault.times -= 1;
      throw new LambdaError(fault.error, `Injected fault in ${id}`);
    }
    const handler = await this.load(id);
    // The function running is known to what it calls (local/access.ts checks its grants).
    const result = await runAs(id, () => handler(JSON.parse(request), this.context(id)));
    const response = JSON.stringify(result ?? null);
    if (Buffer.byteLength(response) > LAMBDA_PAYLOAD_LIMIT) {
      throw new LambdaError('Lambda.ResponseSizeTooLarge', `Response payload exceeds ${LAMBDA_PAYLOAD_LIMIT} bytes`);
    }
    return JSON.parse(response);
  }

  private load(id: FunctionId): Promise<LocalHandler> {
    let handler = this.handlers.get(id);
    if (!handler) {
      handler = import(pathToFileURL(resolve(this.root, FUNCTIONS[id].entry)).href).then((m: { handler: LocalHandler }) => m.handler);
      this.handlers.set(id, handler);
    }
    return handler;
  }

  private context(id: FunctionId): Context {
    const deadline = Date.now() + 30_000;
    const functionName = `${this.prefix}-${id}`;
    return {
      callbackWaitsForEmptyEventLoop: false,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.arnOf(id),
      memoryLimitInMB: '512',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
  }
}

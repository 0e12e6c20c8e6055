import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setWorkbookReader, workbookReader } from '../domain/spreadsheet/xlsx.ts';
import { setClock } from '../ports/clock.ts';
import { mailConfig, resetConfig } from '../ports/config.ts';
import { setMailer } from '../ports/mailer.ts';
import { pacedMailer } from '../ports/paced-mailer.ts';
import { setWorkflowEngine } from '../ports/workflow-engine.ts';
import { ddb, setDdb } from '../store/client.ts';
import { AccessGuard, type AccessGuardOptions, guardEngine, guardMailer } from './access.ts';
import { VirtualClock } from './clock.ts';
import { startDynalite } from './dynalite.ts';
import { createLocalDynamoClients, type DynamoFaults } from './dynamo-clients.ts';
import { LocalEngine } from './engine.ts';
import { type AdminToken, type HttpCapacity, LocalHttpApi, type OperatorToken, type ResponseObserver } from './http-server.ts';
import { type InvocationObserver, LocalLambdas } from './lambda.ts';
import { OutboxMailer } from './outbox.ts';
import { privateDir } from './private-dir.ts';
import { startSchedules } from './scheduler.ts';
import { DEMO_POLE_ID, seedDemo } from './seed.ts';
import { startWorkbookWorker } from './xlsx-reader.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const DEMO_ADMIN: AdminToken = { token: 'demo-admin-token', poleId: DEMO_POLE_ID, subject: 'animation@pole-sud-aquitain.fr' };

/** The embedded runtime's default deployment operator: sets pôles up (docs/day-one.md#who-may-set-up-a-pole). */
export const DEMO_OPERATOR: OperatorToken = { token: 'demo-operator-token', subject: 'exploitation@pole-workflows.example.fr' };

/** What a bench measures across runtimes: each function invocation and each DynamoDB request (functions' and engine's). */
export interface RuntimeMeter {
  invocation?: InvocationObserver;
  dynamoRequest?: (command: string) => void;
}

export interface RuntimeOptions {
  /** Folder of dynalite's data; null keeps everything in memory (tests). */
  dataDir: string | null;
  outboxDir: string;
  /** HTTP port; 0 picks a free one. */
  port?: number;
  /** Requests served at once and waiting, before a 503 (domain/limits.ts by default). */
  httpCapacity?: HttpCapacity;
  timeScale?: number;
  retryDelayMs?: number;
  /** Wait states to shorten, by state name, in ms (tests and benches; see LocalEngineOptions). */
  waitTimeOverrides?: Record<string, number>;
  seed?: boolean;
  admins?: AdminToken[];
  /** Deployment operators (default: DEMO_OPERATOR). */
  operators?: OperatorToken[];
  /** The pôles served, each with its schedule (default: the demo pôle when seeded, and the admins' pôles), as `pole:poles` in AWS. */
  poles?: string[];
  tableName?: string;
  meter?: RuntimeMeter;
  /** Test-only: what some functions are granted instead of their catalog entry (see local/access.ts). */
  grants?: AccessGuardOptions['overrides'];
  /** Test-only: sees each handler's answer with its route (tests/support/api-responses.ts checks them against the OpenAPI document). */
  onHttpResponse?: ResponseObserver;
}

export interface Runtime {
  url: string;
  engine: LocalEngine;
  lambdas: LocalLambdas;
  clock: VirtualClock;
  outboxDir: string;
  resumed: string[];
  /** DynamoDB requests of this runtime by command name (`PutItemCommand`…), the functions' and the engine's. */
  dynamoRequests: Map<string, number>;
  /** Throttling to inject into the functions' DynamoDB calls (resilience tests and bench). */
  dynamoFaults: DynamoFaults;
  /**
   * Stops serving, draining what is in flight before anything closes: the HTTP server stops
   * accepting and finishes its requests, the schedules stop, the engine cuts its runs at a step
   * boundary (they stay RUNNING, to resume at the next start), the functions still running return,
   * then the workbook reader's thread ends and the store closes. Calling it again waits for the same stop.
   */
  stop(): Promise<void>;
}

const REGION = 'eu-west-3';
const PREFIX = 'pole';

/**
 * Starts the embedded runtime: dynalite on loopback, the local workflow engine, the outbox,
 * the HTTP API, the demo data, and resumes what an earlier run left unfinished.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const tableName = options.tableName ?? 'pole-workflows';
  // Before the first SDK client is built: the SDK reads it then (Node 20 is supported until 2027).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (options.dataDir) await privateDir(options.dataDir);
  const dynamo = await startDynalite({ path: options.dataDir ?? undefined, tableName, region: REGION });

  const admins = options.admins ?? [DEMO_ADMIN];
  const seed = options.seed ?? true;
  const poleIds = options.poles ?? [...new Set([...(seed ? [DEMO_POLE_ID] : []), ...admins.map((a) => a.poleId)])];
  // The handlers read their configuration from the environment, exactly as in Lambda.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    AWS_REGION: REGION,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    POLE_IDS: poleIds.join(','),
  });
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  resetConfig();
  // Each function gets what its catalog entry grants, no more, as IAM enforces it in AWS.
  const guard = new AccessGuard({ region: REGION, prefix: PREFIX, overrides: options.grants });
  const dynamoRequests = new Map<string, number>();
  const clients = createLocalDynamoClients({
    endpoint: dynamo.endpoint,
    region: REGION,
    check: (command, input) => guard.checkTable(command, input),
    onRequest: (command) => {
      dynamoRequests.set(command, (dynamoRequests.get(command) ?? 0) + 1);
      options.meter?.dynamoRequest?.(command);
    },
  });
  setDdb(clients.functions);

  const clock = new VirtualClock(options.timeScale ?? 1);
  setClock(clock);
  const lambdas = new LocalLambdas(REPO_ROOT, REGION, PREFIX, options.meter?.invocation);
  const engine = new LocalEngine({
    root: REPO_ROOT,
    region: REGION,
    prefix: PREFIX,
    clock,
    lambdas,
    ddb: clients.engine,
    retryDelayMs: options.retryDelayMs,
    waitTimeOverrides: options.waitTimeOverrides,
  });
  setWorkflowEngine(guardEngine(engine, guard));
  const { MAIL_FROM: mailFrom, MAIL_MAX_SEND_RATE } = mailConfig();
  // Paced as SES is in AWS when a rate is set (the bench's pacing figure), otherwise as fast as the
  // disk; one limiter for the whole process, where AWS has one per function instance (rateShare).
  const outbox = new OutboxMailer(options.outboxDir, mailFrom, () => clock.now());
  const paced = pacedMailer(outbox, async () => MAIL_MAX_SEND_RATE);
  setMailer(guardMailer(paced, mailFrom, guard));
  // One process serves every request here: a workbook's XML parsing goes to a worker thread.
  const workbooks = startWorkbookWorker();
  setWorkbookReader(workbooks.read);

  if (seed) await seedDemo();
  const api = new LocalHttpApi(lambdas, admins, options.operators ?? [DEMO_OPERATOR], options.onHttpResponse, options.httpCapacity);
  const url = await api.listen(options.port ?? 0);
  // The pôles served (set above), as the stack tells the home page and the set-up in AWS (-c pole:poles).
  Object.assign(process.env, { PUBLIC_BASE_URL: url });
  resetConfig();
  const resumed = await engine.resumeInterrupted();
  const stopSchedules = startSchedules(lambdas, poleIds, (error) => console.error('scheduled start failed:', error));

  let stopping: Promise<void> | undefined;
  return {
    url,
    engine,
    lambdas,
    clock,
    outboxDir: options.outboxDir,
    resumed,
    dynamoRequests,
    dynamoFaults: clients.faults,
    stop: () => {
      stopping ??= (async () => {
        stopSchedules();
        await api.close();
        await engine.halt();
        await lambdas.drain();
        if (workbookReader() === workbooks.read) setWorkbookReader(); // unless another runtime has installed its own since
        await workbooks.close();
        if (ddb() === clients.functions) setDdb(undefined); // unless another runtime has installed its own since
        clients.destroy();
        await dynamo.close();
      })();
      return stopping;
    },
  };
}

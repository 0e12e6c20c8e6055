import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../domain/errors.ts';
import type { ExecutionDetail, ExecutionStatus, ExecutionSummary } from '../ports/workflow-engine.ts';
import { queryAll } from '../store/batch.ts';
import { isConditionFailed, tableName } from '../store/client.ts';
import { engineKeys } from '../store/keys.ts';
import type { WorkflowName } from '../workflows/catalog.ts';

/** An execution as the embedded engine keeps it in the table (what Step Functions keeps for itself in AWS). */
export interface ExecutionRecord {
  workflow: WorkflowName;
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  inputJson: string;
  outputJson?: string;
  error?: string;
  cause?: string;
  restarts?: number;
  redriveCount?: number;
  redriveDate?: string;
}

/** How an execution ended, as written on its record. */
export type ExecutionEnd = Pick<ExecutionRecord, 'outputJson' | 'error' | 'cause'> & { status: ExecutionStatus };

/** The statuses Step Functions lets RedriveExecution start again. */
export const REDRIVABLE: readonly ExecutionStatus[] = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/** A record as the port lists it. */
export function toSummary(r: ExecutionRecord): ExecutionSummary {
  return {
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: r.startDate,
    ...(r.stopDate && { stopDate: r.stopDate }),
    ...(r.redriveCount && { redriveCount: r.redriveCount, redriveDate: r.redriveDate }),
  };
}

/** A record as the port describes it: input and output parsed, error and cause when it failed. */
export function toDetail(r: ExecutionRecord): ExecutionDetail {
  return {
    ...toSummary(r),
    input: JSON.parse(r.inputJson),
    ...(r.outputJson !== undefined && { output: JSON.parse(r.outputJson) }),
    ...(r.error !== undefined && { error: r.error }),
    ...(r.cause !== undefined && { cause: r.cause }),
  };
}

/** `SET #f0 = :f0, …` of an update writing `fields`. */
function setFields(fields: Record<string, unknown>) {
  const keys = Object.keys(fields);
  return {
    UpdateExpression: `SET ${keys.map((_, i) => `#f${i} = :f${i}`).join(', ')}`,
    ExpressionAttributeNames: Object.fromEntries(keys.map((k, i) => [`#f${i}`, k])),
    ExpressionAttributeValues: Object.fromEntries(Object.values(fields).map((v, i) => [`:f${i}`, v])),
  };
}

/** The engine's execution records and pending task tokens in the table, by state machine name and execution name. */
export class ExecutionRecords {
  constructor(private readonly ddb: DynamoDBDocumentClient) {}

  /** Writes a new execution; false when one of that name exists already (the same execution, never a second). */
  async create(stateMachine: string, record: ExecutionRecord): Promise<boolean> {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: tableName(),
          Item: { ...engineKeys.execution(stateMachine, record.name), type: 'Execution', ...record },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return false;
    }
  }

  async get(stateMachine: string, name: string): Promise<ExecutionRecord> {
    const { Item } = await this.ddb.send(
      new GetCommand({ TableName: tableName(), Key: engineKeys.execution(stateMachine, name), ConsistentRead: true }),
    );
    if (!Item) throw new NotFoundError('Exécution introuvable.');
    return Item as ExecutionRecord;
  }

  async list(stateMachine: string, status?: ExecutionStatus): Promise<ExecutionRecord[]> {
    const items = await queryAll(
      {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ...(status && { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }),
        ExpressionAttributeValues: {
          ':pk': engineKeys.executionsPartition(stateMachine),
          ':prefix': engineKeys.executionPrefix,
          ...(status && { ':status': status }),
        },
      },
      this.ddb,
    );
    return items as unknown as ExecutionRecord[];
  }

  /** Counts a restart of an execution left RUNNING by an interrupted runtime. */
  async setRestarts(stateMachine: string, name: string, restarts: number): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({ TableName: tableName(), Key: engineKeys.execution(stateMachine, name), ...setFields({ restarts }) }),
    );
  }

  /**
   * Puts a closed, unsuccessful execution back to RUNNING for a redrive, in one conditional update
   * (two redrives cannot both win); undefined when it is missing or not REDRIVABLE.
   */
  async reopen(stateMachine: string, name: string, redriveDate: string): Promise<ExecutionRecord | undefined> {
    try {
      const { Attributes } = await this.ddb.send(
        new UpdateCommand({
          TableName: tableName(),
          Key: engineKeys.execution(stateMachine, name),
          UpdateExpression:
            'SET #status = :running, #count = if_not_exists(#count, :zero) + :one, #date = :at REMOVE #stop, #error, #cause, #output',
          ConditionExpression: 'attribute_exists(PK) AND #status IN (:s0, :s1, :s2)',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#count': 'redriveCount',
            '#date': 'redriveDate',
            '#stop': 'stopDate',
            '#error': 'error',
            '#cause': 'cause',
            '#output': 'outputJson',
          },
          ExpressionAttributeValues: {
            ':running': 'RUNNING',
            ':zero': 0,
            ':one': 1,
            ':at': redriveDate,
            ...Object.fromEntries(REDRIVABLE.map((s, i) => [`:s${i}`, s])),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as ExecutionRecord;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
      return undefined;
    }
  }

  /** Writes how an execution ended, and when. */
  async close(stateMachine: string, name: string, end: ExecutionEnd, stopDate: string): Promise<void> {
    await this.ddb.send(
      new UpdateCommand({ TableName: tableName(), Key: engineKeys.execution(stateMachine, name), ...setFields({ ...end, stopDate }) }),
    );
  }

  /** Keeps a task token while its task waits for an answer. */
  async saveToken(token: string, executionArn: string, state: string, createdAt: string): Promise<void> {
    await this.ddb.send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...engineKeys.taskToken(token), type: 'TaskToken', executionArn, state, createdAt },
      }),
    );
  }

  async deleteToken(token: string): Promise<void> {
    await this.ddb.send(new DeleteCommand({ TableName: tableName(), Key: engineKeys.taskToken(token) }));
  }
}

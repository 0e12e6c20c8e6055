import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CategoryCost } from '../domain/contribution.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { type AnyInputRow, INPUT_KINDS, type InputKind } from '../domain/quarter-inputs.ts';
import { previousQuarter } from '../domain/quarters.ts';
import type { MemberStatement, ReconciliationInput, ReconciliationResult } from '../domain/reconciliation.ts';
import { putAll, queryAll } from './batch.ts';
import { ddb, isConditionFailed, tableName } from './client.ts';
import { keys } from './keys.ts';

export type QuarterStatus = 'OPEN' | 'DRAFT' | 'APPROVED' | 'POSTED';

export interface InputRef {
  importId: string;
  rows: number;
  importedAt: string;
  source: 'csv' | 'json';
}

/** The quarter item: its status, which imported inputs are current, and the draft's summary. */
export interface Quarter {
  quarter: string;
  status: QuarterStatus;
  inputs: Partial<Record<InputKind, InputRef>>;
  /** Run number: a failed run is retried under a new execution name. */
  attempt: number;
  taskToken?: string;
  draft?: {
    computedAt: string;
    totalNetCents: number;
    carriedInCents: number;
    carriedOutCents: number;
    members: number;
    categories: ReconciliationResult['categories'];
  };
  /** Net cost per category once posted (what contribution estimates use). */
  categories?: CategoryCost[];
  carriedOutCents?: number;
  history: { at: string; status: QuarterStatus; by: string; reason?: string }[];
}

const quarterFrom = ({ PK: _p, SK: _s, type: _t, ...rest }: Record<string, unknown>) => rest as unknown as Quarter;

export async function getQuarter(poleId: string, quarter: string): Promise<Quarter | null> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.quarter(poleId, quarter), ConsistentRead: true }));
  return Item ? quarterFrom(Item) : null;
}

export async function requireQuarter(poleId: string, quarter: string): Promise<Quarter> {
  const q = await getQuarter(poleId, quarter);
  if (!q) throw new NotFoundError(`Aucune donnée pour le trimestre ${quarter}.`, { quarter });
  return q;
}

/** Creates the quarter item if absent (OPEN, no inputs). */
export async function openQuarter(poleId: string, quarter: string, at: string): Promise<Quarter> {
  const fresh: Quarter = { quarter, status: 'OPEN', inputs: {}, attempt: 1, history: [{ at, status: 'OPEN', by: 'système' }] };
  try {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.quarter(poleId, quarter), type: 'Quarter', ...fresh },
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
    return fresh;
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    return requireQuarter(poleId, quarter);
  }
}

const postedError = (quarter: string) =>
  new ConflictError(
    'QUARTER_POSTED',
    `Le trimestre ${quarter} est comptabilisé : il ne change plus. Les corrections vont en ajustements du trimestre suivant.`,
    { quarter },
  );

/**
 * Replaces one kind of input of a quarter. The rows go to a partition of their own (named by a
 * hash of their content, so the same file imported twice is the same set), then the quarter item
 * is pointed at it by one conditional update: readers see the old set or the new, never a mix.
 */
export async function importInputs(
  poleId: string,
  quarter: string,
  kind: InputKind,
  rows: readonly AnyInputRow[],
  source: InputRef['source'],
  at: string,
): Promise<InputRef> {
  const current = await openQuarter(poleId, quarter, at);
  if (current.status === 'POSTED') throw postedError(quarter);
  const importId = createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
  await putAll(rows.map((row, i) => ({ ...keys.quarterInputRow(poleId, quarter, kind, importId, i + 1), ...row })));
  const ref: InputRef = { importId, rows: rows.length, importedAt: at, source };
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.quarter(poleId, quarter),
        UpdateExpression: 'SET inputs.#kind = :ref',
        ConditionExpression: '#status <> :posted',
        ExpressionAttributeNames: { '#kind': kind, '#status': 'status' },
        ExpressionAttributeValues: { ':ref': ref, ':posted': 'POSTED' },
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw postedError(quarter);
    throw error;
  }
  return ref;
}

/** Everything the reconciliation needs for a quarter, read from the current input sets. */
export async function loadInputs(poleId: string, quarter: Quarter): Promise<Omit<ReconciliationInput, 'members' | 'quarter'>> {
  const rowsOf = async (kind: InputKind): Promise<Record<string, unknown>[]> => {
    const ref = quarter.inputs[kind];
    if (!ref) return [];
    const items = await queryAll({
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.quarterInputPartition(poleId, quarter.quarter, kind, ref.importId) },
    });
    return items.map(({ PK: _p, SK: _s, ...row }) => row);
  };
  const [[costLines, subsidies, advances, usage, fixedShares, adjustments], previous] = await Promise.all([
    Promise.all(INPUT_KINDS.map(rowsOf)),
    getQuarter(poleId, previousQuarter(quarter.quarter)),
  ]);
  return {
    costLines: costLines as never,
    subsidies: subsidies as never,
    advances: advances as never,
    usage: usage as never,
    fixedShares: fixedShares as never,
    adjustments: adjustments as never,
    carriedInCents: previous?.status === 'POSTED' ? (previous.carriedOutCents ?? 0) : 0,
  };
}

/** Writes the draft statements and the quarter's draft summary. Deterministic: a retry rewrites the same. */
export async function saveDraft(poleId: string, result: ReconciliationResult, at: string): Promise<void> {
  await putAll(
    result.members.map((m) => ({
      ...keys.statement(poleId, result.quarter, m.memberId),
      type: 'Statement',
      quarter: result.quarter,
      ...m,
    })),
  );
  const draft: Quarter['draft'] = {
    computedAt: at,
    totalNetCents: result.totalNetCents,
    carriedInCents: result.carriedInCents,
    carriedOutCents: result.carriedOutCents,
    members: result.members.length,
    categories: result.categories,
  };
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.quarter(poleId, result.quarter),
        UpdateExpression: 'SET #status = :draft, draft = :d, #history = list_append(#history, :entry) REMOVE taskToken',
        ConditionExpression: '#status IN (:open, :draft)',
        ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
        ExpressionAttributeValues: { ':draft': 'DRAFT', ':open': 'OPEN', ':d': draft, ':entry': [{ at, status: 'DRAFT', by: 'système' }] },
      }),
    );
  } catch (error) {
    if (isConditionFailed(error)) throw postedError(result.quarter);
    throw error;
  }
}

/** Keeps the approval task's token on a DRAFT quarter; returns the quarter (decided already, after a restart?). */
export async function awaitApproval(poleId: string, quarter: string, taskToken: string): Promise<Quarter> {
  try {
    const { Attributes } = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.quarter(poleId, quarter),
        UpdateExpression: 'SET taskToken = :t',
        ConditionExpression: '#status IN (:draft, :approved)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':t': taskToken, ':draft': 'DRAFT', ':approved': 'APPROVED' },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return quarterFrom(Attributes ?? {});
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    return requireQuarter(poleId, quarter);
  }
}

/** An admin approves the draft (→ APPROVED) or sends it back (→ OPEN, to be computed again). */
export async function decideDraft(
  poleId: string,
  quarter: string,
  approve: boolean,
  by: string,
  at: string,
  reason?: string,
): Promise<Quarter> {
  const to: QuarterStatus = approve ? 'APPROVED' : 'OPEN';
  try {
    const { Attributes } = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.quarter(poleId, quarter),
        UpdateExpression: 'SET #status = :to, #history = list_append(#history, :entry)',
        // No token needed: if the workflow has not stored it yet, its approval task finds the decision here.
        ConditionExpression: '#status = :draft',
        ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
        ExpressionAttributeValues: { ':to': to, ':draft': 'DRAFT', ':entry': [{ at, status: to, by, ...(reason && { reason }) }] },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return quarterFrom(Attributes ?? {});
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    const current = await requireQuarter(poleId, quarter);
    throw new ConflictError('NOT_AWAITING_APPROVAL', `Le trimestre ${quarter} n’attend pas d’approbation (statut : ${current.status}).`, {
      quarter,
      status: current.status,
    });
  }
}

/** APPROVED → POSTED, immutable from then on; the net costs and the carried credit are kept. A retry is a no-op. */
export async function postQuarter(poleId: string, quarter: string, at: string): Promise<Quarter> {
  const current = await requireQuarter(poleId, quarter);
  if (current.status === 'POSTED') return current;
  const categories: CategoryCost[] = (current.draft?.categories ?? []).map((c) => ({
    category: c.category,
    key: c.key,
    netCents: c.netCents,
  }));
  try {
    const { Attributes } = await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.quarter(poleId, quarter),
        UpdateExpression:
          'SET #status = :posted, categories = :c, carriedOutCents = :out, #history = list_append(#history, :entry) REMOVE taskToken',
        ConditionExpression: '#status = :approved',
        ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
        ExpressionAttributeValues: {
          ':posted': 'POSTED',
          ':approved': 'APPROVED',
          ':c': categories,
          ':out': current.draft?.carriedOutCents ?? 0,
          ':entry': [{ at, status: 'POSTED', by: 'système' }],
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return quarterFrom(Attributes ?? {});
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    const again = await requireQuarter(poleId, quarter);
    if (again.status === 'POSTED') return again;
    throw new ConflictError('NOT_APPROVED', `Le trimestre ${quarter} n’est pas approuvé (statut : ${again.status}).`, { quarter });
  }
}

/** A failed run is retried under the next attempt number (one conditional increment, so two admins retrying at once start one run). */
export async function nextAttempt(poleId: string, quarter: string, from: number): Promise<number> {
  try {
    await ddb().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.quarter(poleId, quarter),
        UpdateExpression: 'SET attempt = :next',
        ConditionExpression: 'attempt = :from',
        ExpressionAttributeValues: { ':next': from + 1, ':from': from },
      }),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
  return (await requireQuarter(poleId, quarter)).attempt;
}

export async function listStatements(poleId: string, quarter: string): Promise<MemberStatement[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.statementsPartition(poleId, quarter) },
  });
  return items.map(({ PK: _p, SK: _s, type: _t, quarter: _q, ...s }) => s as unknown as MemberStatement);
}

/** A page of statements (for mailing them in bounded steps). */
export async function statementsPage(
  poleId: string,
  quarter: string,
  after: string | undefined,
  limit: number,
): Promise<{ statements: MemberStatement[]; next?: string }> {
  const { Items = [], LastEvaluatedKey } = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: after ? 'PK = :pk AND SK > :after' : 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.statementsPartition(poleId, quarter), ...(after && { ':after': `MEMBER#${after}` }) },
      Limit: limit,
    }),
  );
  const statements = Items.map(({ PK: _p, SK: _s, type: _t, quarter: _q, ...s }) => s as unknown as MemberStatement);
  return { statements, ...(LastEvaluatedKey && statements.length > 0 && { next: statements.at(-1)!.memberId }) };
}

export async function getStatement(poleId: string, quarter: string, memberId: string): Promise<MemberStatement> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.statement(poleId, quarter, memberId) }));
  if (!Item) throw new NotFoundError(`Pas de relevé pour ${memberId} au trimestre ${quarter}.`, { quarter, memberId });
  const { PK: _p, SK: _s, type: _t, quarter: _q, ...s } = Item;
  return s as unknown as MemberStatement;
}

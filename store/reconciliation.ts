import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CategoryCost } from '../domain/contribution.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { type AnyInputRow, INPUT_KINDS, type InputKind } from '../domain/quarter-inputs.ts';
import { previousQuarter } from '../domain/quarters.ts';
import {
  type Credits,
  type MemberStatement,
  NO_CREDITS,
  type ReconciliationInput,
  type ReconciliationResult,
} from '../domain/reconciliation.ts';
import { putAll, queryAll } from './batch.ts';
import { ddb, isConditionFailed, tableName } from './client.ts';
import { updateIf } from './conditional.ts';
import { keys } from './keys.ts';

export type QuarterStatus = 'OPEN' | 'DRAFT' | 'APPROVED' | 'POSTED';

export interface InputRef {
  importId: string;
  rows: number;
  importedAt: string;
  source: 'csv' | 'json';
}

/** The draft's summary, kept on the quarter item (the statements are items of their own). */
export interface DraftSummary {
  computedAt: string;
  /** The quarter's revision the draft was computed from: a draft of an older revision is never approved. */
  revision: number;
  /** Whether the previous quarter was posted when the draft was computed (its credits then flowed in). */
  previousPosted: boolean;
  totalGrossCents: number;
  totalNetCents: number;
  subsidiesCents: number;
  carriedIn: Credits;
  carriedOut: Credits;
  members: number;
  categories: ReconciliationResult['categories'];
  /** Absolute dates of the reminders to the staff, then of the end of the wait (docs/reconciliation.md#approval). */
  approvalWait: { remindAt: string[]; expiresAt: string };
}

/** The quarter item: its status, which imported inputs are current, and the draft's summary. */
export interface Quarter {
  quarter: string;
  status: QuarterStatus;
  inputs: Partial<Record<InputKind, InputRef>>;
  /** Run number: a failed run is retried under a new execution name. */
  attempt: number;
  /**
   * Bumped by every change of what a draft depends on (an import, a member change, the previous
   * quarter being posted): a draft computed from an older revision is stale and cannot be saved.
   */
  revision?: number;
  taskToken?: string;
  draft?: DraftSummary;
  /** Net cost per category once posted (what contribution estimates use). */
  categories?: CategoryCost[];
  /** The credits carried into the next quarter, once posted. */
  carriedOut?: Credits;
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

/** Every quarter item of the pôle, oldest first (a handful a year). */
export async function listQuarters(poleId: string): Promise<Quarter[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.polePartition(poleId), ':prefix': keys.quarterPrefix },
    ConsistentRead: true,
  });
  return items.map(quarterFrom);
}

/** Creates the quarter item if absent (OPEN, no inputs). */
export async function openQuarter(poleId: string, quarter: string, at: string): Promise<Quarter> {
  const fresh: Quarter = { quarter, status: 'OPEN', inputs: {}, attempt: 1, revision: 0, history: [{ at, status: 'OPEN', by: 'système' }] };
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

const postedError = (quarter: string, status: QuarterStatus) =>
  status === 'APPROVED'
    ? new ConflictError(
        'QUARTER_APPROVED',
        `Le trimestre ${quarter} vient d’être approuvé et sa comptabilisation est en cours : il ne change plus. Les corrections vont en ajustements du trimestre suivant.`,
        { quarter },
      )
    : new ConflictError(
        'QUARTER_POSTED',
        `Le trimestre ${quarter} est comptabilisé : il ne change plus. Les corrections vont en ajustements du trimestre suivant.`,
        { quarter },
      );

/** What changing a quarter's data did: whether a draft was sent back to be computed, and the token of the run waiting on it. */
export interface Invalidation {
  quarter: Quarter;
  invalidated: boolean;
  /** The approval task of the run that waited on the draft: it must be told to compute again. */
  taskToken?: string;
}

/**
 * Records a change of a quarter's data on its item, with one conditional update: the revision is
 * bumped and a DRAFT goes back to OPEN (its run computes it again), so a stale draft can never be
 * approved. `set` adds assignments to the same update (the new input set). An APPROVED or POSTED
 * quarter is a 409; a quarter with no item has no draft (returns null).
 */
export async function changeQuarterData(
  poleId: string,
  quarter: string,
  reason: string,
  by: string,
  at: string,
  set: { expression: string; names: Record<string, string>; values: Record<string, unknown> } = { expression: '', names: {}, values: {} },
): Promise<Invalidation | null> {
  const common = {
    Key: keys.quarter(poleId, quarter),
    ExpressionAttributeNames: { '#status': 'status', '#history': 'history', ...set.names },
  };
  const extra = set.expression ? `, ${set.expression}` : '';
  const draftBack = await updateIf({
    ...common,
    UpdateExpression: `SET #status = :open, revision = if_not_exists(revision, :zero) + :one, #history = list_append(#history, :entry)${extra} REMOVE taskToken`,
    ConditionExpression: '#status = :draft',
    ExpressionAttributeValues: {
      ':open': 'OPEN',
      ':draft': 'DRAFT',
      ':zero': 0,
      ':one': 1,
      ':entry': [{ at, status: 'OPEN', by, reason }],
      ...set.values,
    },
    ReturnValues: 'ALL_OLD',
  });
  if (draftBack) {
    const token = draftBack.taskToken as string | undefined;
    return { quarter: await requireQuarter(poleId, quarter), invalidated: true, ...(token && { taskToken: token }) };
  }
  const open = await updateIf({
    ...common,
    UpdateExpression: `SET revision = if_not_exists(revision, :zero) + :one${extra}`,
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status', ...set.names },
    ExpressionAttributeValues: { ':open': 'OPEN', ':zero': 0, ':one': 1, ...set.values },
  });
  if (open) return { quarter: quarterFrom(open), invalidated: false };
  const current = await getQuarter(poleId, quarter);
  if (!current) return null;
  if (current.status === 'APPROVED' || current.status === 'POSTED') throw postedError(quarter, current.status);
  // It moved between our two updates (OPEN ↔ DRAFT): try again.
  return changeQuarterData(poleId, quarter, reason, by, at, set);
}

/**
 * Replaces one kind of input of a quarter. The rows go to a partition of their own (named by a
 * hash of their content, so the same file imported twice is the same set), then the quarter item
 * is pointed at it by one conditional update that also sends a waiting draft back to be computed:
 * readers see the old set or the new, never a mix, and no draft of the old set can be approved.
 */
export async function importInputs(
  poleId: string,
  quarter: string,
  kind: InputKind,
  rows: readonly AnyInputRow[],
  source: InputRef['source'],
  at: string,
  by = 'système',
): Promise<{ ref: InputRef; invalidation: Invalidation }> {
  const current = await openQuarter(poleId, quarter, at);
  if (current.status === 'POSTED' || current.status === 'APPROVED') throw postedError(quarter, current.status);
  const importId = createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
  await putAll(rows.map((row, i) => ({ ...keys.quarterInputRow(poleId, quarter, kind, importId, i + 1), ...row })));
  const ref: InputRef = { importId, rows: rows.length, importedAt: at, source };
  const invalidation = await changeQuarterData(
    poleId,
    quarter,
    `Nouvelles données importées (${kind}) : le brouillon est recalculé.`,
    by,
    at,
    { expression: 'inputs.#kind = :ref', names: { '#kind': kind }, values: { ':ref': ref } },
  );
  return { ref, invalidation: invalidation! };
}

/** The credits a posted quarter carried out (older items kept only the unearmarked amount). */
export const carriedOutOf = (q: Quarter & { carriedOutCents?: number }): Credits =>
  q.carriedOut ?? { unearmarkedCents: q.carriedOutCents ?? 0, earmarked: [] };

/** Everything the reconciliation needs for a quarter but the members, read from the current input sets. */
export async function loadInputs(
  poleId: string,
  quarter: Quarter,
): Promise<{ inputs: Omit<ReconciliationInput, 'members' | 'quarter'>; previousPosted: boolean }> {
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
  const previousPosted = previous?.status === 'POSTED';
  return {
    inputs: {
      costLines: costLines as never,
      subsidies: subsidies as never,
      advances: advances as never,
      usage: usage as never,
      fixedShares: fixedShares as never,
      adjustments: adjustments as never,
      carriedIn: previousPosted ? carriedOutOf(previous) : NO_CREDITS,
    },
    previousPosted,
  };
}

/**
 * Writes the draft statements, then the quarter's draft summary — only if the quarter is still at
 * the revision the draft was computed from. Returns false when the data changed meanwhile (the
 * caller computes again). Deterministic: a retry rewrites the same.
 */
export async function saveDraft(
  poleId: string,
  result: ReconciliationResult,
  basis: { revision: number; previousPosted: boolean },
  approvalWait: DraftSummary['approvalWait'],
  at: string,
): Promise<boolean> {
  await putAll(
    result.members.map((m) => ({
      ...keys.statement(poleId, result.quarter, m.memberId),
      type: 'Statement',
      quarter: result.quarter,
      ...m,
    })),
  );
  const draft: DraftSummary = {
    computedAt: at,
    revision: basis.revision,
    previousPosted: basis.previousPosted,
    totalGrossCents: result.totalGrossCents,
    totalNetCents: result.totalNetCents,
    subsidiesCents: result.subsidiesCents,
    carriedIn: result.carriedIn,
    carriedOut: result.carriedOut,
    members: result.members.length,
    categories: result.categories,
    approvalWait,
  };
  const saved = await updateIf({
    Key: keys.quarter(poleId, result.quarter),
    UpdateExpression: 'SET #status = :draft, draft = :d, #history = list_append(#history, :entry) REMOVE taskToken',
    ConditionExpression: `#status IN (:open, :draft) AND ${basis.revision === 0 ? '(attribute_not_exists(revision) OR revision = :r)' : 'revision = :r'}`,
    ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
    ExpressionAttributeValues: {
      ':draft': 'DRAFT',
      ':open': 'OPEN',
      ':d': draft,
      ':r': basis.revision,
      ':entry': [{ at, status: 'DRAFT', by: 'système' }],
    },
  });
  if (saved) return true;
  const current = await requireQuarter(poleId, result.quarter);
  if (current.status === 'POSTED' || current.status === 'APPROVED') throw postedError(result.quarter, current.status);
  return false;
}

/** Keeps the approval task's token on a DRAFT quarter; returns the quarter (decided already, after a restart?). */
export async function awaitApproval(poleId: string, quarter: string, taskToken: string): Promise<Quarter> {
  const updated = await updateIf({
    Key: keys.quarter(poleId, quarter),
    UpdateExpression: 'SET taskToken = :t',
    ConditionExpression: '#status IN (:draft, :approved)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':t': taskToken, ':draft': 'DRAFT', ':approved': 'APPROVED' },
  });
  return updated ? quarterFrom(updated) : requireQuarter(poleId, quarter);
}

/**
 * An admin approves the draft (→ APPROVED) or sends it back (→ OPEN, to be computed again). An
 * approval holds only for the draft of the quarter's current revision, and — unless the quarter is
 * the pôle's first — for a draft computed once the previous quarter was posted.
 */
export async function decideDraft(
  poleId: string,
  quarter: string,
  decision: { approve: boolean; requirePreviousPosted: boolean; by: string; at: string; reason?: string },
): Promise<Quarter> {
  const to: QuarterStatus = decision.approve ? 'APPROVED' : 'OPEN';
  const conditions = ['#status = :draft'];
  if (decision.approve) conditions.push('(draft.revision = revision OR attribute_not_exists(revision))');
  if (decision.approve && decision.requirePreviousPosted) conditions.push('draft.previousPosted = :true');
  const updated = await updateIf({
    Key: keys.quarter(poleId, quarter),
    // No token needed: if the workflow has not stored it yet, its approval task finds the decision here.
    UpdateExpression: 'SET #status = :to, #history = list_append(#history, :entry)',
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
    ExpressionAttributeValues: {
      ':to': to,
      ':draft': 'DRAFT',
      ':entry': [{ at: decision.at, status: to, by: decision.by, ...(decision.reason && { reason: decision.reason }) }],
      ...(decision.approve && decision.requirePreviousPosted && { ':true': true }),
    },
  });
  if (updated) return quarterFrom(updated);
  const current = await requireQuarter(poleId, quarter);
  if (current.status === 'DRAFT') {
    throw new ConflictError(
      'DRAFT_OUTDATED',
      `Le brouillon du trimestre ${quarter} a été calculé sur des données qui ont changé depuis : il est recalculé, vérifiez-le puis approuvez-le.`,
      { quarter },
    );
  }
  throw new ConflictError('NOT_AWAITING_APPROVAL', `Le trimestre ${quarter} n’attend pas d’approbation (statut : ${current.status}).`, {
    quarter,
    status: current.status,
  });
}

/**
 * The wait for approval has run out: the draft of `computedAt` goes back to OPEN, so nobody can
 * approve it without a new run. Returns the quarter (APPROVED if the approval came first).
 */
export async function expireDraft(poleId: string, quarter: string, computedAt: string, reason: string, at: string): Promise<Quarter> {
  const updated = await updateIf({
    Key: keys.quarter(poleId, quarter),
    UpdateExpression: 'SET #status = :open, #history = list_append(#history, :entry) REMOVE taskToken',
    ConditionExpression: '#status = :draft AND draft.computedAt = :c',
    ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
    ExpressionAttributeValues: {
      ':open': 'OPEN',
      ':draft': 'DRAFT',
      ':c': computedAt,
      ':entry': [{ at, status: 'OPEN', by: 'système', reason }],
    },
  });
  return updated ? quarterFrom(updated) : requireQuarter(poleId, quarter);
}

/** APPROVED → POSTED, immutable from then on; the net costs and the carried credits are kept. A retry is a no-op. */
export async function postQuarter(poleId: string, quarter: string, at: string): Promise<Quarter> {
  const current = await requireQuarter(poleId, quarter);
  if (current.status === 'POSTED') return current;
  const categories: CategoryCost[] = (current.draft?.categories ?? []).map((c) => ({
    category: c.category,
    key: c.key,
    netCents: c.netCents,
  }));
  const updated = await updateIf({
    Key: keys.quarter(poleId, quarter),
    UpdateExpression:
      'SET #status = :posted, categories = :c, carriedOut = :out, #history = list_append(#history, :entry) REMOVE taskToken',
    ConditionExpression: '#status = :approved',
    ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
    ExpressionAttributeValues: {
      ':posted': 'POSTED',
      ':approved': 'APPROVED',
      ':c': categories,
      ':out': current.draft?.carriedOut ?? NO_CREDITS,
      ':entry': [{ at, status: 'POSTED', by: 'système' }],
    },
  });
  if (updated) return quarterFrom(updated);
  const again = await requireQuarter(poleId, quarter);
  if (again.status === 'POSTED') return again;
  throw new ConflictError('NOT_APPROVED', `Le trimestre ${quarter} n’est pas approuvé (statut : ${again.status}).`, { quarter });
}

/** A failed run is retried under the next attempt number (one conditional increment, so two admins retrying at once start one run). */
export async function nextAttempt(poleId: string, quarter: string, from: number): Promise<number> {
  await updateIf({
    Key: keys.quarter(poleId, quarter),
    UpdateExpression: 'SET attempt = :next',
    ConditionExpression: 'attempt = :from',
    ExpressionAttributeValues: { ':next': from + 1, ':from': from },
  });
  return (await requireQuarter(poleId, quarter)).attempt;
}

const statementFrom = ({ PK: _p, SK: _s, type: _t, quarter: _q, ...s }: Record<string, unknown>) => s as unknown as MemberStatement;

export async function listStatements(poleId: string, quarter: string): Promise<MemberStatement[]> {
  const items = await queryAll({
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': keys.statementsPartition(poleId, quarter) },
  });
  return items.map(statementFrom);
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
  const statements = Items.map(statementFrom);
  return { statements, ...(LastEvaluatedKey && statements.length > 0 && { next: statements.at(-1)!.memberId }) };
}

export async function getStatement(poleId: string, quarter: string, memberId: string): Promise<MemberStatement> {
  const { Item } = await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.statement(poleId, quarter, memberId) }));
  if (!Item) throw new NotFoundError(`Pas de relevé pour ${memberId} au trimestre ${quarter}.`, { quarter, memberId });
  return statementFrom(Item);
}

import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CategoryCost } from '../domain/contribution.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { InputKind } from '../domain/quarter-inputs.ts';
import { type Credits, NO_CREDITS, type ReconciliationResult } from '../domain/reconciliation.ts';
import { queryAll } from './batch.ts';
import { ddb, tableName } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { conditionally, putIfAbsent, update, updateIf } from './writes.ts';

export type QuarterStatus = 'OPEN' | 'DRAFT' | 'APPROVED' | 'POSTED';

/** Where a quarter's current set of one kind of input lives (store/quarter-inputs.ts), and what it came from. */
export interface InputRef {
  importId: string;
  rows: number;
  importedAt: string;
  source: 'csv' | 'json';
}

/** What the quarter keeps of its draft (the statements are items of their own). */
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
  /** What items posted before credits were kept per earmark carried: the unearmarked amount only. */
  carriedOutCents?: number;
  history: { at: string; status: QuarterStatus; by: string; reason?: string }[];
}

const SYSTEM = 'système';

/**
 * The quarter as the code knows it. Earlier demo seeds wrote a posted quarter with its status and
 * categories only: those items read as a quarter with no inputs, attempt 1 and no history.
 */
function quarterFrom(item: Record<string, unknown>): Quarter {
  const q = withoutKeys<Partial<Quarter> & Pick<Quarter, 'quarter' | 'status'>>(item);
  return { ...q, inputs: q.inputs ?? {}, attempt: q.attempt ?? 1, history: q.history ?? [] };
}

/** The credits a posted quarter carried out (older items kept only the unearmarked amount). */
export const carriedOutOf = (q: Quarter): Credits => q.carriedOut ?? { unearmarkedCents: q.carriedOutCents ?? 0, earmarked: [] };

/** The 409 of any change to an approved or posted quarter. */
export const quarterPosted = (quarter: string, status: QuarterStatus = 'POSTED') =>
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

/** The most recent POSTED quarter, or null before the first reconciliation. */
export async function lastPostedQuarter(poleId: string): Promise<Quarter | null> {
  const { Items } = await ddb().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.polePartition(poleId), ':prefix': keys.quarterPrefix },
      ScanIndexForward: false, // `YYYY-Qn` sorts chronologically
    }),
  );
  const posted = (Items ?? []).find((i) => i.status === 'POSTED');
  return posted ? quarterFrom(posted) : null;
}

/** Creates the quarter item if absent (OPEN, no inputs, revision 0). */
export async function openQuarter(poleId: string, quarter: string, at: string): Promise<Quarter> {
  const fresh: Quarter = { quarter, status: 'OPEN', inputs: {}, attempt: 1, revision: 0, history: [{ at, status: 'OPEN', by: SYSTEM }] };
  const created = await putIfAbsent({ ...keys.quarter(poleId, quarter), type: 'Quarter', ...fresh });
  return created ? fresh : requireQuarter(poleId, quarter);
}

/** What changing a quarter's data did: whether a draft was sent back to be computed, and the token of the run waiting on it. */
export interface Invalidation {
  quarter: string;
  invalidated: boolean;
  /** The approval task of the run that waited on the draft: it must be told to compute again. */
  taskToken?: string;
}

/** Assignments added to the update that records a change of a quarter's data (the new input set). */
export interface ExtraSet {
  expression: string;
  names: Record<string, string>;
  values: Record<string, unknown>;
}

const NOTHING_MORE: ExtraSet = { expression: '', names: {}, values: {} };

/**
 * Records a change of a quarter's data on its item, with one conditional update: the revision is
 * bumped and a DRAFT goes back to OPEN (its run computes it again), so a stale draft can never be
 * approved (docs/reconciliation.md#a-draft-never-outlives-its-data). `set` adds assignments to the
 * same update. An APPROVED or POSTED quarter is a 409; a quarter with no item has no draft (null).
 */
export async function changeQuarterData(
  poleId: string,
  quarter: string,
  reason: string,
  by: string,
  at: string,
  set: ExtraSet = NOTHING_MORE,
): Promise<Invalidation | null> {
  const extra = set.expression ? `, ${set.expression}` : '';
  const sentBack = await conditionally(
    update({
      Key: keys.quarter(poleId, quarter),
      UpdateExpression: `SET #status = :open, revision = if_not_exists(revision, :zero) + :one, #history = list_append(#history, :entry)${extra} REMOVE taskToken`,
      ConditionExpression: '#status = :draft',
      ExpressionAttributeNames: { '#status': 'status', '#history': 'history', ...set.names },
      ExpressionAttributeValues: {
        ':open': 'OPEN',
        ':draft': 'DRAFT',
        ':zero': 0,
        ':one': 1,
        ':entry': [{ at, status: 'OPEN', by, reason }],
        ...set.values,
      },
      ReturnValues: 'ALL_OLD',
    }),
  );
  if (sentBack) {
    const token = sentBack.Attributes?.taskToken as string | undefined;
    return { quarter, invalidated: true, ...(token && { taskToken: token }) };
  }
  const bumped = await updateIf({
    Key: keys.quarter(poleId, quarter),
    UpdateExpression: `SET revision = if_not_exists(revision, :zero) + :one${extra}`,
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status', ...set.names },
    ExpressionAttributeValues: { ':open': 'OPEN', ':zero': 0, ':one': 1, ...set.values },
  });
  if (bumped) return { quarter, invalidated: false };
  const current = await getQuarter(poleId, quarter);
  if (!current) return null;
  if (current.status === 'APPROVED' || current.status === 'POSTED') throw quarterPosted(quarter, current.status);
  // It moved between our two updates (OPEN ↔ DRAFT): try again.
  return changeQuarterData(poleId, quarter, reason, by, at, set);
}

/**
 * OPEN or DRAFT → DRAFT with the draft's summary, only if the quarter is still at the revision the
 * draft was computed from: false when its data changed meanwhile (compute again). A quarter
 * decided since is a 409. A retry writes the same.
 */
export async function markDraft(poleId: string, quarter: string, draft: DraftSummary, at: string): Promise<boolean> {
  const marked = await updateIf({
    Key: keys.quarter(poleId, quarter),
    UpdateExpression: 'SET #status = :draft, draft = :d, #history = list_append(#history, :entry) REMOVE taskToken',
    // Items written before revisions existed have none: revision 0.
    ConditionExpression: `#status IN (:open, :draft) AND ${draft.revision === 0 ? '(attribute_not_exists(revision) OR revision = :r)' : 'revision = :r'}`,
    ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
    ExpressionAttributeValues: {
      ':draft': 'DRAFT',
      ':open': 'OPEN',
      ':d': draft,
      ':r': draft.revision,
      ':entry': [{ at, status: 'DRAFT', by: SYSTEM }],
    },
  });
  if (marked) return true;
  const current = await requireQuarter(poleId, quarter);
  if (current.status === 'POSTED' || current.status === 'APPROVED') throw quarterPosted(quarter, current.status);
  return false;
}

/** Keeps the approval task's token on a DRAFT quarter; returns the quarter (decided already, after a restart?). */
export async function awaitApproval(poleId: string, quarter: string, taskToken: string): Promise<Quarter> {
  const written = await updateIf({
    Key: keys.quarter(poleId, quarter),
    UpdateExpression: 'SET taskToken = :t',
    ConditionExpression: '#status IN (:draft, :approved)',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':t': taskToken, ':draft': 'DRAFT', ':approved': 'APPROVED' },
  });
  return written ? quarterFrom(written) : requireQuarter(poleId, quarter);
}

export interface DraftDecision {
  approve: boolean;
  /** The quarter is not the pôle's first: its draft must have been computed once the previous one was posted. */
  requirePreviousPosted: boolean;
  by: string;
  at: string;
  reason?: string | undefined;
}

/**
 * An admin approves the draft (→ APPROVED) or sends it back (→ OPEN, to be computed again). An
 * approval holds only for the draft of the quarter's current revision, and — unless the quarter is
 * the pôle's first — for a draft computed once the previous quarter was posted.
 */
export async function decideDraft(poleId: string, quarter: string, decision: DraftDecision): Promise<Quarter> {
  const to: QuarterStatus = decision.approve ? 'APPROVED' : 'OPEN';
  const conditions = ['#status = :draft'];
  if (decision.approve) conditions.push('(draft.revision = revision OR attribute_not_exists(revision))');
  if (decision.approve && decision.requirePreviousPosted) conditions.push('draft.previousPosted = :true');
  const written = await updateIf({
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
  if (written) return quarterFrom(written);
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
  const written = await updateIf({
    Key: keys.quarter(poleId, quarter),
    UpdateExpression: 'SET #status = :open, #history = list_append(#history, :entry) REMOVE taskToken',
    ConditionExpression: '#status = :draft AND draft.computedAt = :c',
    ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
    ExpressionAttributeValues: {
      ':open': 'OPEN',
      ':draft': 'DRAFT',
      ':c': computedAt,
      ':entry': [{ at, status: 'OPEN', by: SYSTEM, reason }],
    },
  });
  return written ? quarterFrom(written) : requireQuarter(poleId, quarter);
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
  const written = await updateIf({
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
      ':entry': [{ at, status: 'POSTED', by: SYSTEM }],
    },
  });
  if (written) return quarterFrom(written);
  const again = await requireQuarter(poleId, quarter);
  if (again.status === 'POSTED') return again;
  throw new ConflictError('NOT_APPROVED', `Le trimestre ${quarter} n’est pas approuvé (statut : ${again.status}).`, { quarter });
}

/** A failed run is retried under the next attempt number (one conditional increment, so two admins retrying at once start one run). */
export async function nextAttempt(poleId: string, quarter: string, from: number): Promise<number> {
  await conditionally(
    update({
      Key: keys.quarter(poleId, quarter),
      UpdateExpression: 'SET attempt = :next',
      ConditionExpression: 'attempt = :from',
      ExpressionAttributeValues: { ':next': from + 1, ':from': from },
    }),
  );
  return (await requireQuarter(poleId, quarter)).attempt;
}

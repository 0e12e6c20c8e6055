import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CategoryCost } from '../domain/contribution.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import type { InputKind } from '../domain/quarter-inputs.ts';
import type { ReconciliationResult } from '../domain/reconciliation.ts';
import { queryAll } from './batch.ts';
import { ddb, tableName } from './client.ts';
import { keys, withoutKeys } from './keys.ts';
import { conditionally, putIfAbsent, update, updateIf } from './writes.ts';

type QuarterStatus = 'OPEN' | 'DRAFT' | 'APPROVED' | 'POSTED';

/** Where a quarter's current set of one kind of input lives (store/quarter-inputs.ts), and what it came from. */
export interface InputRef {
  importId: string;
  rows: number;
  importedAt: string;
  source: 'csv' | 'json';
}

/** What the quarter keeps of its draft: the totals and each category's figures. */
interface DraftSummary {
  computedAt: string;
  totalNetCents: number;
  carriedInCents: number;
  carriedOutCents: number;
  members: number;
  categories: ReconciliationResult['categories'];
}

/** The quarter item: its status, which imported inputs are current, and the draft's summary. */
export interface Quarter {
  quarter: string;
  status: QuarterStatus;
  inputs: Partial<Record<InputKind, InputRef>>;
  /** Run number: a failed run is retried under a new execution name. */
  attempt: number;
  taskToken?: string;
  draft?: DraftSummary;
  /** Net cost per category once posted (what contribution estimates use). */
  categories?: CategoryCost[];
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

/** The 409 of any change to a posted quarter. */
export const quarterPosted = (quarter: string) =>
  new ConflictError(
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

/** Creates the quarter item if absent (OPEN, no inputs). */
export async function openQuarter(poleId: string, quarter: string, at: string): Promise<Quarter> {
  const fresh: Quarter = { quarter, status: 'OPEN', inputs: {}, attempt: 1, history: [{ at, status: 'OPEN', by: SYSTEM }] };
  const created = await putIfAbsent({ ...keys.quarter(poleId, quarter), type: 'Quarter', ...fresh });
  return created ? fresh : requireQuarter(poleId, quarter);
}

/** Points the quarter at a new current set of one kind of input; a posted quarter is a 409. */
export async function setCurrentInputs(poleId: string, quarter: string, kind: InputKind, ref: InputRef): Promise<void> {
  const set = await conditionally(
    update({
      Key: keys.quarter(poleId, quarter),
      UpdateExpression: 'SET inputs.#kind = :ref',
      ConditionExpression: '#status <> :posted',
      ExpressionAttributeNames: { '#kind': kind, '#status': 'status' },
      ExpressionAttributeValues: { ':ref': ref, ':posted': 'POSTED' },
    }),
  );
  if (!set) throw quarterPosted(quarter);
}

/** OPEN or DRAFT → DRAFT with the draft's summary (a retry writes the same); a quarter decided since is a 409. */
export async function markDraft(poleId: string, quarter: string, draft: DraftSummary, at: string): Promise<void> {
  const marked = await conditionally(
    update({
      Key: keys.quarter(poleId, quarter),
      UpdateExpression: 'SET #status = :draft, draft = :d, #history = list_append(#history, :entry) REMOVE taskToken',
      ConditionExpression: '#status IN (:open, :draft)',
      ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
      ExpressionAttributeValues: { ':draft': 'DRAFT', ':open': 'OPEN', ':d': draft, ':entry': [{ at, status: 'DRAFT', by: SYSTEM }] },
    }),
  );
  if (!marked) throw quarterPosted(quarter);
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
  const written = await updateIf({
    Key: keys.quarter(poleId, quarter),
    UpdateExpression: 'SET #status = :to, #history = list_append(#history, :entry)',
    // No token needed: if the workflow has not stored it yet, its approval task finds the decision here.
    ConditionExpression: '#status = :draft',
    ExpressionAttributeNames: { '#status': 'status', '#history': 'history' },
    ExpressionAttributeValues: { ':to': to, ':draft': 'DRAFT', ':entry': [{ at, status: to, by, ...(reason && { reason }) }] },
  });
  if (written) return quarterFrom(written);
  const current = await requireQuarter(poleId, quarter);
  throw new ConflictError('NOT_AWAITING_APPROVAL', `Le trimestre ${quarter} n’attend pas d’approbation (statut : ${current.status}).`, {
    quarter,
    status: current.status,
  });
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
  const written = await updateIf({
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

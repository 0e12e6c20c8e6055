import { createHash } from 'node:crypto';
import { NotFoundError } from '../domain/errors.ts';
import { REDRIVABLE_STATUSES } from '../domain/executions.ts';
import { executionName } from '../domain/poles.ts';
import { type AnyInputRow, INPUT_KINDS, type InputKind } from '../domain/quarter-inputs.ts';
import { previousQuarter } from '../domain/quarters.ts';
import { type ReconciliationInput, type ReconciliationResult, reconcile } from '../domain/reconciliation.ts';
import { hasSomethingToSay, statementMail } from '../domain/statements.ts';
import { mailer } from '../ports/mailer.ts';
import { workflowEngine } from '../ports/workflow-engine.ts';
import { listMembers } from '../store/members.ts';
import { getPole } from '../store/poles.ts';
import { inputRows, putInputRows } from '../store/quarter-inputs.ts';
import {
  awaitApproval,
  decideDraft,
  getQuarter,
  type InputRef,
  markDraft,
  nextAttempt,
  openQuarter,
  type Quarter,
  quarterPosted,
  requireQuarter,
  setCurrentInputs,
} from '../store/quarters.ts';
import { putStatements, statementsPage } from '../store/statements.ts';
import { sendOnce } from './mail.ts';
import { answerTask } from './tasks.ts';

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
  if (current.status === 'POSTED') throw quarterPosted(quarter);
  const importId = createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
  await putInputRows({ poleId, quarter, kind, importId }, rows);
  const ref: InputRef = { importId, rows: rows.length, importedAt: at, source };
  await setCurrentInputs(poleId, quarter, kind, ref);
  return ref;
}

/** Everything the reconciliation needs for a quarter, read from the current input sets and the members. */
async function reconciliationInput(poleId: string, quarter: Quarter): Promise<ReconciliationInput> {
  const rowsOf = (kind: InputKind) => {
    const ref = quarter.inputs[kind];
    return ref ? inputRows({ poleId, quarter: quarter.quarter, kind, importId: ref.importId }) : Promise.resolve([]);
  };
  const [[costLines, subsidies, advances, usage, fixedShares, adjustments], previous, members] = await Promise.all([
    Promise.all(INPUT_KINDS.map(rowsOf)),
    getQuarter(poleId, previousQuarter(quarter.quarter)),
    listMembers(poleId),
  ]);
  return {
    quarter: quarter.quarter,
    members: members.map(({ memberId, name, areaM2, fte, startDate, leaveDate }) => ({
      memberId,
      name,
      areaM2,
      fte,
      startDate,
      ...(leaveDate && { leaveDate }),
    })),
    costLines: costLines as never,
    subsidies: subsidies as never,
    advances: advances as never,
    usage: usage as never,
    fixedShares: fixedShares as never,
    adjustments: adjustments as never,
    carriedInCents: previous?.status === 'POSTED' ? (previous.carriedOutCents ?? 0) : 0,
  };
}

/**
 * Gathers the quarter's inputs, applies the reconciliation and writes a DRAFT statement per
 * member, then the quarter's draft summary. Deterministic: a retry rewrites the same. A data error
 * (e.g. a category nobody can carry) is thrown with its name and French message.
 */
export async function computeDraft(poleId: string, quarter: string, at: string): Promise<ReconciliationResult> {
  const result = reconcile(await reconciliationInput(poleId, await requireQuarter(poleId, quarter)));
  await putStatements(poleId, quarter, result.members);
  await markDraft(
    poleId,
    quarter,
    {
      computedAt: at,
      totalNetCents: result.totalNetCents,
      carriedInCents: result.carriedInCents,
      carriedOutCents: result.carriedOutCents,
      members: result.members.length,
      categories: result.categories,
    },
    at,
  );
  return result;
}

/**
 * Keeps the approval task's token on the quarter, where the admin's decision finds it. If the
 * draft was decided before an interruption, resumes the workflow at once with that decision.
 */
export async function awaitStatementsDecision(poleId: string, quarter: string, taskToken: string): Promise<Quarter> {
  const q = await awaitApproval(poleId, quarter, taskToken);
  if (q.status === 'APPROVED' || q.status === 'POSTED') await workflowEngine().sendTaskSuccess(taskToken, { decision: 'APPROVE' });
  else if (q.status === 'OPEN') await workflowEngine().sendTaskSuccess(taskToken, { decision: 'REJECT' });
  return q;
}

/**
 * An admin approves the draft statements (they are then posted and mailed) or sends them back to
 * be computed again; the decision is recorded on the quarter, then handed to the waiting task
 * (`delivered` false: no task waited on it any more, a run started again finds it on the quarter).
 */
export async function decideStatements(
  poleId: string,
  quarter: string,
  decision: { decision: 'APPROVE' | 'REJECT'; reason?: string | undefined },
  by: string,
  at: string,
): Promise<{ quarter: Quarter; delivered: boolean }> {
  const q = await decideDraft(poleId, quarter, decision.decision === 'APPROVE', by, at, decision.reason);
  return { quarter: q, delivered: await answerTask(q.taskToken, { decision: decision.decision }) };
}

interface QuarterRun {
  quarter: string;
  executionArn?: string;
  /** Set when the quarter is posted: running it again changes nothing. */
  posted?: boolean;
}

const RETRYABLE = new Set<string>(REDRIVABLE_STATUSES);

/**
 * Starts the reconciliation of a quarter, for the schedule and for admins alike. The execution is
 * named from the quarter and the attempt number: starting twice is the same execution; once a run
 * has failed (its data fixed since), the next start is the next attempt.
 */
export async function startQuarterRun(poleId: string, quarter: string, at: string): Promise<QuarterRun> {
  const engine = workflowEngine();
  const q = await openQuarter(poleId, quarter, at);
  if (q.status === 'POSTED') return { quarter, posted: true };
  let attempt = q.attempt;
  const nameOf = (n: number) => executionName(poleId, `recon-${quarter}-${n}`);
  const current = await engine.describe(engine.executionArnOf('quarterly-reconciliation', nameOf(attempt))).catch(() => undefined);
  if (current && RETRYABLE.has(current.status)) attempt = await nextAttempt(poleId, quarter, attempt);
  const { executionArn } = await engine.start('quarterly-reconciliation', nameOf(attempt), { poleId, quarter });
  return { quarter, executionArn };
}

/**
 * The schedule's start of a quarter's reconciliation: its run, unless one exists already. Any run
 * of the quarter (running, done or failed, started by the schedule or an admin) or a posted quarter
 * makes it a no-op, so that the schedule can fire every morning of the window and catch up a day
 * it missed without ever starting a second run (docs/reconciliation.md#schedule).
 */
export async function startScheduledRun(poleId: string, quarter: string, at: string): Promise<QuarterRun & { started: boolean }> {
  const engine = workflowEngine();
  const q = await openQuarter(poleId, quarter, at);
  if (q.status === 'POSTED') return { quarter, posted: true, started: false };
  const name = executionName(poleId, `recon-${quarter}-${q.attempt}`);
  const existing = await engine.describe(engine.executionArnOf('quarterly-reconciliation', name)).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (existing) return { quarter, executionArn: existing.executionArn, started: false };
  const { executionArn } = await engine.start('quarterly-reconciliation', name, { poleId, quarter });
  return { quarter, executionArn, started: true };
}

/** Mails each member of a page its statement, each mail at most once; `next` names where the following page starts. */
export async function mailStatementsPage(
  poleId: string,
  quarter: string,
  after: string | undefined,
  pageSize: number,
  at: string,
): Promise<{ sent: number; next?: string }> {
  const [pole, members, page] = await Promise.all([getPole(poleId), listMembers(poleId), statementsPage(poleId, quarter, after, pageSize)]);
  const emails = new Map(members.map((m) => [m.memberId, m.contactEmail]));
  let sent = 0;
  for (const statement of page.statements) {
    const to = emails.get(statement.memberId);
    if (!to || !hasSomethingToSay(statement)) continue;
    const result = await sendOnce(
      poleId,
      `STATEMENT#${quarter}#${statement.memberId}`,
      { to, ...statementMail(pole.name, quarter, statement) },
      mailer(),
      at,
    );
    if (result.sent) sent += 1;
  }
  return { sent, ...(page.next && { next: page.next }) };
}

import { createHash } from 'node:crypto';
import { approvalExpiredReason, approvalReminderMail, approvalSchedule } from '../domain/approval.ts';
import { nextCommitteeStep } from '../domain/committee.ts';
import { parisDate } from '../domain/dates.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { REDRIVABLE_STATUSES } from '../domain/executions.ts';
import { executionName } from '../domain/poles.ts';
import { type AnyInputRow, INPUT_KINDS, type InputKind } from '../domain/quarter-inputs.ts';
import { hasEnded, nextQuarter, previousQuarter, quarterSpan } from '../domain/quarters.ts';
import { NO_CREDITS, type ReconciliationInput, type ReconciliationResult, reconcile } from '../domain/reconciliation.ts';
import { hasSomethingToSay, statementMail } from '../domain/statements.ts';
import { publicBaseUrl } from '../ports/config.ts';
import { mailer } from '../ports/mailer.ts';
import { workflowEngine } from '../ports/workflow-engine.ts';
import { listMembers } from '../store/members.ts';
import { declareFirstQuarter, getPole } from '../store/poles.ts';
import { inputRows, putInputRows } from '../store/quarter-inputs.ts';
import {
  awaitApproval,
  carriedOutOf,
  changeQuarterData,
  decideDraft,
  expireDraft,
  getQuarter,
  type InputRef,
  type Invalidation,
  listQuarters,
  markDraft,
  nextAttempt,
  openQuarter,
  postQuarter,
  type Quarter,
  quarterPosted,
  requireQuarter,
} from '../store/quarters.ts';
import { putStatements, statementsPage } from '../store/statements.ts';
import { sendOnce } from './mail.ts';
import { answerTask } from './tasks.ts';

/**
 * The quarterly reconciliation's coordination (docs/reconciliation.md): imports, drafts kept true
 * to their data, approvals in quarter order, the approval wait, posting and mailing.
 */

// ——— A draft never outlives its data (docs/reconciliation.md#a-draft-never-outlives-its-data) ———

/** Tells the run waiting for approval of a draft sent back that it must compute it again (nothing to do if none waits). */
export async function wakeRun(invalidation: Invalidation | null): Promise<void> {
  await answerTask(invalidation?.taskToken, { decision: 'RECOMPUTE' });
}

/**
 * Member data changed from `fromQuarter` on: every quarter from then that has an item gets a new
 * revision (a DRAFT goes back to OPEN and its run computes it again). A 409 if one of them is
 * approved or posted — the caller undoes its change.
 */
export async function invalidateFrom(poleId: string, fromQuarter: string, reason: string, by: string, at: string): Promise<void> {
  const quarters = (await listQuarters(poleId)).filter((q) => q.quarter >= fromQuarter);
  for (const q of quarters) await wakeRun(await changeQuarterData(poleId, q.quarter, reason, by, at));
}

/**
 * A new member from `fromQuarter` on: the drafts of the quarters still open from then are computed
 * again. Approved and posted quarters are left as they are (a member approved late joins the next
 * quarter's statements; the days it missed go in as an adjustment).
 */
export async function invalidateOpenFrom(poleId: string, fromQuarter: string, reason: string, at: string): Promise<void> {
  const quarters = (await listQuarters(poleId)).filter((q) => q.quarter >= fromQuarter && (q.status === 'OPEN' || q.status === 'DRAFT'));
  for (const q of quarters) {
    try {
      await wakeRun(await changeQuarterData(poleId, q.quarter, reason, 'système', at));
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error; // approved meanwhile: left as it is
    }
  }
}

/** The first approved or posted quarter from `fromQuarter` on, if any: the data before it no longer changes. */
export async function frozenFrom(poleId: string, fromQuarter: string): Promise<Quarter | undefined> {
  return (await listQuarters(poleId)).find((q) => q.quarter >= fromQuarter && (q.status === 'APPROVED' || q.status === 'POSTED'));
}

// ——— Inputs and drafts ———

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
): Promise<InputRef & { draftRecomputed: boolean }> {
  const current = await openQuarter(poleId, quarter, at);
  if (current.status === 'POSTED' || current.status === 'APPROVED') throw quarterPosted(quarter, current.status);
  const importId = createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16);
  await putInputRows({ poleId, quarter, kind, importId }, rows);
  const ref: InputRef = { importId, rows: rows.length, importedAt: at, source };
  const invalidation = await changeQuarterData(
    poleId,
    quarter,
    `Nouvelles données importées (${kind}) : le brouillon est recalculé.`,
    by,
    at,
    {
      expression: 'inputs.#kind = :ref',
      names: { '#kind': kind },
      values: { ':ref': ref },
    },
  );
  await wakeRun(invalidation);
  return { ...ref, draftRecomputed: invalidation?.invalidated === true };
}

/** Everything the reconciliation needs for a quarter, read from the current input sets and the members. */
async function reconciliationInput(poleId: string, quarter: Quarter): Promise<{ input: ReconciliationInput; previousPosted: boolean }> {
  const rowsOf = (kind: InputKind) => {
    const ref = quarter.inputs[kind];
    return ref ? inputRows({ poleId, quarter: quarter.quarter, kind, importId: ref.importId }) : Promise.resolve([]);
  };
  const [[costLines, subsidies, advances, usage, fixedShares, adjustments], previous, members] = await Promise.all([
    Promise.all(INPUT_KINDS.map(rowsOf)),
    getQuarter(poleId, previousQuarter(quarter.quarter)),
    listMembers(poleId),
  ]);
  const previousPosted = previous?.status === 'POSTED';
  return {
    previousPosted,
    input: {
      quarter: quarter.quarter,
      members: members.map(({ memberId, name, areaM2, fte, startDate, leaveDate, changes }) => ({
        memberId,
        name,
        areaM2,
        fte,
        startDate,
        ...(leaveDate && { leaveDate }),
        changes: (changes ?? []).map(({ effectiveDate, areaM2, fte }) => ({ effectiveDate, areaM2, fte })),
      })),
      costLines: costLines as never,
      subsidies: subsidies as never,
      advances: advances as never,
      usage: usage as never,
      fixedShares: fixedShares as never,
      adjustments: adjustments as never,
      carriedIn: previousPosted ? carriedOutOf(previous) : NO_CREDITS,
    },
  };
}

/** Times a draft is computed again when its data changes while it is being computed, before the run fails (and is retried). */
const COMPUTE_ATTEMPTS = 5;

/**
 * Gathers the quarter's inputs and members (with their dated changes), applies the reconciliation
 * and writes a DRAFT statement per member, then the quarter's draft summary — saved only if the
 * quarter's revision has not moved since its data was read (otherwise it computes again). A data
 * error (e.g. a category nobody can carry) is thrown with its name and French message.
 */
export async function computeDraft(poleId: string, quarter: string, at: string): Promise<ReconciliationResult> {
  for (let attempt = 1; attempt <= COMPUTE_ATTEMPTS; attempt++) {
    const q = await requireQuarter(poleId, quarter);
    const { input, previousPosted } = await reconciliationInput(poleId, q);
    const result = reconcile(input);
    await putStatements(poleId, quarter, result.members);
    const saved = await markDraft(
      poleId,
      quarter,
      {
        computedAt: at,
        revision: q.revision ?? 0,
        previousPosted,
        totalGrossCents: result.totalGrossCents,
        totalNetCents: result.totalNetCents,
        subsidiesCents: result.subsidiesCents,
        carriedIn: result.carriedIn,
        carriedOut: result.carriedOut,
        members: result.members.length,
        categories: result.categories,
        approvalWait: approvalSchedule(new Date(at)),
      },
      at,
    );
    if (saved) return result;
  }
  throw Object.assign(new Error(`the data of ${quarter} kept changing while its draft was computed`), { name: 'DraftKeptChanging' });
}

// ——— Approval ———

/**
 * Keeps the approval task's token on the quarter, where the admin's decision finds it. If the
 * draft was decided (or its data changed) before the token was kept, resumes the workflow at once:
 * APPROVE goes on to posting, anything else computes the draft again.
 */
export async function awaitStatementsDecision(poleId: string, quarter: string, taskToken: string): Promise<Quarter> {
  const q = await awaitApproval(poleId, quarter, taskToken);
  if (q.status === 'APPROVED' || q.status === 'POSTED') await workflowEngine().sendTaskSuccess(taskToken, { decision: 'APPROVE' });
  else if (q.status === 'OPEN') await workflowEngine().sendTaskSuccess(taskToken, { decision: 'RECOMPUTE' });
  return q;
}

/**
 * What an approval needs besides a current draft: the quarter has ended, and it is the pôle's
 * first quarter or the one before it is posted (so its carried credit is in the draft). The first
 * quarter is declared once, on the pôle's profile or by the approval that says `firstQuarter`.
 * Returns whether the quarter is the pôle's first.
 */
async function checkApprovable(poleId: string, quarter: string, declaresFirst: boolean, today: string): Promise<boolean> {
  if (!hasEnded(quarter, today)) {
    throw new ConflictError(
      'QUARTER_NOT_ENDED',
      `Le trimestre ${quarter} n’est pas terminé (il se termine le ${quarterSpan(quarter).end}, exclu) : ses relevés ne sont qu’un aperçu.`,
      { quarter },
    );
  }
  let first = (await getPole(poleId)).firstQuarter;
  if (!first) {
    if (!declaresFirst) {
      throw new ConflictError(
        'FIRST_QUARTER_UNDECLARED',
        `Le premier trimestre du pôle n’est pas déclaré. Si ${quarter} est le premier trimestre rapproché, approuvez-le avec « premier trimestre » (firstQuarter: true).`,
        { quarter },
      );
    }
    const earlier = (await listQuarters(poleId)).find((q) => q.quarter < quarter);
    if (earlier) {
      throw new ConflictError(
        'FIRST_QUARTER_REFUSED',
        `${quarter} ne peut pas être le premier trimestre du pôle : le trimestre ${earlier.quarter} a déjà des données.`,
        { quarter, earlierQuarter: earlier.quarter },
      );
    }
    await declareFirstQuarter(poleId, quarter);
    first = quarter;
  } else if (declaresFirst && first !== quarter) {
    throw new ConflictError('FIRST_QUARTER_DECLARED', `Le premier trimestre du pôle est déjà ${first}.`, { firstQuarter: first });
  }
  if (quarter < first) {
    throw new ConflictError('BEFORE_FIRST_QUARTER', `Le trimestre ${quarter} précède le premier trimestre du pôle (${first}).`, {
      quarter,
      firstQuarter: first,
    });
  }
  if (quarter > first) {
    const previous = await getQuarter(poleId, previousQuarter(quarter));
    if (previous?.status !== 'POSTED') {
      throw new ConflictError(
        'PREVIOUS_NOT_POSTED',
        `Le trimestre précédent (${previousQuarter(quarter)}) n’est pas comptabilisé${previous ? '' : ' (aucune donnée)'} : approuvez-le d’abord, pour que ses crédits reportés entrent dans ${quarter}.`,
        { quarter, previousQuarter: previousQuarter(quarter), previousStatus: previous?.status ?? null },
      );
    }
  }
  return quarter === first;
}

/**
 * An admin approves the draft statements (they are then posted and mailed; only in quarter order,
 * once the quarter has ended) or sends them back to be computed again; the decision is recorded
 * on the quarter, then handed to the waiting task (`delivered` false: no task waited on it any
 * more, a run started again finds it on the quarter).
 */
export async function decideStatements(
  poleId: string,
  quarter: string,
  decision: { decision: 'APPROVE' | 'REJECT'; reason?: string | undefined; firstQuarter?: boolean | undefined },
  by: string,
  at: string,
): Promise<{ quarter: Quarter; delivered: boolean }> {
  const approve = decision.decision === 'APPROVE';
  const isFirst = approve && (await checkApprovable(poleId, quarter, decision.firstQuarter === true, parisDate(new Date(at))));
  const q = await decideDraft(poleId, quarter, { approve, requirePreviousPosted: approve && !isFirst, by, at, reason: decision.reason });
  return { quarter: q, delivered: await answerTask(q.taskToken, { decision: decision.decision }) };
}

/** Safeguard wait once decided: the approval task answers itself at once. */
const DECIDED_WAIT_SECONDS = 3600;

/**
 * Before each wait for approval (docs/reconciliation.md#approval): mails the staff the reminder
 * that is due (once per draft and reminder), and says how long to wait — or, past the limit,
 * sends the draft back and says so.
 */
export async function planApprovalWait(poleId: string, quarter: string, now: Date): Promise<{ expired: boolean; waitSeconds: number }> {
  const q = await requireQuarter(poleId, quarter);
  if (q.status !== 'DRAFT' || !q.draft) return { expired: false, waitSeconds: DECIDED_WAIT_SECONDS };
  const draft = { quarter, ...q.draft };
  const step = nextCommitteeStep(draft.approvalWait, now);
  if (step.kind === 'expired') {
    const after = await expireDraft(poleId, quarter, draft.computedAt, approvalExpiredReason(quarter), now.toISOString());
    return after.status === 'OPEN' ? { expired: true, waitSeconds: 0 } : { expired: false, waitSeconds: DECIDED_WAIT_SECONDS };
  }
  if (step.dueReminder !== undefined) {
    const pole = await getPole(poleId);
    const daysLeft = Math.ceil((Date.parse(draft.approvalWait.expiresAt) - now.getTime()) / 86_400_000);
    await sendOnce(
      poleId,
      `APPROVAL-REMINDER-${step.dueReminder + 1}#${quarter}#${draft.computedAt}`,
      {
        to: pole.staffEmail ?? pole.committeeEmail,
        ...approvalReminderMail(pole.name, draft, daysLeft, `${publicBaseUrl()}/admin`),
      },
      mailer(),
      now.toISOString(),
    );
  }
  return { expired: false, waitSeconds: step.waitSeconds };
}

/** Posts an approved quarter (a retry is a no-op); the next quarter's draft, if any, is computed again with the credits it carries. */
export async function postAndCarryForward(poleId: string, quarter: string, at: string): Promise<Quarter> {
  const posted = await postQuarter(poleId, quarter, at);
  const next = await getQuarter(poleId, nextQuarter(quarter));
  if (next && (next.status === 'OPEN' || next.status === 'DRAFT')) {
    await wakeRun(
      await changeQuarterData(
        poleId,
        next.quarter,
        `Le trimestre ${quarter} est comptabilisé : ses crédits reportés entrent dans ce trimestre, recalculé.`,
        'système',
        at,
      ),
    );
  }
  return posted;
}

// ——— Runs and mails ———

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
 * has failed (its data fixed since, or its approval wait over), the next start is the next attempt.
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

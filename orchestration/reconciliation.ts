import { approvalExpiredReason, approvalReminderMail, approvalSchedule } from '../domain/approval.ts';
import { nextCommitteeStep } from '../domain/committee.ts';
import { parisDate } from '../domain/dates.ts';
import { ConflictError } from '../domain/errors.ts';
import type { AnyInputRow, InputKind } from '../domain/quarter-inputs.ts';
import { hasEnded, nextQuarter, previousQuarter, quarterSpan } from '../domain/quarters.ts';
import { reconcile } from '../domain/reconciliation.ts';
import { logger } from '../functions/shared/logger.ts';
import { clock } from '../ports/clock.ts';
import { config } from '../ports/config.ts';
import { mailer } from '../ports/mailer.ts';
import { workflowEngine } from '../ports/workflow-engine.ts';
import { sendOnce } from '../store/mail-log.ts';
import { listMembers } from '../store/members.ts';
import { declareFirstQuarter, getPole } from '../store/poles.ts';
import {
  changeQuarterData,
  decideDraft,
  expireDraft,
  getQuarter,
  type InputRef,
  importInputs,
  listQuarters,
  loadInputs,
  postQuarter,
  type Quarter,
  requireQuarter,
  saveDraft,
} from '../store/reconciliation.ts';
import { wakeRun } from './quarter-data.ts';

/** Times a draft is computed again when its data changes while it is being computed, before the run fails (and is retried). */
const COMPUTE_ATTEMPTS = 5;

/**
 * Computes the quarter's draft from the data of its current revision and saves it only if that
 * revision still holds (an import or a member change meanwhile means computing again).
 */
export async function computeDraft(poleId: string, quarter: string) {
  for (let attempt = 1; attempt <= COMPUTE_ATTEMPTS; attempt++) {
    const q = await requireQuarter(poleId, quarter);
    const [{ inputs, previousPosted }, members] = await Promise.all([loadInputs(poleId, q), listMembers(poleId)]);
    const result = reconcile({
      quarter,
      members: members.map(({ memberId, name, areaM2, fte, startDate, leaveDate, changes }) => ({
        memberId,
        name,
        areaM2,
        fte,
        startDate,
        ...(leaveDate && { leaveDate }),
        changes: (changes ?? []).map(({ effectiveDate, areaM2, fte }) => ({ effectiveDate, areaM2, fte })),
      })),
      ...inputs,
    });
    const now = clock().now();
    if (await saveDraft(poleId, result, { revision: q.revision ?? 0, previousPosted }, approvalSchedule(now), now.toISOString())) {
      return { members: result.members.length, totalNetCents: result.totalNetCents, carriedOut: result.carriedOut };
    }
  }
  throw Object.assign(new Error(`the data of ${quarter} kept changing while its draft was computed`), { name: 'DraftKeptChanging' });
}

/** Replaces one kind of a quarter's inputs; a draft awaiting approval is computed again from them. */
export async function importQuarterInputs(
  poleId: string,
  quarter: string,
  kind: InputKind,
  rows: readonly AnyInputRow[],
  source: InputRef['source'],
  by: string,
): Promise<{ ref: InputRef; draftRecomputed: boolean }> {
  const { ref, invalidation } = await importInputs(poleId, quarter, kind, rows, source, clock().now().toISOString(), by);
  await wakeRun(invalidation);
  return { ref, draftRecomputed: invalidation.invalidated };
}

/**
 * What an approval needs besides a current draft: the quarter has ended, and it is the pôle's
 * first quarter or the one before it is posted (so its carried credit is in the draft). The first
 * quarter is declared once, on the pôle's profile or by the approval that says `firstQuarter`.
 */
async function checkApprovable(poleId: string, quarter: string, declaresFirst: boolean): Promise<{ first: string }> {
  const today = parisDate(clock().now());
  if (!hasEnded(quarter, today)) {
    throw new ConflictError(
      'QUARTER_NOT_ENDED',
      `Le trimestre ${quarter} n’est pas terminé (il se termine le ${quarterSpan(quarter).end}, exclu) : ses relevés ne sont qu’un aperçu.`,
      { quarter },
    );
  }
  const pole = await getPole(poleId);
  let first = pole.firstQuarter;
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
  return { first };
}

/** An admin's decision on a quarter's drafts; the waiting run goes on (posting) or computes again. */
export async function decideStatements(
  poleId: string,
  quarter: string,
  body: { decision: 'APPROVE' | 'REJECT'; reason?: string; firstQuarter?: boolean },
  by: string,
): Promise<Quarter> {
  const approve = body.decision === 'APPROVE';
  const requirePreviousPosted = approve && (await checkApprovable(poleId, quarter, body.firstQuarter === true)).first !== quarter;
  const q = await decideDraft(poleId, quarter, {
    approve,
    requirePreviousPosted,
    by,
    at: clock().now().toISOString(),
    reason: body.reason,
  });
  try {
    if (q.taskToken) await workflowEngine().sendTaskSuccess(q.taskToken, { decision: body.decision });
  } catch (error) {
    // Recorded on the quarter: the run's approval task picks the decision up there.
    if (!(error instanceof ConflictError)) throw error;
    logger.warn('statement decision recorded, task token no longer pending', { quarter });
  }
  return q;
}

/** Posts an approved quarter; the next quarter's draft, if any, is computed again with the credits it carries. */
export async function postAndCarryForward(poleId: string, quarter: string): Promise<Quarter> {
  const at = clock().now().toISOString();
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

/** Safeguard wait once decided: the approval task answers itself at once. */
const DECIDED_WAIT_SECONDS = 3600;

/**
 * Before each wait for approval: mails the staff the reminder that is due (once per draft and
 * reminder), and says how long to wait — or, past the limit, sends the draft back and says so.
 */
export async function planApprovalWait(poleId: string, quarter: string): Promise<{ expired: boolean; waitSeconds: number }> {
  const now = clock().now();
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
    const mail = approvalReminderMail(pole.name, draft, daysLeft, `${config().PUBLIC_BASE_URL}/admin`);
    await sendOnce(
      poleId,
      `APPROVAL-REMINDER-${step.dueReminder + 1}#${quarter}#${draft.computedAt}`,
      { to: pole.staffEmail ?? pole.committeeEmail, ...mail },
      mailer(),
      now.toISOString(),
    );
  }
  return { expired: false, waitSeconds: step.waitSeconds };
}

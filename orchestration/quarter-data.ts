import { ConflictError } from '../domain/errors.ts';
import { logger } from '../functions/shared/logger.ts';
import { workflowEngine } from '../ports/workflow-engine.ts';
import { changeQuarterData, type Invalidation, listQuarters } from '../store/reconciliation.ts';

/**
 * Keeping drafts true to their data (docs/reconciliation.md#a-draft-never-outlives-its-data):
 * whatever changes a quarter's data sends its waiting draft back to be computed, and tells the run
 * waiting for its approval to compute it again.
 */

/** Tells a run waiting for approval that its draft must be computed again (nothing to do if it no longer waits). */
export async function wakeRun(invalidation: Invalidation | null): Promise<void> {
  if (!invalidation?.taskToken) return;
  try {
    await workflowEngine().sendTaskSuccess(invalidation.taskToken, { decision: 'RECOMPUTE' });
  } catch (error) {
    // The run stored the token but no longer waits (restarted): its approval task finds the quarter OPEN.
    if (!(error instanceof ConflictError)) throw error;
    logger.warn('draft invalidated, approval task no longer pending', { quarter: invalidation.quarter.quarter });
  }
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
export async function frozenFrom(poleId: string, fromQuarter: string): Promise<{ quarter: string; status: string } | undefined> {
  return (await listQuarters(poleId)).find((q) => q.quarter >= fromQuarter && (q.status === 'APPROVED' || q.status === 'POSTED'));
}

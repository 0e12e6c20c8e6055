import { clock } from '../../ports/clock.ts';
import { computeDraft } from '../../services/reconciliation.ts';
import { taskHandler } from '../common/task.ts';
import { quarterRef } from './schemas.ts';

/**
 * Workflow task: gathers the quarter's inputs and members, applies the reconciliation's rules 1–4
 * (docs/reconciliation.md) and writes a DRAFT statement per member. A data error (e.g. a category
 * nobody can carry) fails the execution with its name and French message; the admin fixes the data
 * and starts the quarter's run again.
 */
export const handler = taskHandler(quarterRef, async ({ poleId, quarter }) => {
  const result = await computeDraft(poleId, quarter, clock().now().toISOString());
  return { members: result.members.length, totalNetCents: result.totalNetCents, carriedOut: result.carriedOut };
});

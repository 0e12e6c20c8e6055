import * as z from 'zod';
import { awaitStatementsDecision } from '../../services/reconciliation.ts';
import { taskHandler } from '../common/task.ts';
import { quarterRef } from './schemas.ts';

/**
 * Workflow task (`.waitForTaskToken`): keeps the approval token on the quarter, where the admin's
 * decision finds it. If the draft was decided before an interruption, resumes with that decision.
 */
export const handler = taskHandler(quarterRef.extend({ taskToken: z.string().min(1) }), async ({ poleId, quarter, taskToken }) => {
  const q = await awaitStatementsDecision(poleId, quarter, taskToken);
  return { status: q.status };
});

import * as z from 'zod';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { awaitApproval } from '../../store/reconciliation.ts';
import { taskHandler } from '../shared/task.ts';
import { quarterRef } from './schemas.ts';

/**
 * Workflow task (`.waitForTaskToken`): keeps the approval token on the quarter, where the admin's
 * decision finds it. If the draft was decided (or its data changed) before the token was kept,
 * resumes at once: APPROVE goes on to posting, anything else computes the draft again.
 */
export const handler = taskHandler(quarterRef.extend({ taskToken: z.string().min(1) }), async ({ poleId, quarter, taskToken }) => {
  const q = await awaitApproval(poleId, quarter, taskToken);
  if (q.status === 'APPROVED' || q.status === 'POSTED') await workflowEngine().sendTaskSuccess(taskToken, { decision: 'APPROVE' });
  else if (q.status === 'OPEN') await workflowEngine().sendTaskSuccess(taskToken, { decision: 'RECOMPUTE' });
  return { status: q.status };
});

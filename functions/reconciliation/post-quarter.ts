import { clock } from '../../ports/clock.ts';
import { postAndCarryForward } from '../../services/reconciliation.ts';
import { taskHandler } from '../common/task.ts';
import { quarterRef } from './schemas.ts';

/** Workflow task: the approved quarter is posted, immutable from then on (a retry is a no-op); its credits flow into the next. */
export const handler = taskHandler(quarterRef, async ({ poleId, quarter }) => {
  const q = await postAndCarryForward(poleId, quarter, clock().now().toISOString());
  return { status: q.status };
});

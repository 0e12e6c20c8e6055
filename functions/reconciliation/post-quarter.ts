import { clock } from '../../ports/clock.ts';
import { postQuarter } from '../../store/quarters.ts';
import { taskHandler } from '../shared/task.ts';
import { quarterRef } from './schemas.ts';

/** Workflow task: the approved quarter is posted, immutable from then on (a retry is a no-op). */
export const handler = taskHandler(quarterRef, async ({ poleId, quarter }) => {
  const q = await postQuarter(poleId, quarter, clock().now().toISOString());
  return { status: q.status, carriedOutCents: q.carriedOutCents ?? 0 };
});

import { clock } from '../../ports/clock.ts';
import { openQuarter } from '../../store/quarters.ts';
import { taskHandler } from '../common/task.ts';
import { quarterRef } from './schemas.ts';

/** Workflow task: opens the quarter if needed; a posted quarter makes the whole run a no-op. */
export const handler = taskHandler(quarterRef, async ({ poleId, quarter }) => {
  const q = await openQuarter(poleId, quarter, clock().now().toISOString());
  return { posted: q.status === 'POSTED', status: q.status };
});

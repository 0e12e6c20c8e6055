import * as z from 'zod';
import { firstWorkingDay } from '../../domain/calendar.ts';
import { parisDate } from '../../domain/dates.ts';
import { poleIdSchema } from '../../domain/ids.ts';
import { previousQuarter, quarterOf } from '../../domain/quarters.ts';
import { clock } from '../../ports/clock.ts';
import { startQuarterRun } from '../../services/reconciliation.ts';
import { taskHandler } from '../shared/task.ts';

/**
 * The schedule's target (EventBridge Scheduler in AWS, croner locally): fires on the first mornings
 * of each quarter and starts, on the first working day, the reconciliation of the quarter just ended.
 */
export const handler = taskHandler(z.object({ poleId: poleIdSchema }), async ({ poleId }) => {
  const now = clock().now();
  const today = parisDate(now);
  const quarter = quarterOf(today);
  if (today !== firstWorkingDay(quarter)) return { started: false, today, firstWorkingDay: firstWorkingDay(quarter) };
  return { started: true, ...(await startQuarterRun(poleId, previousQuarter(quarter), now.toISOString())) };
});

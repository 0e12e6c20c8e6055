import * as z from 'zod';
import { firstWorkingDay } from '../../domain/calendar.ts';
import { parisDate } from '../../domain/dates.ts';
import { poleIdSchema } from '../../domain/ids.ts';
import { previousQuarter, quarterOf } from '../../domain/quarters.ts';
import { clock } from '../../ports/clock.ts';
import { startScheduledRun } from '../../services/reconciliation.ts';
import { taskHandler } from '../common/task.ts';

/**
 * The schedule's target (EventBridge Scheduler in AWS, croner locally), every morning of the first
 * two weeks of each quarter: from the quarter's first working day on, starts the reconciliation of
 * the quarter just ended unless it has a run already, so that a missed morning (an outage, a failed
 * invocation) is caught up the next day, and a second morning is a no-op.
 */
export const handler = taskHandler(z.object({ poleId: poleIdSchema }), async ({ poleId }) => {
  const now = clock().now();
  const today = parisDate(now);
  const quarter = quarterOf(today);
  const first = firstWorkingDay(quarter);
  if (today < first) return { started: false, today, firstWorkingDay: first };
  return { ...(await startScheduledRun(poleId, previousQuarter(quarter), now.toISOString())), firstWorkingDay: first };
});

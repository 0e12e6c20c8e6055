import { parisDate } from '../../domain/dates.ts';
import { previousQuarter, quarterOf } from '../../domain/quarters.ts';
import { clock } from '../../ports/clock.ts';
import { listQuarters } from '../../store/quarters.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES, type QuarterSummary, quarterSummary } from './schemas.ts';

/**
 * GET /admin/reconciliations — the pôle's quarters, the latest first (status, inputs, draft totals),
 * with the current quarter and the one just ended, which the back-office offers to prepare.
 */
export const handler = httpHandler(
  ADMIN_ROUTES.ListQuarters,
  async ({ admin }): Promise<{ quarters: QuarterSummary[]; current: string; previous: string }> => {
    const current = quarterOf(parisDate(clock().now()));
    const quarters = (await listQuarters(admin.poleId)).map(quarterSummary).reverse();
    return { quarters, current, previous: previousQuarter(current) };
  },
);

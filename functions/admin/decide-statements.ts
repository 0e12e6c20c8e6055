import { clock } from '../../ports/clock.ts';
import { decideStatements } from '../../services/reconciliation.ts';
import { httpHandler } from '../common/http.ts';
import { logger } from '../common/logger.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/**
 * POST /admin/reconciliations/{quarter}/decision — approve the draft statements (they are posted
 * and mailed; only once the quarter has ended and the one before it is posted), or send them back
 * to be computed again.
 */
export const handler = httpHandler(ADMIN_ROUTES.DecideStatements, async ({ admin, path: { quarter }, body }) => {
  const { quarter: q, delivered } = await decideStatements(admin.poleId, quarter, body, admin.subject, clock().now().toISOString());
  // Not delivered: recorded on the quarter, where a run started again picks the decision up.
  if (!delivered && q.taskToken) logger.warn('statement decision recorded, task token no longer pending', { quarter });
  return { quarter, status: q.status };
});

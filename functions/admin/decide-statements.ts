import * as z from 'zod';
import { quarterSchema } from '../../domain/ids.ts';
import { clock } from '../../ports/clock.ts';
import { decideStatements } from '../../services/reconciliation.ts';
import { httpHandler } from '../shared/http.ts';
import { logger } from '../shared/logger.ts';

const decision = z.strictObject({
  decision: z.enum(['APPROVE', 'REJECT']),
  reason: z.string().trim().min(1).max(1000).optional(),
  /** Declares this quarter the pôle's first (only when none is declared and no earlier quarter has data). */
  firstQuarter: z.boolean().optional(),
});

/**
 * POST /admin/reconciliations/{quarter}/decision — approve the draft statements (they are posted
 * and mailed; only once the quarter has ended and the one before it is posted), or send them back
 * to be computed again.
 */
export const handler = httpHandler(
  { auth: 'admin', path: z.object({ quarter: quarterSchema }), body: decision },
  async ({ admin, path: { quarter }, body }) => {
    const { quarter: q, delivered } = await decideStatements(admin.poleId, quarter, body, admin.subject, clock().now().toISOString());
    // Not delivered: recorded on the quarter, where a run started again picks the decision up.
    if (!delivered && q.taskToken) logger.warn('statement decision recorded, task token no longer pending', { quarter });
    return { quarter, status: q.status };
  },
);

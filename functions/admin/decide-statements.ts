import * as z from 'zod';
import { decideStatements } from '../../orchestration/reconciliation.ts';
import { quarterSchema } from '../reconciliation/schemas.ts';
import { httpHandler } from '../shared/http.ts';

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
    const q = await decideStatements(admin!.poleId, quarter, body, admin!.subject);
    return { quarter, status: q.status };
  },
);

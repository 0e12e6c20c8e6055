import * as z from 'zod';
import { ConflictError } from '../../domain/errors.ts';
import { quarterSchema } from '../../domain/ids.ts';
import { clock } from '../../ports/clock.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { decideDraft } from '../../store/reconciliation.ts';
import { httpHandler } from '../shared/http.ts';
import { logger } from '../shared/logger.ts';

const decision = z.strictObject({ decision: z.enum(['APPROVE', 'REJECT']), reason: z.string().trim().min(1).max(1000).optional() });

/**
 * POST /admin/reconciliations/{quarter}/decision — approve the draft statements (they are posted
 * and mailed), or send them back to be computed again after the data was corrected.
 */
export const handler = httpHandler(
  { auth: 'admin', path: z.object({ quarter: quarterSchema }), body: decision },
  async ({ admin, path: { quarter }, body }) => {
    const q = await decideDraft(
      admin.poleId,
      quarter,
      body.decision === 'APPROVE',
      admin.subject,
      clock().now().toISOString(),
      body.reason,
    );
    try {
      if (q.taskToken) await workflowEngine().sendTaskSuccess(q.taskToken, { decision: body.decision });
    } catch (error) {
      // Recorded on the quarter: a run started again picks the decision up there.
      if (!(error instanceof ConflictError)) throw error;
      logger.warn('statement decision recorded, task token no longer pending', { quarter });
    }
    return { quarter, status: q.status };
  },
);

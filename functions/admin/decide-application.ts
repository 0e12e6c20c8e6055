import * as z from 'zod';
import { decisionSchema } from '../../domain/application.ts';
import { ConflictError } from '../../domain/errors.ts';
import { applicationIdSchema } from '../../domain/ids.ts';
import { clock } from '../../ports/clock.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { decideApplication } from '../../store/onboarding.ts';
import { httpHandler } from '../shared/http.ts';
import { logger } from '../shared/logger.ts';
import { publicApplication } from './views.ts';

/** POST /admin/applications/{applicationId}/decision — the committee approves or rejects. */
export const handler = httpHandler(
  { auth: 'admin', path: z.object({ applicationId: applicationIdSchema }), body: decisionSchema },
  async ({ admin, path: { applicationId }, body: decision }) => {
    const { poleId, subject } = admin;
    const application = await decideApplication(poleId, applicationId, decision, subject, clock().now().toISOString());
    try {
      await workflowEngine().sendTaskSuccess(application.taskToken!, application.decision);
    } catch (error) {
      // The decision is recorded on the application: a workflow started again picks it up there.
      if (!(error instanceof ConflictError)) throw error;
      logger.warn('decision recorded, task token no longer pending', { applicationId });
    }
    logger.info('committee decision recorded', { poleId, applicationId, status: application.status });
    return publicApplication(application);
  },
);

import { clock } from '../../ports/clock.ts';
import { decideApplication } from '../../services/onboarding.ts';
import { httpHandler } from '../common/http.ts';
import { logger } from '../common/logger.ts';
import { ADMIN_ROUTES, publicApplication } from './schemas.ts';

/** POST /admin/applications/{applicationId}/decision — the committee approves or rejects. */
export const handler = httpHandler(ADMIN_ROUTES.DecideApplication, async ({ admin, path: { applicationId }, body: decision }) => {
  const { poleId, subject } = admin;
  const { application, delivered } = await decideApplication(poleId, applicationId, decision, subject, clock().now().toISOString());
  // Not delivered: the decision is recorded on the application, where a workflow started again picks it up.
  if (!delivered) logger.warn('decision recorded, task token no longer pending', { applicationId });
  logger.info('committee decision recorded', { poleId, applicationId, status: application.status });
  return publicApplication(application);
});

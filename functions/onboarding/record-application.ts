import { clock } from '../../ports/clock.ts';
import { recordOrReopenApplication } from '../../services/onboarding.ts';
import { logger } from '../shared/logger.ts';
import { taskHandler } from '../shared/task.ts';
import { onboardingInput } from './schemas.ts';

/**
 * Workflow task: records the application with its committee dates (idempotent: a retry finds it
 * recorded). An execution redriven after a failure finds it FAILED and reopens it where it failed.
 */
export const handler = taskHandler(onboardingInput, async ({ poleId, applicationId, form }) => {
  const application = await recordOrReopenApplication(poleId, applicationId, form, clock().now());
  logger.info('application recorded', { poleId, applicationId, status: application.status });
  return { status: application.status };
});

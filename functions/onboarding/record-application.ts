import { committeeSchedule } from '../../domain/committee.ts';
import { clock } from '../../ports/clock.ts';
import { recordApplication } from '../../store/applications.ts';
import { reopenFailedApplication } from '../../store/onboarding.ts';
import { logger } from '../shared/logger.ts';
import { taskHandler } from '../shared/task.ts';
import { onboardingInput } from './schemas.ts';

/**
 * Workflow task: records the application with its committee dates (idempotent: a retry finds it
 * recorded). An execution redriven after a failure finds it FAILED and reopens it where it failed.
 */
export const handler = taskHandler(onboardingInput, async ({ poleId, applicationId, form }) => {
  const now = clock().now();
  const recorded = await recordApplication(poleId, applicationId, form, now.toISOString(), committeeSchedule(now));
  const application = recorded.status === 'FAILED' ? await reopenFailedApplication(poleId, applicationId, now.toISOString()) : recorded;
  logger.info('application recorded', { poleId, applicationId, status: application.status });
  return { status: application.status };
});

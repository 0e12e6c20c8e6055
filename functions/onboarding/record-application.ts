import { committeeSchedule } from '../../domain/committee.ts';
import { clock } from '../../ports/clock.ts';
import { recordApplication } from '../../store/applications.ts';
import { taskHandler } from '../shared/task.ts';
import { onboardingInput } from './schemas.ts';

/** Workflow task: records the application with its committee dates (idempotent: a retry finds it recorded). */
export const handler = taskHandler(onboardingInput, async ({ poleId, applicationId, form }) => {
  const now = clock().now();
  const application = await recordApplication(poleId, applicationId, form, now.toISOString(), committeeSchedule(now));
  return { status: application.status };
});

import { clock } from '../../ports/clock.ts';
import { recordApplication } from '../../store/applications.ts';
import { taskHandler } from '../shared/task.ts';
import { onboardingInput } from './schemas.ts';

/** Workflow task: records the application (idempotent: a retry finds it recorded). */
export const handler = taskHandler(onboardingInput, async ({ poleId, applicationId, form }) => {
  const application = await recordApplication(poleId, applicationId, form, clock().now().toISOString());
  return { poleId, applicationId, status: application.status };
});

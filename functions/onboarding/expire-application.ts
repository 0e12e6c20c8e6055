import { clock } from '../../ports/clock.ts';
import { expireApplication } from '../../services/onboarding.ts';
import { taskHandler } from '../common/task.ts';
import { applicationRef } from './schemas.ts';

/**
 * Workflow task, at the committee's deadline (a business outcome): the application expires and
 * gives back its SIRET claim. The workflow's only compensation: a technical failure compensates
 * nothing, it fails the execution at its task for a redrive to resume.
 */
export const handler = taskHandler(applicationRef, async ({ poleId, applicationId }) =>
  expireApplication(poleId, applicationId, clock().now().toISOString()),
);

import { clock } from '../../ports/clock.ts';
import { checkApplication } from '../../services/onboarding.ts';
import { taskHandler } from '../common/task.ts';
import { applicationRef } from './schemas.ts';

/**
 * Workflow task: the automatic checks (legal form accepted, area fits the building's free area)
 * and the contribution estimate shown to the committee. A failed check rejects the application
 * automatically, with its reasons, and frees its SIRET.
 */
export const handler = taskHandler(applicationRef, async ({ poleId, applicationId }) =>
  checkApplication(poleId, applicationId, clock().now()),
);

import * as z from 'zod';
import { clock } from '../../ports/clock.ts';
import { closeApplication } from '../../services/onboarding.ts';
import { taskHandler } from '../shared/task.ts';
import { applicationRef } from './schemas.ts';

/**
 * Workflow compensation (the ASL's Catch): a step failed for good, or the committee did not decide
 * in time, so the area reserved for the application is given back, its SIRET claim released, and
 * the application closed (FAILED or EXPIRED) with the error kept for the admins.
 */
export const handler = taskHandler(
  applicationRef.extend({ failure: z.object({ Error: z.string(), Cause: z.string().optional() }) }),
  async ({ poleId, applicationId, failure }) =>
    closeApplication(poleId, applicationId, { error: failure.Error, cause: failure.Cause ?? '' }, clock().now().toISOString()),
);

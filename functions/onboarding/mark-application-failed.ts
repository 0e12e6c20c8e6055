import * as z from 'zod';
import { clock } from '../../ports/clock.ts';
import { getApplication, markClosed, settleSiretClaim } from '../../store/applications.ts';
import { releaseArea } from '../../store/building.ts';
import { taskHandler } from '../shared/task.ts';
import { applicationRef } from './schemas.ts';

/**
 * Workflow compensation (the ASL's Catch): a step failed for good, or the committee did not decide
 * in time, so the area reserved for the application is given back, its SIRET claim released, and
 * the application closed (FAILED or EXPIRED) with the error kept for the admins.
 */
export const handler = taskHandler(
  applicationRef.extend({ failure: z.object({ Error: z.string(), Cause: z.string().optional() }) }),
  async ({ poleId, applicationId, failure }) => {
    const { form, status } = await getApplication(poleId, applicationId);
    // A member already active keeps its area: only what this application holds is undone.
    if (status === 'ACTIVE') return { status, areaReleased: false };
    const released = await releaseArea(poleId, applicationId, form.requestedAreaM2);
    await settleSiretClaim(poleId, form.siret, applicationId, 'RELEASED');
    const to = failure.Error === 'ApplicationExpired' ? 'EXPIRED' : 'FAILED';
    const application = await markClosed(
      poleId,
      applicationId,
      to,
      { error: failure.Error, cause: failure.Cause ?? '' },
      clock().now().toISOString(),
    );
    return { status: application.status, areaReleased: released };
  },
);

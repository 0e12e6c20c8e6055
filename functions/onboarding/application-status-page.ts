import { clock } from '../../ports/clock.ts';
import { followApplication } from '../../services/applicants.ts';
import { pageHandler } from '../common/public-page.ts';
import { applicationStatusPage } from './application-status-page.html.ts';
import { ONBOARDING_ROUTES } from './schemas.ts';

/**
 * GET /poles/{poleId}/applications/{applicationId}/status/{token} — the applicant's status page,
 * from the confirmation mail's personal link (docs/onboarding.md#the-applicants-status-page); the
 * same 404 page for a wrong token and an unknown application.
 */
export const handler = pageHandler(ONBOARDING_ROUTES.ApplicationStatusPage, async ({ path: { poleId, applicationId, token } }) => {
  const { poleName, structureName, view } = await followApplication(poleId, applicationId, token, clock().now());
  return applicationStatusPage({ poleId, name: poleName }, structureName, view);
});

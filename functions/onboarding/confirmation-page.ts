import { getPole } from '../../store/poles.ts';
import { pageHandler } from '../common/public-page.ts';
import { confirmationPage } from './confirmation-page.html.ts';
import { ONBOARDING_ROUTES } from './schemas.ts';

/**
 * GET /poles/{poleId}/applications/{applicationId}/confirm/{token} — the confirmation mail's link:
 * a page with the « Confirmer ma candidature » button, which POSTs to the same address
 * (ConfirmApplication). The GET itself changes nothing (docs/onboarding.md#email-confirmation).
 */
export const handler = pageHandler(ONBOARDING_ROUTES.ConfirmationPage, async ({ path: { poleId } }) =>
  confirmationPage(await getPole(poleId)),
);

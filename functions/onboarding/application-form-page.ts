import { getPole } from '../../store/poles.ts';
import { pageHandler } from '../common/public-page.ts';
import { applicationFormPage } from './application-form-page.html.ts';
import { ONBOARDING_ROUTES } from './schemas.ts';

/** GET /poles/{poleId}/apply — the application form page (docs/onboarding.md#the-form-page); 404 page for an unknown pôle. */
export const handler = pageHandler(ONBOARDING_ROUTES.ApplicationFormPage, async ({ path: { poleId } }) =>
  applicationFormPage(await getPole(poleId)),
);

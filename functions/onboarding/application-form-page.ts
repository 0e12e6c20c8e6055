import * as z from 'zod';
import { poleIdSchema } from '../../domain/ids.ts';
import { getPole } from '../../store/poles.ts';
import { pageHandler } from '../shared/public-page.ts';
import { applicationFormPage } from './application-form-page.html.ts';

/** GET /poles/{poleId}/apply — the application form page (docs/onboarding.md#the-form-page); 404 page for an unknown pôle. */
export const handler = pageHandler(z.object({ poleId: poleIdSchema }), async ({ path: { poleId } }) =>
  applicationFormPage(await getPole(poleId)),
);

import { NotFoundError } from '../../domain/errors.ts';
import { findPublicProfile } from '../../store/poles.ts';
import { pageHandler } from '../common/public-page.ts';
import { polePage } from './pole-page.html.ts';
import { ONBOARDING_ROUTES } from './schemas.ts';

/** GET /poles/{poleId} — the pôle's landing page, from its profile (docs/onboarding.md#public-pages); 404 page for an unknown pôle. */
export const handler = pageHandler(ONBOARDING_ROUTES.PolePage, async ({ path: { poleId } }) => {
  const pole = await findPublicProfile(poleId);
  if (!pole) throw new NotFoundError('Ce pôle n’existe pas : vérifiez l’adresse de la page.');
  return polePage(pole);
});

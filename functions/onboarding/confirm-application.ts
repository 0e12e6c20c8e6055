import { CONFIRMATION_VALID_HOURS } from '../../domain/confirmation.ts';
import { clock } from '../../ports/clock.ts';
import { confirmApplication } from '../../services/applicants.ts';
import { HttpError, httpHandler, json } from '../common/http.ts';
import { ONBOARDING_ROUTES } from './schemas.ts';

/**
 * POST /poles/{poleId}/applications/{applicationId}/confirm/{token} — the button of the confirmation
 * page (docs/onboarding.md#email-confirmation): claims the SIRET and starts the onboarding (202; 409
 * naming the pending application when the SIRET is taken). Again: 200, nothing changes. After
 * 48 hours: 410. A wrong token: 404, as for an unknown application.
 */
export const handler = httpHandler(ONBOARDING_ROUTES.ConfirmApplication, async ({ path: { poleId, applicationId, token } }) => {
  const result = await confirmApplication(poleId, applicationId, token, clock().now());
  if (result.outcome === 'expired') {
    throw new HttpError(
      410,
      'CONFIRMATION_EXPIRED',
      `Ce lien a expiré : la candidature n’a pas été confirmée dans les ${CONFIRMATION_VALID_HOURS} heures. Vous pouvez déposer une nouvelle candidature.`,
    );
  }
  const { outcome, ...ids } = result;
  return outcome === 'confirmed'
    ? json(202, {
        status: 'CONFIRMED',
        ...ids,
        message: 'Merci, votre candidature est confirmée. Elle va être examinée par le comité de pilotage.',
      })
    : json(200, { status: 'CONFIRMED', ...ids, message: 'Cette candidature était déjà confirmée : rien n’a changé.' });
});

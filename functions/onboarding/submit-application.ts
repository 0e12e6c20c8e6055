import { startDateProblem } from '../../domain/application.ts';
import { CONFIRMATION_VALID_HOURS } from '../../domain/confirmation.ts';
import { frenchDateTime, parisDate } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { clock } from '../../ports/clock.ts';
import { requestApplication } from '../../services/applicants.ts';
import { httpHandler, json } from '../common/http.ts';
import { ONBOARDING_ROUTES } from './schemas.ts';

/**
 * POST /poles/{poleId}/applications — the application form, from the pôle's own page or a pôle
 * website (docs/onboarding.md#the-form). A valid form waits for its email address to be confirmed:
 * 202 PENDING_CONFIRMATION, and the confirmation mail; nothing is claimed yet. Beyond the daily
 * limit per address or SIRET, 429 naming the field, with Retry-After.
 */
export const handler = httpHandler(ONBOARDING_ROUTES.SubmitApplication, async ({ path: { poleId }, body: form }) => {
  const now = clock().now();
  const today = parisDate(now);
  const problem = startDateProblem(form, today);
  if (problem)
    throw new ValidationError([{ field: 'startDate', rule: form.startDate < today ? 'not_in_past' : 'max_years_ahead', message: problem }]);
  const outcome = await requestApplication(poleId, form, now);
  if (outcome.status === 'CONFIRMED') {
    return json(200, { ...outcome, message: 'Cette candidature est déjà confirmée : suivez-la avec le lien reçu par e-mail.' });
  }
  const message = outcome.mailed
    ? `Candidature enregistrée en attente de confirmation. Un lien vient d’être envoyé à ${form.contact.email} : ouvrez-le avant le ${frenchDateTime(outcome.confirmBefore)} pour confirmer la candidature.`
    : `Cette candidature attend déjà sa confirmation : ouvrez le lien envoyé à ${form.contact.email} avant le ${frenchDateTime(outcome.confirmBefore)}.`;
  return json(202, {
    ...outcome,
    message: `${message} Sans confirmation dans les ${CONFIRMATION_VALID_HOURS} heures, elle est effacée et rien n’est engagé.`,
  });
});

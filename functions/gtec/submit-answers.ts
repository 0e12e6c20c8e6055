import { ValidationError } from '../../domain/errors.ts';
import { checkAnswers } from '../../domain/gtec/questionnaire.ts';
import { clock } from '../../ports/clock.ts';
import { openSurvey } from '../../services/surveys.ts';
import { saveResponse } from '../../store/responses.ts';
import { httpHandler } from '../common/http.ts';
import { GTEC_ROUTES, surveyClosed } from './schemas.ts';

/**
 * POST /survey/{token}/answers — a company's answers, validated against the campaign's frozen
 * questionnaire (400 naming each question id at fault). Before the close a new submission
 * replaces the previous one, which is kept in the history; after the close, 410. One submission
 * per link every few seconds (429 with Retry-After otherwise): see SUBMISSION_SLOT_S.
 */
export const handler = httpHandler(GTEC_ROUTES.SubmitAnswers, async ({ path: { token }, body }) => {
  const now = clock().now();
  const { ref, campaign, closed } = await openSurvey(token, now);
  if (closed) throw surveyClosed();
  const checked = checkAnswers(campaign.questionnaire, body.answers ?? {});
  if ('issues' in checked)
    throw new ValidationError(
      checked.issues.map((i) => ({ ...i, field: i.field === '(body)' ? 'answers' : `answers.${i.field}` })),
      'Certaines réponses ne sont pas valables.',
    );
  const submittedAt = now.toISOString();
  const { submissions } = await saveResponse(ref, checked.answers, submittedAt);
  return {
    saved: true,
    replaced: submissions > 1,
    submissions,
    submittedAt,
    message: submissions === 1 ? 'Merci, vos réponses sont enregistrées.' : 'Vos réponses ont été mises à jour.',
  };
});

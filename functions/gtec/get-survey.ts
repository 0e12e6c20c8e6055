import { clock } from '../../ports/clock.ts';
import { openSurvey } from '../../services/surveys.ts';
import { getResponse } from '../../store/responses.ts';
import { httpHandler } from '../shared/http.ts';
import { surveyClosed, surveyPath } from './schemas.ts';

/** GET /survey/{token} — the questionnaire version frozen by the campaign, and the company's current answers. */
export const handler = httpHandler({ auth: 'public', path: surveyPath }, async ({ path: { token } }) => {
  const { ref, campaign, closed } = await openSurvey(token, clock().now());
  if (closed) throw surveyClosed();
  const response = await getResponse(ref);
  return {
    title: campaign.title,
    closesAt: campaign.closesAt,
    questionnaire: campaign.questionnaire,
    answers: response?.answers ?? null,
    submittedAt: response?.submittedAt ?? null,
  };
});

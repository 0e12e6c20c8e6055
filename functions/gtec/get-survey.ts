import { hiringChoices } from '../../domain/gtec/labels.ts';
import { clock } from '../../ports/clock.ts';
import { openSurvey } from '../../services/surveys.ts';
import { getTarget } from '../../store/campaign-targets.ts';
import { getPole } from '../../store/poles.ts';
import { getResponse } from '../../store/responses.ts';
import { httpHandler } from '../common/http.ts';
import { GTEC_ROUTES, surveyClosed } from './schemas.ts';

/**
 * GET /survey/{token} — what the answer page shows: the pôle, the company and the deadline, the
 * questionnaire version frozen by the campaign with the labels of its codes, and the company's
 * current answers.
 */
export const handler = httpHandler(GTEC_ROUTES.GetSurvey, async ({ path: { token } }) => {
  const { ref, campaign, closed } = await openSurvey(token, clock().now());
  if (closed) throw surveyClosed();
  const [pole, target, response] = await Promise.all([
    getPole(ref.poleId),
    getTarget(ref.poleId, ref.campaignId, ref.siret),
    getResponse(ref),
  ]);
  return {
    title: campaign.title,
    pole: { name: pole.name },
    company: { name: target?.name ?? null },
    closesAt: campaign.closesAt,
    questionnaire: campaign.questionnaire,
    choices: hiringChoices(),
    answers: response?.answers ?? null,
    submittedAt: response?.submittedAt ?? null,
  };
});

import * as z from 'zod';
import { hiringChoices } from '../../domain/gtec/labels.ts';
import { getResponse, getTarget } from '../../store/gtec.ts';
import { getPole } from '../../store/poles.ts';
import { httpHandler } from '../shared/http.ts';
import { openSurvey } from './survey-access.ts';

/**
 * GET /survey/{token} — what the answer page shows: the pôle, the company and the deadline, the
 * questionnaire version frozen by the campaign with the labels of its codes, and the company's
 * current answers.
 */
export const handler = httpHandler({ auth: 'public', path: z.object({ token: z.string().max(100) }) }, async ({ path: { token } }) => {
  const { ref, campaign } = await openSurvey(token);
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

import * as z from 'zod';
import { getResponse } from '../../store/gtec.ts';
import { httpHandler } from '../shared/http.ts';
import { openSurvey } from './survey-access.ts';

/** GET /survey/{token} — the questionnaire version frozen by the campaign, and the company's current answers. */
export const handler = httpHandler({ auth: 'public', path: z.object({ token: z.string().max(100) }) }, async ({ path: { token } }) => {
  const { ref, campaign } = await openSurvey(token);
  const response = await getResponse(ref);
  return {
    title: campaign.title,
    closesAt: campaign.closesAt,
    questionnaire: campaign.questionnaire,
    answers: response?.answers ?? null,
    submittedAt: response?.submittedAt ?? null,
  };
});

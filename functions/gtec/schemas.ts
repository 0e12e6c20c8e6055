import * as z from 'zod';
import { campaignIdSchema, poleIdSchema } from '../../domain/ids.ts';
import { HttpError } from '../shared/http.ts';

/** What every campaign task receives: keys only. */
export const campaignRef = z.object({ poleId: poleIdSchema, campaignId: campaignIdSchema });

/** A survey link's path: its token, looked up by its hash, so only its length is bounded here. */
export const surveyPath = z.object({ token: z.string().max(100) });

/** The answer of a survey route once the campaign is closed (410). */
export const surveyClosed = () =>
  new HttpError(410, 'CAMPAIGN_CLOSED', 'L’enquête est close : les réponses ne sont plus acceptées. Merci de votre intérêt.');

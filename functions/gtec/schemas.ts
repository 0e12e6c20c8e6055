import * as z from 'zod';
import { campaignIdSchema, poleIdSchema } from '../../domain/ids.ts';
import type { Campaign } from '../../store/campaigns.ts';
import { HttpError } from '../shared/http.ts';

/** What every campaign task receives: keys only. */
export const campaignRef = z.object({ poleId: poleIdSchema, campaignId: campaignIdSchema });

/** A survey link's path: its token, looked up by its hash, so only its length is bounded here. */
export const surveyPath = z.object({ token: z.string().max(100) });

/** The answer of a survey route once the campaign is closed (410). */
export const surveyClosed = () =>
  new HttpError(410, 'CAMPAIGN_CLOSED', 'L’enquête est close : les réponses ne sont plus acceptées. Merci de votre intérêt.');

/** A campaign as the back-office shows it: its dates, filters and live progress (sent, reminded, answered, rate). */
export type CampaignView = {
  campaignId: string;
  title: string;
  status: Campaign['status'];
  filters: Campaign['filters'];
  createdAt: string;
  reminders: string[];
  closesAt: string;
  questionnaire: { id: string; version: number };
  progress: { targets: number; sent: number; reminded: number; answered: number; ratePct: number };
  published: boolean;
};

/** The campaign's view, given how many companies answered (a COUNT of its responses). */
export const campaignView = (c: Campaign, answered: number): CampaignView => ({
  campaignId: c.campaignId,
  title: c.title,
  status: c.status,
  filters: c.filters,
  createdAt: c.createdAt,
  reminders: c.reminders,
  closesAt: c.closesAt,
  questionnaire: { id: c.questionnaire.id, version: c.questionnaire.version },
  progress: {
    targets: c.targets ?? 0,
    sent: c.sent ?? 0,
    reminded: c.reminded ?? 0,
    answered,
    ratePct: c.targets ? Math.round((1000 * answered) / c.targets) / 10 : 0,
  },
  published: c.status === 'PUBLISHED',
});

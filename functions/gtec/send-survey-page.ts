import * as z from 'zod';
import { SIRET_PATTERN } from '../../domain/ids.ts';
import { clock } from '../../ports/clock.ts';
import { sendSurveyPage } from '../../services/campaigns.ts';
import { taskHandler } from '../common/task.ts';
import { campaignRef } from './schemas.ts';

const pageInput = campaignRef.extend({
  round: z.number().int().min(0).max(3),
  after: z.string().regex(SIRET_PATTERN).nullable(),
});

/**
 * Workflow task, one iteration of the campaign's Map: round 0 invites one page of targets; round n
 * reminds, on the same page, the invited companies that have not answered. Each mail goes at
 * most once per company and round, so a retried or redriven page sends only what is left.
 */
export const handler = taskHandler(pageInput, async ({ poleId, campaignId, round, after }) =>
  sendSurveyPage(poleId, campaignId, round, after ?? undefined, clock().now().toISOString()),
);

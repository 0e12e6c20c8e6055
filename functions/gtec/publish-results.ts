import { aggregate } from '../../domain/gtec/results.ts';
import { clock } from '../../ports/clock.ts';
import { allTargets } from '../../store/campaign-targets.ts';
import { getCampaign, setCampaignStatus } from '../../store/campaigns.ts';
import { allResponses } from '../../store/responses.ts';
import { taskHandler } from '../shared/task.ts';
import { campaignRef } from './schemas.ts';

/**
 * Workflow task: aggregates the responses against the frozen questionnaire, masking any figure
 * from fewer than 3 companies, and publishes the results on the campaign. Running it again
 * recomputes the same results from the same data.
 */
export const handler = taskHandler(campaignRef, async ({ poleId, campaignId }) => {
  const [campaign, targets, responses] = await Promise.all([
    getCampaign(poleId, campaignId),
    allTargets(poleId, campaignId),
    allResponses(poleId, campaignId),
  ]);
  const results = aggregate(campaign.questionnaire, targets, responses);
  await setCampaignStatus(poleId, campaignId, 'PUBLISHED', clock().now().toISOString(), results);
  return { targets: results.targets, answered: results.answered };
});

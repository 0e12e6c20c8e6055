import { publishResults } from '../../domain/gtec/results.ts';
import { clock } from '../../ports/clock.ts';
import { allTargets } from '../../store/campaign-targets.ts';
import { getCampaign, setCampaignStatus } from '../../store/campaigns.ts';
import { allResponses } from '../../store/responses.ts';
import { taskHandler } from '../common/task.ts';
import { campaignRef } from './schemas.ts';

/**
 * Workflow task: builds the published results from the responses against the frozen
 * questionnaire, masked by the confidentiality rules (docs/gtec-confidentiality.md), and stores
 * them on the campaign. Running it again recomputes the same results from the same data.
 */
export const handler = taskHandler(campaignRef, async ({ poleId, campaignId }) => {
  const [campaign, targets, responses] = await Promise.all([
    getCampaign(poleId, campaignId),
    allTargets(poleId, campaignId),
    allResponses(poleId, campaignId),
  ]);
  const results = publishResults(campaign.questionnaire, targets, responses);
  await setCampaignStatus(poleId, campaignId, 'PUBLISHED', clock().now().toISOString(), results);
  // For the execution's history, which only admins read (GET /admin/campaigns/{id} shows the same count).
  return { targets: results.targets, answered: responses.length };
});

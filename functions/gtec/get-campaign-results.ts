import { RuleViolation } from '../../domain/errors.ts';
import { publishResults, RESULTS_VERSION, resultsCsv } from '../../domain/gtec/results.ts';
import { allTargets } from '../../store/campaign-targets.ts';
import { getCampaign } from '../../store/campaigns.ts';
import { allResponses } from '../../store/responses.ts';
import { httpHandler } from '../common/http.ts';
import { GTEC_ROUTES } from './schemas.ts';

/**
 * GET /admin/campaigns/{campaignId}/results[?format=csv] — the published results (masked by the
 * confidentiality rules of docs/gtec-confidentiality.md); JSON, or CSV for a spreadsheet.
 */
export const handler = httpHandler(GTEC_ROUTES.GetCampaignResults, async ({ admin, path: { campaignId }, query: { format } }) => {
  const campaign = await getCampaign(admin.poleId, campaignId);
  if (!campaign.results)
    throw new RuleViolation('RESULTS_NOT_PUBLISHED', 'Les résultats sont publiés après la clôture de la campagne.', {
      status: campaign.status,
    });
  // Results stored by an earlier version lacked secondary masking: never shown, built again.
  const results =
    campaign.results.version === RESULTS_VERSION
      ? campaign.results
      : publishResults(campaign.questionnaire, await allTargets(admin.poleId, campaignId), await allResponses(admin.poleId, campaignId));
  if (format === 'csv') {
    return {
      statusCode: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="gtec-${campaignId}.csv"`,
        'cache-control': 'no-store',
      },
      body: resultsCsv(results),
    };
  }
  return {
    campaignId,
    title: campaign.title,
    closesAt: campaign.closesAt,
    questionnaire: { id: campaign.questionnaire.id, version: campaign.questionnaire.version },
    results,
  };
});

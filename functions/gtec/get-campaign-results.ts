import * as z from 'zod';
import { RuleViolation } from '../../domain/errors.ts';
import { resultsCsv } from '../../domain/gtec/results.ts';
import { campaignIdSchema } from '../../domain/ids.ts';
import { getCampaign } from '../../store/campaigns.ts';
import { httpHandler } from '../shared/http.ts';

/**
 * GET /admin/campaigns/{campaignId}/results[?format=csv] — the published results, every figure
 * from fewer than 3 companies masked; JSON, or CSV for a spreadsheet.
 */
export const handler = httpHandler(
  {
    auth: 'admin',
    path: z.object({ campaignId: campaignIdSchema }),
    query: z.object({ format: z.enum(['json', 'csv']).default('json') }),
  },
  async ({ admin, path: { campaignId }, query: { format } }) => {
    const campaign = await getCampaign(admin.poleId, campaignId);
    if (!campaign.results)
      throw new RuleViolation('RESULTS_NOT_PUBLISHED', 'Les résultats sont publiés après la clôture de la campagne.', {
        status: campaign.status,
      });
    if (format === 'csv') {
      return {
        statusCode: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="gtec-${campaignId}.csv"`,
          'cache-control': 'no-store',
        },
        body: resultsCsv(campaign.results),
      };
    }
    return {
      campaignId,
      title: campaign.title,
      questionnaire: { id: campaign.questionnaire.id, version: campaign.questionnaire.version },
      results: campaign.results,
    };
  },
);

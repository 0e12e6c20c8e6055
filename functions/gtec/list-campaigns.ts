import { campaignCounts } from '../../services/campaigns.ts';
import { listCampaigns } from '../../store/campaigns.ts';
import { httpHandler } from '../common/http.ts';
import { type CampaignView, campaignView, GTEC_ROUTES } from './schemas.ts';

/** GET /admin/campaigns — the pôle's campaigns, the latest first, each with its progress. */
export const handler = httpHandler(GTEC_ROUTES.ListCampaigns, async ({ admin }): Promise<{ campaigns: CampaignView[] }> => {
  const campaigns = await listCampaigns(admin.poleId);
  const views = await Promise.all(
    campaigns.map(async (c) => {
      const { answered, stuck } = await campaignCounts(admin.poleId, c.campaignId);
      return campaignView(c, answered, stuck);
    }),
  );
  return { campaigns: views.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.campaignId.localeCompare(b.campaignId)) };
});

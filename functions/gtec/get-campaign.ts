import { campaignMailPrefix } from '../../services/campaigns.ts';
import { stuckMails } from '../../services/mail.ts';
import { getCampaign } from '../../store/campaigns.ts';
import { countResponses } from '../../store/responses.ts';
import { httpHandler } from '../shared/http.ts';
import { GTEC_ROUTES } from './schemas.ts';

/** GET /admin/campaigns/{campaignId} — the campaign and its live progress. */
export const handler = httpHandler(GTEC_ROUTES.GetCampaign, async ({ admin, path: { campaignId } }) => {
  const c = await getCampaign(admin.poleId, campaignId);
  const [answered, stuck] = await Promise.all([
    countResponses(admin.poleId, campaignId),
    stuckMails(admin.poleId, campaignMailPrefix(campaignId)),
  ]);
  return {
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
      stuck,
      answered,
      ratePct: c.targets ? Math.round((1000 * answered) / c.targets) / 10 : 0,
    },
    published: c.status === 'PUBLISHED',
  };
});

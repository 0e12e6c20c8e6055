import { resolveFilters } from '../../domain/gtec/campaign.ts';
import { type TargetSummary, targetSummary } from '../../domain/gtec/targets.ts';
import { listCompanies } from '../../store/companies.ts';
import { poleDepartements } from '../../store/poles.ts';
import { httpHandler } from '../common/http.ts';
import { GTEC_ROUTES } from './schemas.ts';

/**
 * GET /admin/campaigns/targets/count[?nafSections=C,F&sizeBands=10-49&communes=Tarnos] — how many
 * companies of the registry a campaign with these filters would invite, with each filter's choices
 * and their counts: the campaign form's live count.
 */
export const handler = httpHandler(GTEC_ROUTES.CountCampaignTargets, async ({ admin, query }): Promise<TargetSummary> => {
  const given = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
  // Communes named as the campaign creation accepts them, counted by INSEE code as it stores them.
  const filters = given.communes ? resolveFilters(given, await poleDepartements(admin.poleId)) : given;
  return targetSummary(await listCompanies(admin.poleId), filters);
});

import * as z from 'zod';
import { campaignFiltersSchema, resolveFilters } from '../../domain/gtec/campaign.ts';
import { type TargetSummary, targetSummary } from '../../domain/gtec/targets.ts';
import { listCompanies } from '../../store/companies.ts';
import { poleDepartements } from '../../store/poles.ts';
import { httpHandler } from '../shared/http.ts';

/** A query parameter holding a comma-separated list (`nafSections=C,F`), as a list. */
const list = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value), schema);

const f = campaignFiltersSchema.shape;
const querySchema = z.strictObject({ nafSections: list(f.nafSections), sizeBands: list(f.sizeBands), communes: list(f.communes) });

/**
 * GET /admin/campaigns/targets/count[?nafSections=C,F&sizeBands=10-49&communes=Tarnos] — how many
 * companies of the registry a campaign with these filters would invite, with each filter's choices
 * and their counts: the campaign form's live count.
 */
export const handler = httpHandler({ auth: 'admin', query: querySchema }, async ({ admin, query }): Promise<TargetSummary> => {
  const given = Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined));
  // Communes named as the campaign creation accepts them, counted by INSEE code as it stores them.
  const filters = given.communes ? resolveFilters(given, await poleDepartements(admin.poleId)) : given;
  return targetSummary(await listCompanies(admin.poleId), filters);
});

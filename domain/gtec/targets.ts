import { type CampaignRequest, matchesFilters } from './campaign.ts';
import { type Company, NAF_SECTIONS, nafSection, SIZE_BANDS } from './companies.ts';
import { type Segment, segmentLabel, sizeBandRank } from './labels.ts';

/** One value a campaign can be filtered on, with its French label and how many companies of the registry have it. */
export type SegmentChoice = {
  code: string;
  label: string;
  companies: number;
};

/** What the campaign form shows while an admin chooses its filters (docs/gtec.md#campaign). */
export type TargetSummary = {
  /** Companies the filters target now: what the campaign would invite if launched. */
  count: number;
  /** Companies in the registry. */
  total: number;
  /** Every NAF section and size band, and every commune of the registry, each with its number of companies. */
  choices: Record<Segment, SegmentChoice[]>;
};

const tally = (values: readonly string[]): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
};

const choices = (segment: Segment, codes: readonly string[], counts: Map<string, number>): SegmentChoice[] =>
  codes.map((code) => ({ code, label: segmentLabel(segment, code), companies: counts.get(code) ?? 0 }));

/** The live count of a campaign's targets with the choices of each filter: the same rule as the campaign's snapshot (matchesFilters). */
export function targetSummary(companies: readonly Company[], filters: CampaignRequest['filters']): TargetSummary {
  const communes = tally(companies.map((c) => c.commune));
  return {
    count: companies.filter(matchesFilters(filters)).length,
    total: companies.length,
    choices: {
      nafSection: choices('nafSection', NAF_SECTIONS, tally(companies.map((c) => nafSection(c.naf) ?? ''))),
      sizeBand: choices(
        'sizeBand',
        [...SIZE_BANDS].sort((a, b) => sizeBandRank(a) - sizeBandRank(b)),
        tally(companies.map((c) => c.sizeBand)),
      ),
      commune: choices(
        'commune',
        [...communes.keys()].sort((a, b) => a.localeCompare(b, 'fr')),
        communes,
      ),
    },
  };
}

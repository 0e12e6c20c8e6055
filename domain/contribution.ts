import { splitCents, type Weighted } from './allocation.ts';
import { hundredthsOf } from './member-changes.ts';

export const ALLOCATION_KEYS = ['AREA', 'HEADCOUNT', 'EQUAL', 'USAGE', 'FIXED'] as const;
export type AllocationKey = (typeof ALLOCATION_KEYS)[number];

/** The keys as people read them (statements, CSV, error messages): domain/labels.ts, which the back-office bundles too. */
export { KEY_LABELS } from './labels.ts';

export interface CategoryCost {
  category: string;
  key: AllocationKey;
  netCents: number;
}

export interface Occupant {
  id: string;
  areaM2: number;
  fte: number;
}

export interface ContributionEstimate {
  /** The quarter the estimate is based on. */
  basedOn: string;
  totalCents: number;
  lines: { category: string; key: AllocationKey; cents: number }[];
}

const APPLICANT = '\u0000applicant'; // sorts before every member id

function weightOf(key: AllocationKey, o: Occupant): number {
  // m² and FTE in hundredths: exact integer weights, as in the reconciliation.
  if (key === 'AREA') return hundredthsOf(o.areaM2, 'areaM2');
  if (key === 'HEADCOUNT') return hundredthsOf(o.fte, 'fte');
  return 1; // EQUAL
}

/**
 * The applicant's estimated quarterly contribution (docs/reconciliation.md): each category of the last posted
 * quarter split again, by the same rule as the reconciliation, among the current members plus the
 * applicant, as if all were present the whole quarter. USAGE and FIXED shares depend on use and
 * on the committee, so they are not estimated.
 */
export function estimateContribution(
  quarter: string,
  categories: readonly CategoryCost[],
  members: readonly Occupant[],
  applicant: Omit<Occupant, 'id'>,
): ContributionEstimate {
  const lines = categories
    .filter((c) => c.key === 'AREA' || c.key === 'HEADCOUNT' || c.key === 'EQUAL')
    .map((c) => {
      const weights: Weighted[] = [...members, { id: APPLICANT, ...applicant }].map((o) => ({ id: o.id, weight: weightOf(c.key, o) }));
      const cents = weights.some((w) => w.weight > 0) ? splitCents(c.netCents, weights).get(APPLICANT)! : 0;
      return { category: c.category, key: c.key, cents };
    });
  return { basedOn: quarter, totalCents: lines.reduce((s, l) => s + l.cents, 0), lines };
}

export { euros } from './money.ts';

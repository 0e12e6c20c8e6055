import { splitCents, type Weighted } from './allocation.ts';
import { type AllocationKey, euros, KEY_LABELS } from './contribution.ts';
import { RuleViolation } from './errors.ts';
import { hundredthsOf, type MemberTimeline, type Period, periodsIn, weightedDays } from './member-changes.ts';
import { quarterSpan } from './quarters.ts';

/**
 * The quarterly shared-cost reconciliation (docs/reconciliation.md, rules 1–4), as one pure
 * function: plain data in, plain data out, integer cents throughout, quantities in hundredths,
 * every split exact.
 */
export interface ReconciliationMember extends MemberTimeline {
  memberId: string;
  name: string;
}

/** Subsidy credit carried from one quarter to the next: unearmarked, and earmarked per category. */
export interface Credits {
  unearmarkedCents: number;
  /** Sorted by category; only positive amounts. */
  earmarked: { category: string; cents: number }[];
}

export const NO_CREDITS: Credits = { unearmarkedCents: 0, earmarked: [] };

export interface ReconciliationInput {
  quarter: string;
  members: ReconciliationMember[];
  costLines: { category: string; key: AllocationKey; amountCents: number; label?: string }[];
  subsidies: { funder: string; amountCents: number; earmark?: string }[];
  /** What the previous quarter carried out, once it is posted (rule 1). */
  carriedIn: Credits;
  advances: { memberId: string; amountCents: number }[];
  /** Recorded units (up to two decimals) per member and category. */
  usage: { memberId: string; category: string; units: number }[];
  /** The committee's FIXED shares (up to two decimals) per member and category. */
  fixedShares: { memberId: string; category: string; weight: number }[];
  /** Corrections of posted quarters, signed (positive: the member owes more). */
  adjustments: { memberId: string; label: string; amountCents: number }[];
}

export interface CategoryResult {
  category: string;
  key: AllocationKey;
  grossCents: number;
  /** Earmarked subsidies and earmarked credit used on this category. */
  earmarkedCents: number;
  /** Its part of the unearmarked subsidies and credit. */
  unearmarkedCents: number;
  netCents: number;
}

export interface MemberStatement {
  memberId: string;
  name: string;
  activeDays: number;
  /** The stretches of the quarter the member was present, with the area and FTE then in force. */
  periods: Period[];
  lines: { category: string; key: AllocationKey; cents: number }[];
  sharesCents: number;
  adjustments: { label: string; amountCents: number }[];
  advancesCents: number;
  /** Positive: the member owes; negative: a credit. */
  balanceCents: number;
  /** The pôle's subsidy credits carried in from the previous quarter and out to the next (shown on every statement). */
  credits: { in: Credits; out: Credits };
}

export interface ReconciliationResult {
  quarter: string;
  days: number;
  categories: CategoryResult[];
  members: MemberStatement[];
  /** Subsidies received this quarter (earmarked or not). */
  subsidiesCents: number;
  carriedIn: Credits;
  carriedOut: Credits;
  totalGrossCents: number;
  totalNetCents: number;
}

/** A category holds a net cost that no member can carry (rule 3): the admin fixes the data, then runs again. */
export class CategoryWithoutPayer extends RuleViolation {
  constructor(category: string, key: AllocationKey, netCents: number) {
    super(
      'CATEGORY_WITHOUT_PAYER',
      `La catégorie « ${category} » (clé : ${KEY_LABELS[key]}) a un reste à charge de ${euros(netCents)} mais ${NOBODY[key]} : ` +
        'corrigez les données du trimestre, puis relancez le rapprochement.',
      { category, key },
    );
  }
}

const NOBODY: Record<AllocationKey, string> = {
  AREA: 'aucun membre présent ce trimestre n’occupe de surface',
  HEADCOUNT: 'aucun membre présent ce trimestre n’a d’ETP',
  EQUAL: 'aucun membre n’est présent ce trimestre',
  USAGE: 'aucun usage n’est enregistré pour elle',
  FIXED: 'aucune part fixe n’est enregistrée pour elle',
};

/** The data contradicts itself (e.g. two keys for one category): the admin fixes the data. */
export class InconsistentData extends RuleViolation {
  constructor(message: string, details: Record<string, unknown>) {
    super('INCONSISTENT_DATA', message, details);
  }
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const pairKey = (category: string, memberId: string) => `${category}\u0000${memberId}`;

function addTo<K>(map: Map<K, number>, key: K, amount: number): void {
  map.set(key, (map.get(key) ?? 0) + amount);
}

/** Rule 1: subsidies and carried credit net the categories; what cannot be used is carried out. */
function applySubsidies(
  gross: ReadonlyMap<string, number>,
  subsidies: ReconciliationInput['subsidies'],
  carriedIn: Credits,
): { earmarkUsed: Map<string, number>; unearmarkedUsed: Map<string, number>; carriedOut: Credits } {
  const earmarkAvailable = new Map<string, number>();
  let unearmarkedAvailable = carriedIn.unearmarkedCents;
  for (const c of carriedIn.earmarked) addTo(earmarkAvailable, c.category, c.cents);
  for (const s of subsidies) {
    if (s.earmark === undefined) unearmarkedAvailable += s.amountCents;
    else addTo(earmarkAvailable, s.earmark, s.amountCents);
  }
  // Earmarked money nets its own category; its excess stays earmarked to it (like fonds dédiés).
  const earmarkUsed = new Map<string, number>();
  const earmarkedOut: Credits['earmarked'] = [];
  for (const [category, available] of [...earmarkAvailable].sort(([a], [b]) => byName(a, b))) {
    const used = Math.min(available, gross.get(category) ?? 0);
    earmarkUsed.set(category, used);
    if (available > used) earmarkedOut.push({ category, cents: available - used });
  }
  // Unearmarked money is spread by each category's cost net of earmarks; only what exceeds their sum is carried.
  const netOfEarmarks = [...gross].map(([category, g]) => ({ id: category, weight: g - (earmarkUsed.get(category) ?? 0) }));
  const totalNetOfEarmarks = sum(netOfEarmarks.map((w) => w.weight));
  const unearmarkedUsed =
    unearmarkedAvailable >= totalNetOfEarmarks
      ? new Map(netOfEarmarks.map((w) => [w.id, w.weight]))
      : splitCents(unearmarkedAvailable, netOfEarmarks);
  return {
    earmarkUsed,
    unearmarkedUsed,
    carriedOut: { unearmarkedCents: Math.max(0, unearmarkedAvailable - totalNetOfEarmarks), earmarked: earmarkedOut },
  };
}

/** Rules 2–3: each member's weight for a category, exact (hundredths × days, BigInt). */
function weightsFor(
  category: CategoryResult,
  members: readonly { memberId: string; periods: Period[] }[],
  usage: ReadonlyMap<string, number>,
  fixed: ReadonlyMap<string, number>,
): Weighted[] {
  const weightOf: Record<AllocationKey, (m: { memberId: string; periods: Period[] }) => number | bigint> = {
    AREA: (m) => weightedDays(m.periods, 'areaM2'),
    HEADCOUNT: (m) => weightedDays(m.periods, 'fte'),
    EQUAL: (m) => sum(m.periods.map((p) => p.days)),
    USAGE: (m) => usage.get(pairKey(category.category, m.memberId)) ?? 0,
    FIXED: (m) => fixed.get(pairKey(category.category, m.memberId)) ?? 0,
  };
  return members.map((m) => ({ id: m.memberId, weight: weightOf[category.key](m) }));
}

export function reconcile(input: ReconciliationInput): ReconciliationResult {
  const span = quarterSpan(input.quarter);
  const names = new Map(input.members.map((m) => [m.memberId, m.name]));
  const refs: [string, readonly { memberId: string }[]][] = [
    ['avances', input.advances],
    ['usages', input.usage],
    ['parts fixes', input.fixedShares],
    ['ajustements', input.adjustments],
  ];
  for (const [kind, rows] of refs) {
    const unknown = rows.find((r) => !names.has(r.memberId));
    if (unknown) {
      throw new InconsistentData(`Les ${kind} du trimestre citent le SIRET ${unknown.memberId}, qui n’est pas membre du pôle.`, {
        memberId: unknown.memberId,
      });
    }
  }

  // Rule 1: gross by category, then subsidies and carried credit.
  const keyOf = new Map<string, AllocationKey>();
  const gross = new Map<string, number>();
  for (const line of [...input.costLines].sort((a, b) => byName(a.category, b.category))) {
    const known = keyOf.get(line.category);
    if (known && known !== line.key) {
      throw new InconsistentData(
        `La catégorie « ${line.category} » a deux clés de répartition (${KEY_LABELS[known]}, ${KEY_LABELS[line.key]}) : une seule par catégorie.`,
        { category: line.category },
      );
    }
    keyOf.set(line.category, line.key);
    addTo(gross, line.category, line.amountCents);
  }
  const { earmarkUsed, unearmarkedUsed, carriedOut } = applySubsidies(gross, input.subsidies, input.carriedIn);
  const categories: CategoryResult[] = [...gross.keys()].sort(byName).map((category) => {
    const earmarkedCents = earmarkUsed.get(category) ?? 0;
    const unearmarkedCents = unearmarkedUsed.get(category) ?? 0;
    return {
      category,
      key: keyOf.get(category)!,
      grossCents: gross.get(category)!,
      earmarkedCents,
      unearmarkedCents,
      netCents: gross.get(category)! - earmarkedCents - unearmarkedCents,
    };
  });

  // Rules 2–3: weights per key over each member's periods, split per category.
  const members = [...input.members]
    .sort((a, b) => byName(a.memberId, b.memberId))
    .map((m) => ({ member: m, memberId: m.memberId, periods: periodsIn(span, m) }));
  const usage = new Map<string, number>();
  for (const u of input.usage) addTo(usage, pairKey(u.category, u.memberId), hundredthsOf(u.units, 'units'));
  const fixed = new Map<string, number>();
  for (const f of input.fixedShares) addTo(fixed, pairKey(f.category, f.memberId), hundredthsOf(f.weight, 'weight'));
  const lines = new Map(members.map((m) => [m.memberId, [] as MemberStatement['lines']]));
  for (const c of categories) {
    const weights = weightsFor(c, members, usage, fixed);
    if (c.netCents > 0 && !weights.some((w) => BigInt(w.weight) > 0n)) throw new CategoryWithoutPayer(c.category, c.key, c.netCents);
    for (const [memberId, cents] of splitCents(c.netCents, weights)) {
      if (cents > 0) lines.get(memberId)!.push({ category: c.category, key: c.key, cents });
    }
  }

  // Rule 4: balance.
  const advances = new Map<string, number>();
  for (const a of input.advances) addTo(advances, a.memberId, a.amountCents);
  const credits = { in: input.carriedIn, out: carriedOut };
  const statements = members.map(({ memberId, periods }): MemberStatement => {
    const own = lines.get(memberId)!;
    const adjustments = input.adjustments.filter((a) => a.memberId === memberId).map(({ label, amountCents }) => ({ label, amountCents }));
    const advancesCents = advances.get(memberId) ?? 0;
    const sharesCents = sum(own.map((l) => l.cents));
    return {
      memberId,
      name: names.get(memberId)!,
      activeDays: sum(periods.map((p) => p.days)),
      periods,
      lines: own,
      sharesCents,
      adjustments,
      advancesCents,
      balanceCents: sharesCents + sum(adjustments.map((a) => a.amountCents)) - advancesCents,
      credits,
    };
  });

  return {
    quarter: input.quarter,
    days: span.days,
    categories,
    members: statements,
    subsidiesCents: sum(input.subsidies.map((s) => s.amountCents)),
    carriedIn: input.carriedIn,
    carriedOut,
    totalGrossCents: sum(categories.map((c) => c.grossCents)),
    totalNetCents: sum(categories.map((c) => c.netCents)),
  };
}

/** Total of a credit, earmarked and not. */
export const creditTotal = (c: Credits): number => c.unearmarkedCents + sum(c.earmarked.map((e) => e.cents));

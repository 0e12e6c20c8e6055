import { splitCents, type Weighted } from './allocation.ts';
import type { AllocationKey } from './contribution.ts';
import { RuleViolation } from './errors.ts';
import { activeDays, quarterSpan } from './quarters.ts';

/**
 * The quarterly shared-cost reconciliation (docs/reconciliation.md, rules 1–4), as one pure function: plain data
 * in, plain data out, integer cents throughout, every split exact.
 */
export interface ReconciliationInput {
  quarter: string;
  members: { memberId: string; name: string; areaM2: number; fte: number; startDate: string; leaveDate?: string }[];
  costLines: { category: string; key: AllocationKey; amountCents: number; label?: string }[];
  subsidies: { funder: string; amountCents: number; earmark?: string }[];
  /** Unearmarked credit carried from the previous quarter (rule 1). */
  carriedInCents: number;
  advances: { memberId: string; amountCents: number }[];
  usage: { memberId: string; category: string; units: number }[];
  /** The committee's FIXED shares: integer weights per member and category. */
  fixedShares: { memberId: string; category: string; weight: number }[];
  /** Corrections of posted quarters, signed (positive: the member owes more). */
  adjustments: { memberId: string; label: string; amountCents: number }[];
}

export interface CategoryResult {
  category: string;
  key: AllocationKey;
  grossCents: number;
  earmarkedCents: number;
  unearmarkedCents: number;
  netCents: number;
}

export interface MemberStatement {
  memberId: string;
  name: string;
  activeDays: number;
  lines: { category: string; key: AllocationKey; cents: number }[];
  sharesCents: number;
  adjustments: { label: string; amountCents: number }[];
  advancesCents: number;
  /** Positive: the member owes; negative: a credit. */
  balanceCents: number;
}

export interface ReconciliationResult {
  quarter: string;
  days: number;
  categories: CategoryResult[];
  members: MemberStatement[];
  subsidiesCents: number;
  carriedInCents: number;
  /** Subsidy in excess of a category's cost, carried as unearmarked into the next quarter. */
  carriedOutCents: number;
  totalNetCents: number;
}

/** A category holds a net cost that no member can carry (rule 3): the admin fixes the data. */
export class CategoryWithoutPayer extends RuleViolation {
  constructor(category: string, key: AllocationKey) {
    super('CATEGORY_WITHOUT_PAYER', `La catégorie « ${category} » (clé ${key}) a un coût net mais aucun membre de poids positif.`, {
      category,
      key,
    });
    this.name = 'CategoryWithoutPayer';
  }
}

export class InconsistentData extends RuleViolation {
  constructor(message: string, details: Record<string, unknown>) {
    super('INCONSISTENT_DATA', message, details);
    this.name = 'InconsistentData';
  }
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function reconcile(input: ReconciliationInput): ReconciliationResult {
  const span = quarterSpan(input.quarter);
  const memberIds = new Set(input.members.map((m) => m.memberId));
  for (const ref of [...input.advances, ...input.usage, ...input.fixedShares, ...input.adjustments]) {
    if (!memberIds.has(ref.memberId)) throw new InconsistentData(`Membre inconnu : ${ref.memberId}.`, { memberId: ref.memberId });
  }

  // Rule 1: gross by category, then subsidies.
  const keyOf = new Map<string, AllocationKey>();
  const gross = new Map<string, number>();
  for (const line of input.costLines) {
    const known = keyOf.get(line.category);
    if (known && known !== line.key) {
      throw new InconsistentData(`La catégorie « ${line.category} » a deux clés de répartition (${known}, ${line.key}).`, {
        category: line.category,
      });
    }
    keyOf.set(line.category, line.key);
    gross.set(line.category, (gross.get(line.category) ?? 0) + line.amountCents);
  }
  const categories = [...gross.keys()].sort(byName);
  const earmarked = new Map(categories.map((c) => [c, 0]));
  let unearmarkedTotal = input.carriedInCents;
  for (const s of input.subsidies) {
    if (s.earmark === undefined) unearmarkedTotal += s.amountCents;
    else if (earmarked.has(s.earmark)) earmarked.set(s.earmark, earmarked.get(s.earmark)! + s.amountCents);
    else
      throw new InconsistentData(`La subvention de ${s.funder} est affectée à une catégorie sans coût : « ${s.earmark} ».`, {
        earmark: s.earmark,
      });
  }
  const grossWeights = categories.map((c) => ({ id: c, weight: gross.get(c)! }));
  const unearmarked = grossWeights.some((w) => w.weight > 0) ? splitCents(unearmarkedTotal, grossWeights) : new Map<string, number>();
  let carriedOutCents = grossWeights.some((w) => w.weight > 0) ? 0 : unearmarkedTotal;
  const categoryResults: CategoryResult[] = categories.map((category) => {
    const raw = gross.get(category)! - earmarked.get(category)! - (unearmarked.get(category) ?? 0);
    if (raw < 0) carriedOutCents += -raw;
    return {
      category,
      key: keyOf.get(category)!,
      grossCents: gross.get(category)!,
      earmarkedCents: earmarked.get(category)!,
      unearmarkedCents: unearmarked.get(category) ?? 0,
      netCents: Math.max(0, raw),
    };
  });

  // Rules 2–3: weights per key, split per category.
  const days = new Map(input.members.map((m) => [m.memberId, activeDays(span, m.startDate, m.leaveDate)]));
  const usage = new Map<string, number>();
  for (const u of input.usage)
    usage.set(`${u.category}\u0000${u.memberId}`, (usage.get(`${u.category}\u0000${u.memberId}`) ?? 0) + u.units);
  const fixed = new Map(input.fixedShares.map((f) => [`${f.category}\u0000${f.memberId}`, f.weight]));
  const weightOf = (c: CategoryResult, m: ReconciliationInput['members'][number]): number => {
    const d = days.get(m.memberId)!;
    switch (c.key) {
      case 'AREA':
        return m.areaM2 * d;
      case 'HEADCOUNT':
        return Math.round(m.fte * 10) * d;
      case 'EQUAL':
        return d;
      case 'USAGE':
        return usage.get(`${c.category}\u0000${m.memberId}`) ?? 0;
      case 'FIXED':
        return fixed.get(`${c.category}\u0000${m.memberId}`) ?? 0;
    }
  };
  const shares = new Map(input.members.map((m) => [m.memberId, [] as MemberStatement['lines']]));
  for (const c of categoryResults) {
    const weights: Weighted[] = input.members.map((m) => ({ id: m.memberId, weight: weightOf(c, m) }));
    if (c.netCents > 0 && !weights.some((w) => w.weight > 0)) throw new CategoryWithoutPayer(c.category, c.key);
    for (const [memberId, cents] of splitCents(c.netCents, weights)) {
      if (cents > 0) shares.get(memberId)!.push({ category: c.category, key: c.key, cents });
    }
  }

  // Rule 4: balance.
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const members = [...input.members]
    .sort((a, b) => byName(a.memberId, b.memberId))
    .map((m): MemberStatement => {
      const lines = shares.get(m.memberId)!;
      const adjustments = input.adjustments
        .filter((a) => a.memberId === m.memberId)
        .map(({ label, amountCents }) => ({ label, amountCents }));
      const advancesCents = sum(input.advances.filter((a) => a.memberId === m.memberId).map((a) => a.amountCents));
      const sharesCents = sum(lines.map((l) => l.cents));
      return {
        memberId: m.memberId,
        name: m.name,
        activeDays: days.get(m.memberId)!,
        lines,
        sharesCents,
        adjustments,
        advancesCents,
        balanceCents: sharesCents + sum(adjustments.map((a) => a.amountCents)) - advancesCents,
      };
    });

  return {
    quarter: input.quarter,
    days: span.days,
    categories: categoryResults,
    members,
    subsidiesCents: sum(input.subsidies.map((s) => s.amountCents)),
    carriedInCents: input.carriedInCents,
    carriedOutCents,
    totalNetCents: sum(categoryResults.map((c) => c.netCents)),
  };
}

import { toHundredths } from './quantities.ts';
import { dayBefore, daysBetween, type QuarterSpan } from './quarters.ts';

/**
 * A member's area and FTE change from a date (docs/reconciliation.md#member-changes). The
 * member keeps the values it started with; each change, dated and recorded in date order, sets
 * new values from its effective date (inclusive). A departure is the member's leave date.
 */
export interface MemberChange {
  effectiveDate: string;
  areaM2?: number;
  fte?: number;
}

export interface MemberTimeline {
  startDate: string;
  /** Exclusive: the last day present is the day before. */
  leaveDate?: string;
  /** Values from the start date. */
  areaM2: number;
  fte: number;
  /** In effective-date order. */
  changes?: readonly MemberChange[];
}

/** A stretch of days with the same values. */
export interface Period {
  from: string;
  /** Exclusive. */
  to: string;
  days: number;
  areaM2: number;
  fte: number;
}

/** The values in force on a date (the start values before the first change). */
export function valuesOn(member: MemberTimeline, date: string): { areaM2: number; fte: number } {
  let values = { areaM2: member.areaM2, fte: member.fte };
  for (const c of member.changes ?? []) {
    if (c.effectiveDate > date) break;
    values = { areaM2: c.areaM2 ?? values.areaM2, fte: c.fte ?? values.fte };
  }
  return values;
}

const later = (a: string, b: string): string => (a > b ? a : b);
const earlier = (a: string, b: string): string => (a < b ? a : b);

/** The member's periods within a quarter, each with the values then in force; none if absent all quarter. */
export function periodsIn(span: QuarterSpan, member: MemberTimeline): Period[] {
  const from = later(member.startDate, span.start);
  const to = member.leaveDate === undefined ? span.end : earlier(member.leaveDate, span.end);
  if (from >= to) return [];
  const cuts = [from, ...(member.changes ?? []).map((c) => c.effectiveDate).filter((d) => d > from && d < to), to];
  const periods: Period[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const days = daysBetween(cuts[i]!, cuts[i + 1]!);
    if (days > 0) periods.push({ from: cuts[i]!, to: cuts[i + 1]!, days, ...valuesOn(member, cuts[i]!) });
  }
  return periods;
}

/** Σ value × days over the periods, the value in hundredths: the exact AREA and HEADCOUNT weights. */
export function weightedDays(periods: readonly Period[], value: 'areaM2' | 'fte'): bigint {
  return periods.reduce((sum, p) => sum + BigInt(hundredthsOf(p[value], value)) * BigInt(p.days), 0n);
}

/** A quantity's hundredths; a value with more decimals never passes validation, so this is a programming error. */
export function hundredthsOf(value: number, what: string): number {
  const h = toHundredths(value);
  if (h === null || h < 0) throw new RangeError(`${what} must be a non-negative quantity with at most two decimals, got ${value}`);
  return h;
}

export type ChangeProblem =
  | { code: 'BEFORE_START'; startDate: string }
  | { code: 'AFTER_LEAVE'; leaveDate: string }
  | { code: 'NOT_AFTER_LAST_CHANGE'; lastChangeDate: string }
  | { code: 'NOTHING_CHANGES' };

/**
 * Why a change cannot be recorded, or null. Changes go in date order (a change before the last
 * recorded one would change what the building has reserved since), strictly inside the membership.
 */
export function changeProblem(member: MemberTimeline, change: MemberChange): ChangeProblem | null {
  if (change.effectiveDate <= member.startDate) return { code: 'BEFORE_START', startDate: member.startDate };
  if (member.leaveDate !== undefined && change.effectiveDate >= member.leaveDate)
    return { code: 'AFTER_LEAVE', leaveDate: member.leaveDate };
  const last = member.changes?.at(-1);
  if (last && change.effectiveDate <= last.effectiveDate) return { code: 'NOT_AFTER_LAST_CHANGE', lastChangeDate: last.effectiveDate };
  const before = valuesOn(member, change.effectiveDate);
  if ((change.areaM2 ?? before.areaM2) === before.areaM2 && (change.fte ?? before.fte) === before.fte) return { code: 'NOTHING_CHANGES' };
  return null;
}

/** French text of a change problem, naming the dates at stake. */
export function changeProblemMessage(p: ChangeProblem): string {
  switch (p.code) {
    case 'BEFORE_START':
      return `La date d’effet doit suivre la date d’entrée du membre (${p.startDate}).`;
    case 'AFTER_LEAVE':
      return `La date d’effet doit précéder la date de départ du membre (${p.leaveDate}).`;
    case 'NOT_AFTER_LAST_CHANGE':
      return `Un changement est déjà enregistré au ${p.lastChangeDate} : les changements s’enregistrent dans l’ordre des dates.`;
    case 'NOTHING_CHANGES':
      return 'Ces valeurs sont déjà celles en vigueur à cette date : rien ne change.';
  }
}

/** The m² to reserve (positive) or give back (negative) on the building for a change (recorded or not), in hundredths. */
export function areaDeltaHundredths(member: MemberTimeline, change: MemberChange): number {
  if (change.areaM2 === undefined) return 0;
  return hundredthsOf(change.areaM2, 'areaM2') - hundredthsOf(valuesOn(member, dayBefore(change.effectiveDate)).areaM2, 'areaM2');
}

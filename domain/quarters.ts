import { QUARTER_PATTERN } from './ids.ts';

/** Quarters are `YYYY-Qn` (Q1 = January–March, see QUARTER_PATTERN), in Europe/Paris calendar dates (docs/rules.md#dates-and-quarters). */

export interface QuarterSpan {
  quarter: string;
  /** First day, inclusive (YYYY-MM-DD). */
  start: string;
  /** First day of the next quarter, exclusive. */
  end: string;
  days: number;
}

const iso = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-01`;
const dayNumber = (date: string): number =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86_400_000;

/** Whole days from one calendar date (inclusive) to another (exclusive); 0 when `to` is not after `from`. */
export const daysBetween = (from: string, to: string): number => Math.max(0, dayNumber(to) - dayNumber(from));

/** The calendar date before a date (a leave date is exclusive: the last day present is the day before). */
export const dayBefore = (date: string): string => new Date((dayNumber(date) - 1) * 86_400_000).toISOString().slice(0, 10);

export function quarterSpan(quarter: string): QuarterSpan {
  const m = QUARTER_PATTERN.exec(quarter);
  if (!m) throw new RangeError(`not a quarter: ${quarter}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  const start = iso(year, (q - 1) * 3 + 1);
  const end = q === 4 ? iso(year + 1, 1) : iso(year, q * 3 + 1);
  return { quarter, start, end, days: dayNumber(end) - dayNumber(start) };
}

/** The quarter containing a calendar date. */
export const quarterOf = (date: string): string => `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;

export function previousQuarter(quarter: string): string {
  const m = QUARTER_PATTERN.exec(quarter);
  if (!m) throw new RangeError(`not a quarter: ${quarter}`);
  return m[2] === '1' ? `${Number(m[1]) - 1}-Q4` : `${m[1]}-Q${Number(m[2]) - 1}`;
}

export const nextQuarter = (quarter: string): string => {
  const m = QUARTER_PATTERN.exec(quarter);
  if (!m) throw new RangeError(`not a quarter: ${quarter}`);
  return m[2] === '4' ? `${Number(m[1]) + 1}-Q1` : `${m[1]}-Q${Number(m[2]) + 1}`;
};

/** A member is active from its start date (inclusive) until its leave date (exclusive). */
export const isActiveOn = (date: string, startDate: string, leaveDate?: string): boolean =>
  startDate <= date && (leaveDate === undefined || date < leaveDate);

/** Days a member was active within the quarter: start date inclusive, leave date exclusive (rule 2). */
export function activeDays(span: QuarterSpan, startDate: string, leaveDate?: string): number {
  const from = Math.max(dayNumber(span.start), dayNumber(startDate));
  const to = Math.min(dayNumber(span.end), leaveDate ? dayNumber(leaveDate) : Infinity);
  return Math.max(0, to - from);
}

/** Whether a quarter has ended on a given calendar date (its statements can be approved from then on). */
export const hasEnded = (quarter: string, today: string): boolean => today >= quarterSpan(quarter).end;

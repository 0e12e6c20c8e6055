import getJoursFeries from '@socialgouv/jours-feries';
import { quarterSpan } from './quarters.ts';

const shift = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// The package builds each holiday as a local-time midnight: read it back with the local getters,
// so the calendar date is the same whatever the process's time zone (UTC in Lambda). Its Easter
// matches the Gregorian computus up to 2105 and drifts from 2106, far beyond any quarter run here.
const isoDate = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** French public holidays of a year (metropolitan France, without Alsace-Moselle's two), as YYYY-MM-DD. */
export function frenchPublicHolidays(year: number): Set<string> {
  return new Set(Object.values(getJoursFeries(year)).map(isoDate));
}

/** Whether a calendar date is a weekday that is not a French public holiday. */
export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !frenchPublicHolidays(Number(date.slice(0, 4))).has(date);
}

/** The first working day of a quarter: when its predecessor is reconciled (see docs/reconciliation.md#schedule). */
export function firstWorkingDay(quarter: string): string {
  let day = quarterSpan(quarter).start;
  while (!isWorkingDay(day)) day = shift(day, 1);
  return day;
}

import { quarterSpan } from './quarters.ts';

/** Easter Sunday (anonymous Gregorian algorithm), as YYYY-MM-DD. */
function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const shift = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** French public holidays of a year (metropolitan France). */
export function frenchPublicHolidays(year: number): Set<string> {
  const e = easter(year);
  return new Set([
    `${year}-01-01`,
    shift(e, 1),
    `${year}-05-01`,
    `${year}-05-08`,
    shift(e, 39),
    shift(e, 50),
    `${year}-07-14`,
    `${year}-08-15`,
    `${year}-11-01`,
    `${year}-11-11`,
    `${year}-12-25`,
  ]);
}

export function isWorkingDay(date: string): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !frenchPublicHolidays(Number(date.slice(0, 4))).has(date);
}

/** The first working day of a quarter: when its predecessor is reconciled (SPEC §5). */
export function firstWorkingDay(quarter: string): string {
  let day = quarterSpan(quarter).start;
  while (!isWorkingDay(day)) day = shift(day, 1);
  return day;
}

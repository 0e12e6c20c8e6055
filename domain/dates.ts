/** Calendar dates in Europe/Paris (docs/rules.md#dates-and-quarters). */
const PARIS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date (YYYY-MM-DD) in Paris at a given instant. */
export const parisDate = (instant: Date): string => PARIS.format(instant);

/** True for an existing calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Adds whole days to an instant. */
export const addDays = (instant: Date, days: number): Date => new Date(instant.getTime() + days * 86_400_000);

const FRENCH_DAY = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', day: 'numeric', month: 'long', year: 'numeric' });
const FRENCH_TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });

/** An instant as a person in France reads it: « 4 janvier 2027 à 10:15 » (Paris time). */
export const frenchDateTime = (instant: Date | string): string => {
  const at = new Date(instant);
  return `${FRENCH_DAY.format(at)} à ${FRENCH_TIME.format(at)}`;
};

/** A calendar date (YYYY-MM-DD) or an instant's Paris date, in words: « 4 janvier 2027 ». */
export const frenchDate = (date: string): string =>
  FRENCH_DAY.format(isCalendarDate(date) ? new Date(`${date}T12:00:00Z`) : new Date(date));

/** The instant the next calendar day begins in Paris (midnight, 23:00 or 22:00 UTC depending on the season). */
export function nextParisMidnight(instant: Date): Date {
  const [y, m, d] = parisDate(instant).split('-').map(Number) as [number, number, number];
  const tomorrow = parisDate(new Date(Date.UTC(y, m - 1, d + 1, 12)));
  // Paris is UTC+1 or UTC+2: midnight there is 22:00 or 23:00 UTC the day before.
  const summer = new Date(Date.UTC(y, m - 1, d + 1) - 2 * 3_600_000);
  return parisDate(summer) === tomorrow ? summer : new Date(summer.getTime() + 3_600_000);
}

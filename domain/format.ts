/**
 * French renderings of instants, durations, quantities and calendar dates, for the command line and the back-office alike
 * (a pure module: the browser bundle takes it as it is).
 */

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' });

const NUMBER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const LONG_DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A quantity with up to two decimals, French style (« 33,3 », « 1 250 »). */
export const quantity = (value: number): string => NUMBER.format(value);

/** « 120 m² », « 33,3 m² ». */
export const squareMetres = (value: number): string => `${quantity(value)} m²`;

/** A calendar date (YYYY-MM-DD) written out: « 4 janvier 2027 »; a dash when absent. */
export const longDate = (date: string | undefined): string => (date ? LONG_DATE.format(new Date(`${date.slice(0, 10)}T00:00:00Z`)) : '—');

/** An ISO instant as Paris time (« 01/10/2026 09:00:00 »); a dash when absent. */
export const when = (iso: string | undefined): string => (iso ? DATE_TIME.format(new Date(iso)) : '—');

/** A duration in milliseconds, as people say it (« 850 ms », « 3 min 05 s », « 2 j 4 h »); a dash when absent. */
export function duration(ms: number | undefined): string {
  if (ms === undefined) return '—';
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${String(m % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} j ${h % 24} h`;
}

/**
 * Text helpers for what people type in spreadsheets: comparisons that ignore accents, case,
 * spacing and punctuation, and values quoted in messages.
 */

/** Lowercase words without accents or punctuation, separated by single spaces (`Saint-André` → `saint andre`). */
export const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '') // combining accents (a character class: much faster than \p{M} over 35,000 names)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** A value quoted in a message, shortened: messages stay readable whatever a cell holds. */
export const clip = (value: string, max = 60): string => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

/** Spaces of every kind (`\s` includes no-break and thin spaces) removed: `732 829 320 00074` → `73282932000074`. */
export const withoutSpaces = (text: string): string => text.replace(/\s+/g, '');

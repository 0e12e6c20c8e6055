/**
 * Text helpers for what people type in spreadsheets: comparisons that ignore accents, case,
 * spacing and punctuation, and values quoted in messages.
 */

/** Letters that are not a base letter plus accents: decomposing them leaves nothing to keep. */
const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE', ß: 'ss' };
const plainChars = new Map<string, string>();

/** A non-ASCII character without its accents (`é` → `e`, `œ` → `oe`), remembered: 35,000 names hold few distinct ones. */
function plain(char: string): string {
  let result = plainChars.get(char);
  if (result === undefined) {
    result = LIGATURES[char] ?? char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    plainChars.set(char, result);
  }
  return result;
}

/** Lowercase words without accents or punctuation, separated by single spaces (`Saint-André` → `saint andre`, `Vœuil` → `voeuil`). */
export const fold = (text: string): string =>
  text
    .replace(/[^ -~\s]/g, plain) // every character but printable ASCII and spaces
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** A value quoted in a message, shortened: messages stay readable whatever a cell holds. */
export const clip = (value: string, max = 60): string => (value.length > max ? `${value.slice(0, max - 1)}…` : value);

/** Spaces of every kind (`\s` includes no-break and thin spaces) removed: `732 829 320 00074` → `73282932000074`. */
export const withoutSpaces = (text: string): string => text.replace(/\s+/g, '');

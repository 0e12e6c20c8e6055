import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../domain/errors.ts';
import { readCompaniesFile } from '../../domain/gtec/companies.ts';
import { runNow, runPaced, type Steps } from '../../domain/pace.ts';
import { parseCsvRows, parseCsvRowsPaced } from '../../domain/quarter-inputs.ts';
import { readCsv, readCsvPaced } from '../../domain/spreadsheet/csv.ts';

/** How many turns the event loop had while `work` ran (each a setImmediate that came round). */
async function loopTurnsDuring(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = () => {
    turns += 1;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  await work();
  running = false;
  return turns;
}

/** Cells with what trips a CSV parser across chunk boundaries: separators, quotes, line breaks, accents, emoji. */
const cell = fc.oneof(
  fc.constantFrom('', ' ', 'Forge Lafitte', 'Bœuf & Cie', 'É', '🏢', '"cité"', 'a;b', 'a,b', 'ligne\r\nsuite', '1 234,56', 'x"y'),
  fc.string({ maxLength: 12 }),
);
const quoted = (c: string) => (/[;,"\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
const csvText = fc
  .array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 400 })
  .chain((rows) => fc.constantFrom('\n', '\r\n').map((eol) => rows.map((r) => r.map(quoted).join(';')).join(eol) + eol))
  // Long enough to cross several 16 KB writes.
  .map((text) => text.repeat(Math.ceil(40_000 / text.length)));

describe('long work in steps', () => {
  it('runs steps at once or paced, to the same result, paced work giving the event loop turns', async () => {
    function* count(n: number): Steps<number> {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const until = performance.now() + 1;
        while (performance.now() < until) sum += 0; // a millisecond of work per step
        sum += i;
        yield;
      }
      return sum;
    }
    expect(runNow(count(30))).toBe(435);
    let result = 0;
    const turns = await loopTurnsDuring(async () => {
      result = await runPaced(count(30));
    });
    expect(result).toBe(435);
    // 30 ms of work in 10 ms slices: the loop came round between them.
    expect(turns).toBeGreaterThanOrEqual(2);
  });

  it('reads a CSV through the stream, written in pieces, exactly as at once', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, async (text) => {
        expect(await readCsvPaced(text)).toEqual(readCsv(text));
      }),
      { numRuns: 8 },
    );
  });

  it('reads a quarter’s input file paced exactly as at once, its errors too', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => `Charges ${i};${i % 7 ? '1 234,56' : 'beaucoup'};surface;Loyer é ${i}`);
    const text = `\uFEFFcategorie;montant;cle;libelle\r\n${rows.join('\r\n')}\r\n;;;\r\n`;
    const paced = await parseCsvRowsPaced('costs', text);
    expect(paced).toEqual(parseCsvRows('costs', text));
    expect(paced.errors).toHaveLength(215);
    expect(await parseCsvRowsPaced('costs', `${'x;'.repeat(300)}\n`)).toEqual(parseCsvRows('costs', `${'x;'.repeat(300)}\n`));
  });

  it('gives the event loop turns while it parses one long line (csv-parse’s slowest case)', async () => {
    // Without the pieces, csv-parse reads such a line in one call: several seconds for 4 MB.
    const text = `${'x;'.repeat(100_000)}\n`;
    const turns = await loopTurnsDuring(() => parseCsvRowsPaced('costs', text));
    expect(turns).toBeGreaterThanOrEqual(12);
    expect((await parseCsvRowsPaced('costs', text)).errors).toEqual([
      { line: 1, field: '(fichier)', rule: 'max_columns', message: 'Plus de 200 colonnes : ce n’est pas un export comptable.' },
    ]);
  });

  it('refuses a row wider than 200 columns before reading its headers, and names at most 30 headers it read', async () => {
    // Prepare: 14,000 headers (a JSON list sent as CSV, as the hostile bench does) took a quarter of a second to match.
    const wide = new TextEncoder().encode(`${Array.from({ length: 201 }, (_, i) => `c${i}`).join(',')}\n1\n`);
    const missing = new TextEncoder().encode(`${Array.from({ length: 40 }, (_, i) => `colonne ${i}`).join(';')}\n1\n`);
    // Act
    const [tooWide, unknown] = await Promise.all([readCompaniesFile(wide).catch((e) => e), readCompaniesFile(missing).catch((e) => e)]);
    // Assess
    expect(tooWide).toBeInstanceOf(ValidationError);
    expect(tooWide.issues).toEqual([
      {
        field: '(fichier)',
        rule: 'too_many_columns',
        message: 'Ligne 1 : 201 colonnes, pour 200 au plus. Envoyez un fichier avec un en-tête et une colonne par donnée.',
      },
    ]);
    expect(unknown.message).toMatch(/« colonne 29 » et 10 autres\.$/);
  });
});

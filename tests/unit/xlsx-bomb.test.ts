import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/universal';
import { ValidationError } from '../../domain/errors.ts';
import { MAX_XLSX_ENTRIES } from '../../domain/limits.ts';
import { readSpreadsheet } from '../../domain/spreadsheet/read.ts';
import { zipEntries } from '../../domain/spreadsheet/zip.ts';
import { bomb, lyingAbout, zipOf } from '../support/zip-bombs.ts';

/** The refusal a read ends with. */
const refusal = async (bytes: Uint8Array): Promise<ValidationError> => {
  const error = await readSpreadsheet(bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
};

describe('an .xlsx workbook is bounded before it is unzipped', () => {
  it('refuses a workbook whose parts declare more than 100 MB: 200 MB of zeros in a 200 KB file', async () => {
    // Prepare
    const bytes = bomb(200);
    expect(bytes.length).toBeLessThan(400_000);
    // Act
    const error = await refusal(bytes);
    // Assess
    expect(error.issues).toEqual([{ field: '(fichier)', rule: 'too_large', message: expect.stringContaining('pour 100 Mo au plus') }]);
    expect(error.message).toBe(
      'Fichier refusé. Classeur .xlsx refusé : une fois décompressé, il ferait 200 Mo, pour 100 Mo au plus. Enregistrez-le en CSV, ou découpez-le.',
    );
  });

  it('refuses a part that inflates absurdly, within the total: 20 MB of zeros', async () => {
    const error = await refusal(bomb(20));
    expect(error.issues[0]).toMatchObject({ rule: 'too_large' });
    expect(error.message).toMatch(/sa partie « xl\/worksheets\/sheet1\.xml » se décompresse [\d\u202f ]+ fois, pour 250 au plus/);
  });

  it('refuses a zip of more than 1,000 entries', async () => {
    const parts = Object.fromEntries(Array.from({ length: MAX_XLSX_ENTRIES + 1 }, (_, i) => [`xl/part${i}.xml`, '<a/>']));
    const error = await refusal(zipOf(parts));
    expect(error.message).toContain('il contient 1\u202f001 fichiers internes, pour 1\u202f000 au plus');
  });

  it('refuses a zip whose directory lies about a size, before the lie can inflate: 20 MB of zeros declared as 1,000 bytes', async () => {
    // Prepare: small and honest-looking in the directory (no limit crossed), 20 MB in fact.
    const bytes = lyingAbout(bomb(20), 'xl/worksheets/sheet1.xml', 1000);
    expect(zipEntries(bytes)!.find((e) => e.name === 'xl/worksheets/sheet1.xml')).toMatchObject({ size: 1000 });
    // Act
    const error = await refusal(bytes);
    // Assess
    expect(error.issues[0]).toMatchObject({ rule: 'xlsx' });
    expect(error.message).toBe(
      'Fichier refusé. Classeur .xlsx endommagé : sa partie « xl/worksheets/sheet1.xml » est plus grande qu’annoncé. Ouvrez-le dans le tableur et enregistrez-le à nouveau.',
    );
  });

  it('reads the directory as fflate (read-excel-file’s unzipper) does, and still reads an honest workbook', async () => {
    // Prepare
    const rows = [['SIRET', 'Nom'], ...Array.from({ length: 300 }, (_, i) => [String(i), `Entreprise ${i}`])];
    const bytes = new Uint8Array(
      await (await writeXlsxFile(rows.map((r) => r.map((value) => ({ value }))) as never).toBlob()).arrayBuffer(),
    );
    const seen: { name: string; size: number; originalSize: number }[] = [];
    unzipSync(bytes, {
      filter: (file) => {
        seen.push(file);
        return false;
      },
    });
    // Act
    const entries = zipEntries(bytes)!;
    const { sheets } = await readSpreadsheet(bytes);
    // Assess
    expect(entries.map((e) => ({ name: e.name, size: e.compressedSize, originalSize: e.size }))).toEqual(
      seen.map(({ name, size, originalSize }) => ({ name, size, originalSize })),
    );
    expect(sheets[0]!.rows).toHaveLength(301);
  });
});

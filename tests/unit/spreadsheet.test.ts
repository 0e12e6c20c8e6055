import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../domain/errors.ts';
import { detectSeparator, readCsv } from '../../domain/spreadsheet/csv.ts';
import { decodeText, decodeWindows1252 } from '../../domain/spreadsheet/decode.ts';
import { capErrors, columnLetter, headerKey, readTable, type TableSpec } from '../../domain/spreadsheet/table.ts';

/** A generic table, as another import (members, say) would declare one. */
type Col = 'siret' | 'name' | 'email';
const TABLE: TableSpec<Col> = {
  columns: [
    { key: 'siret', label: 'SIRET', aliases: [['siret']], keywords: ['siret'] },
    { key: 'name', label: 'nom', aliases: [['raison sociale'], ['enseigne']] },
    { key: 'email', label: 'adresse e-mail', aliases: [['email', 'mail']], keywords: ['mail'], unless: ['date'] },
  ],
  required: [['siret'], ['name']],
};
const sheetOf = (text: string) => [readCsv(text)];
const refusal = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('not refused');
};

describe('bytes → text', () => {
  it('decodes Windows-1252 with its own characters in 0x80–0x9F (’ œ € – —), where Latin-1 has control codes', () => {
    expect(decodeWindows1252(Uint8Array.from([0x80, 0x92, 0x9c, 0x96, 0x97, 0xe9, 0x41]))).toBe('€’œ–—éA');
    expect(decodeText(Uint8Array.from([0x4c, 0x92, 0xe9, 0x74, 0xe9]))).toEqual({ text: 'L’été', encoding: 'windows-1252' });
    expect(decodeText(Uint8Array.from([0x4c, 0x92, 0xe9]), 'ISO-8859-1')).toEqual({ text: 'L’é', encoding: 'windows-1252' });
  });

  it('takes valid UTF-8 as UTF-8 (BOM dropped), honours a declared charset, and refuses a false or unknown one', () => {
    expect(decodeText(new TextEncoder().encode('\uFEFFL’été'))).toEqual({ text: 'L’été', encoding: 'utf-8' });
    expect(refusal(() => decodeText(Uint8Array.from([0x4c, 0x92]), 'utf-8')).issues[0]).toMatchObject({ rule: 'encoding' });
    expect(refusal(() => decodeText(Uint8Array.from([0x4c]), 'klingon')).message).toContain('« klingon » inconnu');
  });
});

describe('CSV text → rows numbered as a spreadsheet numbers them', () => {
  it('detects the separator, or takes the one a sep= line names', () => {
    expect(detectSeparator('a;b;c\n1,5;2;3')).toBe(';');
    expect(detectSeparator('"a;b",c,d\n')).toBe(',');
    expect(detectSeparator('a\tb\n')).toBe('\t');
    expect(detectSeparator('sep=,\r\na;b,c\r\n')).toBe(',');
  });

  it('counts the sep= line, empty rows, and one number per record even when a quoted cell spans lines', () => {
    const { rows } = readCsv('sep=;\r\nsiret;raison sociale\r\n1;"A\r\nB"\r\n\r\n2;C\r\n');
    expect(rows.filter((r) => r.cells.some((c) => c)).map((r) => [r.line, r.cells])).toEqual([
      [1, ['sep=', '']],
      [2, ['siret', 'raison sociale']],
      [3, ['1', 'A\r\nB']],
      [5, ['2', 'C']],
    ]);
  });
});

describe('rows → a table of canonical columns', () => {
  it('recognises headers by what they say', () => {
    expect(
      ['N° SIRET', 'siret_etablissement', 'Numéro SIRET', 'trancheEffectifsEtablissement', 'enseigne1Etablissement', 'Adresse E-mail'].map(
        headerKey,
      ),
    ).toEqual(['siret', 'siret', 'siret', 'tranche effectif', 'enseigne', 'adresse e mail']);
    expect([columnLetter(0), columnLetter(25), columnLetter(26), columnLetter(27)]).toEqual(['A', 'Z', 'AA', 'AB']);
  });

  it('finds the header under a title, fills a cell from a weaker column, takes a keyword match, ignores the rest', () => {
    const table = readTable(
      sheetOf('Export du 2 mars\n\nN° SIRET;Raison sociale;Enseigne;Mail du contact RH;Date mail;Divers\n1;;Chez Paul;a@b.fr;2026;x\n'),
      TABLE,
    );
    expect(table).toMatchObject({
      headerLine: 3,
      headers: { siret: 'N° SIRET', name: 'Raison sociale', email: 'Mail du contact RH' },
      ignored: ['Date mail', 'Divers'],
    });
    expect(table.rows).toEqual([
      {
        line: 4,
        cells: {
          siret: { value: '1', header: 'N° SIRET', column: 'A' },
          name: { value: 'Chez Paul', header: 'Enseigne', column: 'C' },
          email: { value: 'a@b.fr', header: 'Mail du contact RH', column: 'D' },
        },
      },
    ]);
  });

  it('refuses a file missing a required column (naming what it read), or with two columns in one place', () => {
    expect(refusal(() => readTable(sheetOf('Nom;Mail\nA;a@b.fr\n'), TABLE)).message).toBe(
      'Fichier refusé. Colonnes obligatoires introuvables : SIRET ; nom. Colonnes lues (ligne 1) : « Nom », « Mail ».',
    );
    expect(refusal(() => readTable(sheetOf('SIRET;siret;Raison sociale\n1;1;A\n'), TABLE)).issues[0]).toMatchObject({
      field: 'siret',
      rule: 'duplicate_column',
    });
    // Weaker wordings may repeat: they complete one another in column order.
    expect(readTable(sheetOf('SIRET;Enseigne 1;Enseigne 2\n1;;B\n'), TABLE).rows[0]!.cells.name).toMatchObject({
      value: 'B',
      header: 'Enseigne 2',
    });
  });

  it('refuses more data rows than the table allows', () => {
    expect(refusal(() => readTable(sheetOf('SIRET;Raison sociale\n1;A\n2;B\n'), { ...TABLE, maxRows: 1 })).issues[0]).toMatchObject({
      rule: 'too_many_rows',
    });
  });

  it('caps a list of errors and counts them all', () => {
    expect(capErrors(Array.from({ length: 250 }, (_, i) => i))).toMatchObject({ errorCount: 250, errors: expect.any(Array) });
    expect(capErrors(Array.from({ length: 250 }, (_, i) => i)).errors).toHaveLength(100);
  });
});

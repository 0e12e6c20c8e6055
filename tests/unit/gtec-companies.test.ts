import { describe, expect, it } from 'vitest';
import { detectDelimiter, nafSection, parseCompaniesCsv } from '../../domain/gtec/companies.ts';
import { withLuhnDigit } from '../../domain/siret.ts';

const S1 = withLuhnDigit('7328293200007');
const S2 = withLuhnDigit('4420000000001');

const laPoste = Array.from({ length: 100 }, (_, i) => `356000000${String(i).padStart(5, '0')}`).find(
  (s) => [...s].reduce((a, c) => a + Number(c), 0) % 5 === 0 && !withLuhnDigit(s.slice(0, 13)).endsWith(s[13]!),
)!; // La Poste's own rule, not Luhn

describe('company CSV import (GTEC registry)', () => {
  it('reads a spreadsheet export: BOM, `;`, CRLF, quoted fields with separators and quotes, accents', () => {
    // Prepare
    const csv = `\uFEFFSIRET;Raison sociale;Code NAF;Tranche d’effectif;Commune;E-mail\r\n${S1};"Métallerie ""Duhalde""; fils";25.62b;10-49;Saint-Martin-de-Seignanx;rh@duhalde.example.fr\r\n${laPoste};La Poste Tarnos;53.10Z;50-249;Tarnos;tarnos@laposte.example.fr\r\n`;
    // Act
    const { companies, errors } = parseCompaniesCsv(csv);
    // Assess
    expect(errors).toEqual([]);
    expect(companies.map((c) => c.company)).toEqual([
      {
        siret: S1,
        name: 'Métallerie "Duhalde"; fils',
        naf: '25.62B',
        sizeBand: '10-49',
        commune: 'Saint-Martin-de-Seignanx',
        email: 'rh@duhalde.example.fr',
      },
      { siret: laPoste, name: 'La Poste Tarnos', naf: '53.10Z', sizeBand: '50-249', commune: 'Tarnos', email: 'tarnos@laposte.example.fr' },
    ]);
    expect(companies.map((c) => c.line)).toEqual([2, 3]);
  });

  it('detects `,` as the separator, and still reads quoted `;` and `,` inside fields', () => {
    const csv = `siret,nom,naf,taille,commune,email\n${S1},"Duhalde, fils; SARL",43.21A,0-9,Ondres,a@b.fr\n`;
    expect(detectDelimiter(csv)).toBe(',');
    expect(parseCompaniesCsv(csv).companies[0]!.company.name).toBe('Duhalde, fils; SARL');
  });

  it('reports each invalid row by line, field and rule, and each repeated SIRET, keeping the valid rows', () => {
    const bad = S1.slice(0, 13) + String((Number(S1[13]) + 1) % 10);
    const csv = [
      'siret;nom;naf;tranche effectif;commune;email',
      `${S1};Duhalde;43.21A;10-49;Ondres;a@b.fr`,
      `${bad};Faux;43.21A;10-49;Ondres;a@b.fr`,
      `${S2};;4321A;11-20;Ondres;pas-un-mail`,
      `${S1};Duhalde bis;43.21A;10-49;Ondres;a@b.fr`,
      `123;X;00.00Z;0-9;Ondres;a@b.fr`,
    ].join('\r\n');
    const { companies, errors } = parseCompaniesCsv(csv);
    expect(companies.map((c) => c.line)).toEqual([2]);
    expect(errors.map((e) => `${e.line}:${e.field}:${e.rule}`)).toEqual([
      '3:siret:siret_checksum',
      '4:name:required',
      '4:naf:naf_format',
      '4:sizeBand:one_of',
      '4:email:format:email',
      '5:siret:duplicate',
      '6:siret:siret_format',
      '6:naf:naf_format',
    ]);
    expect(errors.find((e) => e.rule === 'duplicate')!.message).toContain('ligne 2');
  });

  it('refuses a file without the required columns, or empty', () => {
    expect(parseCompaniesCsv('siret;nom\n1;2\n').errors.map((e) => e.field)).toEqual(['naf', 'sizeBand', 'commune', 'email']);
    expect(parseCompaniesCsv('').errors[0]).toMatchObject({ line: 1, rule: 'required' });
  });

  it('maps NAF codes to their rév. 2 section', () => {
    expect([nafSection('01.11Z'), nafSection('25.62B'), nafSection('43.21A'), nafSection('62.01Z'), nafSection('04.00Z')]).toEqual([
      'A',
      'C',
      'F',
      'J',
      undefined,
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { communeKey, communeLines, communeName, departementName, resolveCommune } from '../../domain/nomenclatures/communes.ts';
import { DEPARTEMENTS } from '../../domain/nomenclatures/communes-data.ts';
import { NAF_SECTION_LABELS, NAF_SECTIONS, nafLabel, nafSection, nafSectionLabel, readNaf } from '../../domain/nomenclatures/naf.ts';
import { INSEE_SIZE_CODES, readSizeBand, SIZE_BAND_LABELS, SIZE_BANDS } from '../../domain/nomenclatures/size-bands.ts';
import { repoPath } from '../../infra/paths.ts';
import { departementLines, GENERATED, communeLines as generatedCommuneLines } from '../../scripts/nomenclatures.ts';

describe('generated nomenclature modules: what the installed packages give (run `npm run nomenclatures` after an upgrade)', () => {
  it('NAF sub-classes', () => {
    expect(readFileSync(repoPath('domain/nomenclatures/naf-data.ts'), 'utf8')).toBe(GENERATED['domain/nomenclatures/naf-data.ts']!());
  });
  it('communes and départements (compared once inflated: compressed bytes may differ between zlib versions)', () => {
    expect(communeLines()).toBe(generatedCommuneLines());
    expect(DEPARTEMENTS).toBe(departementLines());
  });
});

describe('NAF rév. 2', () => {
  it('reads codes as files write them and checks them against the official list', () => {
    for (const raw of ['43.21A', '4321A', '43 21 a', '43,21A', '4321A - Travaux d’installation électrique dans tous locaux'])
      expect(readNaf(raw)).toEqual({ code: '43.21A', section: 'F' });
    expect(readNaf('43.21C')).toMatchObject({ problem: { rule: 'naf_unknown' } });
    expect(readNaf('452A')).toMatchObject({ problem: { rule: 'naf_format' } });
    expect(readNaf('Construction')).toMatchObject({ problem: { rule: 'naf_format' } });
    expect(nafLabel('52.24A')).toBe('Manutention portuaire');
  });

  it('labels every section in French, and maps every sub-class to a section', () => {
    expect(NAF_SECTIONS).toHaveLength(21);
    expect(NAF_SECTIONS.every((s) => NAF_SECTION_LABELS[s].length > 5)).toBe(true);
    expect(nafSectionLabel('F')).toBe('Construction');
    expect([nafSection('01.11Z'), nafSection('25.62B'), nafSection('62.01Z'), nafSection('99.00Z'), nafSection('04.00Z')]).toEqual([
      'A',
      'C',
      'J',
      'U',
      undefined,
    ]);
  });
});

describe('size bands', () => {
  it('maps every INSEE size code and its label to the pôle band that contains it', () => {
    const expected: Record<string, string> = {
      NN: '0-9',
      '00': '0-9',
      '01': '0-9',
      '02': '0-9',
      '03': '0-9',
      '11': '10-49',
      '12': '10-49',
    };
    for (const code of ['21', '22', '31']) expected[code] = '50-249';
    for (const code of ['32', '41', '42', '51', '52', '53']) expected[code] = '250+';
    expect(Object.keys(INSEE_SIZE_CODES).sort()).toEqual(Object.keys(expected).sort());
    for (const [code, { label }] of Object.entries(INSEE_SIZE_CODES)) {
      expect(readSizeBand(code)).toEqual({ band: expected[code] });
      expect(readSizeBand(label)).toEqual({ band: expected[code] });
    }
  });

  it('reads common bands, the pôle’s own labels, a code whose leading zero was lost, and headcounts', () => {
    const cases: [string, string, 'band' | 'headcount'][] = [
      ['0', '0-9', 'band'],
      ['1-9', '0-9', 'band'],
      ['10-49', '10-49', 'band'],
      ['50-249', '50-249', 'band'],
      ['250+', '250+', 'band'],
      ['250 et plus', '250+', 'band'],
      ['Unités non employeuses', '0-9', 'band'],
      ['3', '0-9', 'band'],
      ['21', '10-49', 'headcount'],
      ['1 200', '250+', 'headcount'],
      ['12,5', '10-49', 'headcount'],
      ['10 à 49', '10-49', 'headcount'],
      ...SIZE_BANDS.map((b): [string, string, 'band'] => [SIZE_BAND_LABELS[b], b, 'band']),
    ];
    for (const [raw, band, as] of cases) expect([raw, readSizeBand(raw, as)]).toEqual([raw, { band }]);
  });

  it('refuses what says nothing for sure', () => {
    expect(readSizeBand('5-20')).toMatchObject({ problem: { rule: 'size_band_span' } });
    expect(readSizeBand('15')).toMatchObject({ problem: { rule: 'size_band', message: expect.stringContaining('« Effectif »') } });
    expect(readSizeBand('énorme')).toMatchObject({ problem: { rule: 'size_band' } });
    expect(readSizeBand('-3', 'headcount')).toMatchObject({ problem: { rule: 'size_band' } });
  });
});

describe('communes', () => {
  it('compares names whatever their case, accents, hyphens, abbreviations and CEDEX', () => {
    const key = communeKey('Saint-André-de-Seignanx');
    for (const spelling of ['ST ANDRE DE SEIGNANX', 'saint andré de seignanx', 'St-André-de-Seignanx Cedex 2'])
      expect(communeKey(spelling)).toBe(key);
    expect(communeKey('Havre (Le)')).toBe(communeKey('Le Havre'));
    // A ligature is two letters to whoever types it without one.
    expect(resolveCommune({ name: 'VOEUIL ET GIGET' })).toMatchObject({ commune: { name: 'Vœuil-et-Giget' } });
  });

  it('resolves a code (its lost leading zero restored), a name, a name and postal code, a postal code alone', () => {
    expect(resolveCommune({ code: '40312' })).toMatchObject({ commune: { code: '40312', name: 'Tarnos' } });
    expect(resolveCommune({ code: '1053' })).toMatchObject({ commune: { code: '01053', name: 'Bourg-en-Bresse' } });
    expect(resolveCommune({ name: 'TARNOS' })).toMatchObject({ commune: { code: '40312' } });
    expect(resolveCommune({ name: 'Saint-Barthélemy', postalCode: '40390' })).toMatchObject({ commune: { code: '40251' } });
    expect(resolveCommune({ name: 'Saint-Barthélemy (40)' })).toMatchObject({ commune: { code: '40251' } });
    expect(resolveCommune({ name: 'Saint-Barthélemy' }, ['40', '64'])).toMatchObject({ commune: { code: '40251' } });
    // A CEDEX postal code designates no commune: the name decides, the postal code's département breaks ties.
    expect(resolveCommune({ name: 'BAYONNE CEDEX', postalCode: '64109' })).toMatchObject({ commune: { code: '64102' } });
    expect(resolveCommune({ postalCode: '40220' })).toMatchObject({ commune: { code: '40312' } });
  });

  it('refuses, naming the candidates, what it cannot settle', () => {
    expect(resolveCommune({ name: 'Saint-Barthélemy' })).toMatchObject({ problem: { rule: 'commune_ambiguous', of: 'name' } });
    expect(resolveCommune({ postalCode: '40390' })).toMatchObject({
      problem: { rule: 'postal_code_ambiguous', message: expect.stringContaining('Biarrotte, Biaudos') },
    });
    expect(resolveCommune({ name: 'Tarnoss' })).toMatchObject({ problem: { rule: 'commune_unknown' } });
    expect(resolveCommune({ code: '40999' })).toMatchObject({ problem: { rule: 'commune_code_unknown' } });
    expect(resolveCommune({})).toMatchObject({ problem: { rule: 'required' } });
  });

  it('gives names for pages: communes (municipal arrondissements included) and départements', () => {
    expect([communeName('40312'), communeName('75115'), departementName('40'), departementName('2A'), communeName('00000')]).toEqual([
      'Tarnos',
      'Paris 15e Arrondissement',
      'Landes',
      'Corse-du-Sud',
      undefined,
    ]);
  });
});

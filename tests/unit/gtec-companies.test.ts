import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/universal';
import { ValidationError } from '../../domain/errors.ts';
import { type Company, importReply, readCompaniesFile } from '../../domain/gtec/companies.ts';
import { LA_POSTE_HEAD_OFFICE_SIRET, luhnValid, withLuhnDigit } from '../../domain/siret.ts';
import { demoCompanies } from '../../local/seed.ts';

const S1 = withLuhnDigit('7328293200007');
const S2 = withLuhnDigit('4420000000001');
/** A SIRET that starts with 0, which a spreadsheet taking it for a number shortens to 13 digits. */
const S0 = withLuhnDigit('0732829320007');
/** A La Poste establishment: its own rule (digit sum a multiple of 5), not Luhn. */
const LA_POSTE = Array.from({ length: 100 }, (_, i) => `356000000${String(i).padStart(5, '0')}`).find(
  (s) => [...s].reduce((a, c) => a + Number(c), 0) % 5 === 0 && !luhnValid(s),
)!;

/** Windows-1252, as French Windows saves « CSV (séparateur : point-virgule) »: Latin-1 plus ’ œ € in 0x80–0x9F. */
const CP1252: Record<string, number> = { '\u20ac': 0x80, '\u2019': 0x92, '\u2014': 0x97, '\u0153': 0x9c };
const cp1252 = (text: string): Uint8Array =>
  Uint8Array.from([...text], (ch) => {
    const byte = CP1252[ch] ?? ch.charCodeAt(0);
    if (byte > 0xff) throw new Error(`no Windows-1252 byte for ${ch}`);
    return byte;
  });
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const HEADER = ['N° SIRET', 'Raison sociale', 'Code APE', 'Tranche d’effectifs', 'Commune', 'Adresse mail'];
const ROWS = [
  [S1, 'Métallerie "Duhalde"; fils, SARL', '2562B', '11', 'Saint-Martin-de-Seignanx', 'rh@duhalde.example.fr'],
  [LA_POSTE, 'La Poste — Tarnos', '53.10Z', '50 à 99 salariés', 'TARNOS', 'tarnos@laposte.example.fr'],
  [S2, 'Bœuf & Cie', '10.71c', '0', 'St-André-de-Seignanx', 'contact@boeuf.example.fr'],
];
const EXPECTED: Company[] = [
  {
    siret: S1,
    name: 'Métallerie "Duhalde"; fils, SARL',
    naf: '25.62B',
    nafSection: 'C',
    sizeBand: '10-49',
    commune: '40273',
    communeName: 'Saint-Martin-de-Seignanx',
    email: 'rh@duhalde.example.fr',
  },
  {
    siret: LA_POSTE,
    name: 'La Poste — Tarnos',
    naf: '53.10Z',
    nafSection: 'H',
    sizeBand: '50-249',
    commune: '40312',
    communeName: 'Tarnos',
    email: 'tarnos@laposte.example.fr',
  },
  {
    siret: S2,
    name: 'Bœuf & Cie',
    naf: '10.71C',
    nafSection: 'C',
    sizeBand: '0-9',
    commune: '40248',
    communeName: 'Saint-André-de-Seignanx',
    email: 'contact@boeuf.example.fr',
  },
];

/** Rows as a CSV text: fields holding the separator, a quote or a line break are quoted, quotes doubled. */
const csv = (rows: string[][], sep: string, eol: string): string =>
  rows.map((r) => r.map((v) => (v.includes(sep) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(sep)).join(eol) + eol;

const xlsx = async (rows: (string | number | null)[][]): Promise<Uint8Array> =>
  new Uint8Array(
    await (
      await writeXlsxFile(
        rows.map((r) => r.map((value) => (value === null ? null : { value }))) as never,
        { sheet: 'Entreprises' } as never,
      ).toBlob()
    ).arrayBuffer(),
  );

describe('company files as staff have them', () => {
  const table = [HEADER, ...ROWS];
  it.each([
    { shape: 'UTF-8 with BOM, `;`, CRLF', bytes: () => utf8(`\uFEFF${csv(table, ';', '\r\n')}`), lines: [2, 3, 4], encoding: 'utf-8' },
    { shape: 'UTF-8 without BOM, `;`, LF', bytes: () => utf8(csv(table, ';', '\n')), lines: [2, 3, 4], encoding: 'utf-8' },
    {
      shape: 'Windows-1252 (accents, ’, œ), detected',
      bytes: () => cp1252(csv(table, ';', '\r\n')),
      lines: [2, 3, 4],
      encoding: 'windows-1252',
    },
    {
      shape: 'Windows-1252 announced by a charset parameter',
      bytes: () => cp1252(csv(table, ';', '\r\n')),
      charset: 'windows-1252',
      lines: [2, 3, 4],
      encoding: 'windows-1252',
    },
    {
      shape: 'Excel’s `sep=;` first line (the header is line 2)',
      bytes: () => cp1252(`sep=;\r\n${csv(table, ';', '\r\n')}`),
      lines: [3, 4, 5],
    },
    { shape: '`,` separator, quoted fields holding `,` and `;`', bytes: () => utf8(csv(table, ',', '\r\n')), lines: [2, 3, 4] },
    {
      shape: 'Excel’s « Texte Unicode »: UTF-16LE with BOM, tab-separated',
      bytes: () => Uint8Array.from(Buffer.from(`\uFEFF${csv(table, '\t', '\r\n')}`, 'utf16le')),
      lines: [2, 3, 4],
      encoding: 'utf-16le',
    },
    {
      shape: 'a quoted name spanning two lines, and an empty row, counted as the spreadsheet counts rows',
      bytes: () =>
        utf8(csv([HEADER, ROWS[0]!, ['', '', '', '', '', ''], ...ROWS.slice(1)], ';', '\r\n').replace('fils, SARL', 'fils,\nSARL')),
      lines: [2, 4, 5],
      names: ['Métallerie "Duhalde"; fils,\nSARL'],
    },
  ])('reads $shape', async ({ bytes, charset, lines, encoding, names }) => {
    // Act
    const result = await readCompaniesFile(bytes(), { ...(charset && { charset }) });
    // Assess
    expect(result.errors).toEqual([]);
    expect(result.companies.map((c) => c.line)).toEqual(lines);
    const expected = names ? EXPECTED.map((c, i) => ({ ...c, name: names[i] ?? c.name })) : EXPECTED;
    expect(result.companies.map((c) => c.company)).toEqual(expected);
    if (encoding) expect(result.encoding).toBe(encoding);
    expect(result.table.headers).toMatchObject({
      siret: 'N° SIRET',
      naf: 'Code APE',
      sizeBand: 'Tranche d’effectifs',
      email: 'Adresse mail',
    });
  });

  it('reads an .xlsx workbook: SIRETs typed as numbers, a title above the header, rows numbered as the workbook numbers them', async () => {
    // Prepare: a title row, an empty row, then the header (row 3); SIRETs and INSEE codes as numbers.
    const bytes = await xlsx([
      ['Entreprises du Seignanx — export du 2 mars 2026', null, null, null, null, null],
      [null, null, null, null, null, null],
      HEADER,
      ...ROWS.map(([siret, name, naf, size, commune, email]) => [Number(siret), name!, naf!, size === '11' ? 11 : size!, commune!, email!]),
    ]);
    // Act: also as a view into a larger buffer, as a small Buffer decoded from base64 often is (Node's shared pool).
    const result = await readCompaniesFile(bytes);
    const larger = new Uint8Array(bytes.length + 64);
    larger.set(bytes, 32);
    // Assess
    expect((await readCompaniesFile(Buffer.from(larger.buffer, 32, bytes.length))).companies).toEqual(result.companies);
    expect(result).toMatchObject({ format: 'xlsx', errors: [], table: { sheet: 'Entreprises', headerLine: 3 } });
    expect(result.companies.map((c) => c.line)).toEqual([4, 5, 6]);
    expect(result.companies.map((c) => c.company)).toEqual(EXPECTED);
  });

  it('reads a SIRENE extract by its own column names, a staff-added e-mail column, and ignores the rest', async () => {
    // Prepare: the register's column names (establishment file, with the legal unit's name), values as it writes them.
    const header =
      'siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,trancheEffectifsEtablissement,anneeEffectifsEtablissement,' +
      'etablissementSiege,numeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,codePostalEtablissement,libelleCommuneEtablissement,' +
      'libelleCommuneEtrangerEtablissement,codeCommuneEtablissement,codeCedexEtablissement,etatAdministratifEtablissement,enseigne1Etablissement,' +
      'enseigne2Etablissement,denominationUsuelleEtablissement,activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement,' +
      'caractereEmployeurEtablissement,denominationUniteLegale,Adresse mail';
    const rows = [
      `${S1.slice(0, 9)},${S1.slice(9)},${S1},O,1998-03-01,11,2023,true,12,RUE,DE LA FORGE,40390,SAINT-MARTIN-DE-SEIGNANX,,40273,,A,,,,25.62B,NAFRev2,O,METALLERIE DUHALDE,rh@duhalde.example.fr`,
      `356000000,00048,${LA_POSTE_HEAD_OFFICE_SIRET},O,1991-01-01,53,2023,true,9,RUE,DU COLONEL PIERRE AVIA,75015,PARIS 15,,75115,,A,,,,53.10Z,NAFRev2,O,LA POSTE,siege@laposte.example.fr`,
      `${S2.slice(0, 9)},${S2.slice(9)},${S2},O,2010-06-01,NN,,false,,,,40220,TARNOS,,40312,,A,BOULANGERIE DU PORT,,,10.71C,NAFRev2,N,,contact@port.example.fr`,
    ];
    // Act
    const result = await readCompaniesFile(utf8(`${header}\n${rows.join('\n')}\n`));
    // Assess
    expect(result.errors).toEqual([]);
    expect(result.companies.map((c) => c.company)).toEqual([
      expect.objectContaining({ siret: S1, name: 'METALLERIE DUHALDE', naf: '25.62B', sizeBand: '10-49', commune: '40273' }),
      expect.objectContaining({ siret: LA_POSTE_HEAD_OFFICE_SIRET, name: 'LA POSTE', sizeBand: '250+', commune: '75115', nafSection: 'H' }),
      // No legal-unit name: the sign (enseigne) fills in; « NN » (no employee) is the smallest band.
      expect.objectContaining({ siret: S2, name: 'BOULANGERIE DU PORT', sizeBand: '0-9', commune: '40312', communeName: 'Tarnos' }),
    ]);
    expect(result.table.headers).toMatchObject({
      siret: 'siret',
      name: 'denominationUniteLegale',
      naf: 'activitePrincipaleEtablissement',
      sizeBand: 'trancheEffectifsEtablissement',
      commune: 'libelleCommuneEtablissement',
      communeCode: 'codeCommuneEtablissement',
      postalCode: 'codePostalEtablissement',
      email: 'Adresse mail',
    });
    expect(result.table.ignored).toEqual(
      expect.arrayContaining(['siren', 'anneeEffectifsEtablissement', 'libelleCommuneEtrangerEtablissement']),
    );
  });

  it('imports the demo seed’s companies back from a spreadsheet export of them', async () => {
    // Prepare: the seed's registry as staff would export it, communes by name (one name, Saint-Barthélemy, is shared by 7 communes).
    const companies = demoCompanies();
    const rows = companies.map((c) => [c.siret, c.name, c.naf.replace('.', ''), c.sizeBand, c.communeName, c.email]);
    // Act
    const result = await readCompaniesFile(cp1252(csv([HEADER, ...rows], ';', '\r\n')), { departements: ['40', '64'] });
    // Assess
    expect(result.errors).toEqual([]);
    expect(result.companies.map((c) => c.company)).toEqual(companies);
  });
});

describe('every kind of bad row, reported by line and column', () => {
  it('keeps the valid rows and names each problem with the line, the header as written and the rule', async () => {
    // Prepare
    const bad = S1.slice(0, 13) + String((Number(S1[13]) + 1) % 10);
    const file = [
      'Siret;Nom;NAF;Effectif;Ville;Code postal;E-mail',
      `${S1};Duhalde;43.21A;12;Ondres;;a@duhalde.example.fr`, // 2: valid
      `${bad};Faux;43.21A;12;Ondres;;a@b.fr`, // 3: check digit
      `7,33E+13;Notation;43.21A;12;Ondres;;a@b.fr`, // 4: scientific notation
      `${S0.slice(1)};Zéro perdu;43.21A;12;Ondres;;a@b.fr`, // 5: 13 digits
      `12345;Court;43.21A;12;Ondres;;a@b.fr`, // 6: format
      `${withLuhnDigit('5000000000001')};;4321;-3;Tarnoss;;pas-un-mail`, // 7: name, NAF format, headcount, commune, e-mail
      `${withLuhnDigit('5000000000002')};NAF inconnu;43.21C;5-20 salariés;Saint-Barthélemy;;b@c.fr`, // 8: NAF unknown, band span, ambiguous commune
      `${withLuhnDigit('5000000000003')};Code postal seul;43.21A;12;;40390;b@c.fr`, // 9: postal code of 8 communes
      ';Sans SIRET;43.21A;12;Tarnos;;b@c.fr', // 10: SIRET missing
      `${S1};Doublon d’une ligne valide;43.21A;12;Ondres;;a@duhalde.example.fr`, // 11: duplicate of line 2
      `${bad};Doublon d’une ligne refusée;43.21A;12;Ondres;;a@b.fr`, // 12: duplicate of line 3 (itself refused)
      `${LA_POSTE_HEAD_OFFICE_SIRET};La Poste (siège);53.10Z;250000;Paris;;siege@laposte.example.fr`, // 13: valid (La Poste's exception)
    ].join('\r\n');
    // Act
    const result = await readCompaniesFile(utf8(file));
    // Assess
    expect(result.companies.map((c) => c.line)).toEqual([2, 13]);
    expect(result.errors.map((e) => `${e.line}:${e.column}:${e.rule}`)).toEqual([
      '3:Siret:siret_checksum',
      '4:Siret:siret_scientific',
      '5:Siret:siret_leading_zero',
      '6:Siret:siret_format',
      '7:Nom:required',
      '7:NAF:naf_format',
      '7:Effectif:size_band',
      '7:Ville:commune_unknown',
      '7:E-mail:format:email',
      '8:NAF:naf_unknown',
      '8:Effectif:size_band_span',
      '8:Ville:commune_ambiguous',
      '9:Code postal:postal_code_ambiguous',
      '10:Siret:required',
      '11:Siret:duplicate',
      '12:Siret:duplicate',
      '12:Siret:siret_checksum',
    ]);
    expect(result.rejected).toBe(10);
    const message = (line: number, rule: string) => result.errors.find((e) => e.line === line && e.rule === rule)!.message;
    expect(message(4, 'siret_scientific')).toMatch(
      /^Ligne 4, colonne « Siret » : « 7,33E\+13 » : le tableur a écrit ce SIRET en notation scientifique/,
    );
    expect(message(5, 'siret_leading_zero')).toContain(`(${S0} serait valide)`);
    expect(message(11, 'duplicate')).toBe(`Ligne 11, colonne « Siret » : SIRET ${S1} déjà présent ligne 2 ; cette ligne est ignorée.`);
    expect(message(12, 'duplicate')).toContain('déjà présent ligne 3 (ligne elle-même refusée)');
    expect(message(8, 'commune_ambiguous')).toContain('Landes (40251)');
    expect(message(8, 'naf_unknown')).toContain('43.21C');
  });

  it('settles a commune name shared by several communes with the pôle’s départements', async () => {
    const file = `siret;nom;naf;tranche;commune;email\n${S1};Duhalde;43.21A;12;Saint-Barthélemy;a@b.fr\n`;
    expect((await readCompaniesFile(utf8(file))).errors.map((e) => e.rule)).toEqual(['commune_ambiguous']);
    expect((await readCompaniesFile(utf8(file), { departements: ['40', '64'] })).companies[0]!.company.commune).toBe('40251');
  });

  it('lists the first 100 errors and counts them all, so the reply stays small', async () => {
    // Prepare: 150 rows with a bad e-mail and a bad NAF code each.
    const rows = Array.from({ length: 150 }, (_, i) => `${withLuhnDigit(`6${String(i).padStart(12, '0')}`)};E${i};99.99Z;12;Tarnos;x`);
    const result = await readCompaniesFile(utf8(`siret;nom;naf;effectif;commune;email\n${rows.join('\n')}\n`));
    // Act
    const reply = importReply(result);
    // Assess
    expect(reply).toMatchObject({ imported: 0, rejected: 150, errorCount: 300 });
    expect(reply.errors).toHaveLength(100);
    expect(reply.message).toBe('Aucune entreprise importée : 150 lignes refusées (300 erreurs, les 100 premières listées).');
    expect(JSON.stringify(reply).length).toBeLessThan(40_000);
  });
});

describe('a file refused as a whole says so plainly', () => {
  const refusal = async (bytes: Uint8Array): Promise<ValidationError> => {
    try {
      await readCompaniesFile(bytes);
    } catch (error) {
      if (error instanceof ValidationError) return error;
      throw error;
    }
    throw new Error('the file was accepted');
  };

  it('names the missing required column and the columns it read', async () => {
    const error = await refusal(utf8(`Nom;Code APE;Tranche;Ville;Mail\nDuhalde;43.21A;11;Ondres;a@b.fr\n`));
    expect(error.message).toBe(
      'Fichier refusé. Colonne obligatoire introuvable : SIRET. Colonnes lues (ligne 1) : « Nom », « Code APE », « Tranche », « Ville », « Mail ».',
    );
    expect(error.issues).toEqual([{ field: 'siret', rule: 'required_column', message: 'Colonne obligatoire introuvable : SIRET.' }]);
  });

  it('names two columns that claim the same place', async () => {
    const error = await refusal(utf8(`SIRET;Raison sociale;Dénomination;NAF;Tranche;Commune;Mail\n${S1};A;B;43.21A;11;Ondres;a@b.fr\n`));
    expect(error.issues[0]).toMatchObject({ field: 'name', rule: 'duplicate_column' });
    expect(error.message).toContain('« Raison sociale » (colonne B) et « Dénomination » (colonne C)');
  });

  it.each([
    { what: 'an empty file', bytes: new Uint8Array(), rule: 'empty' },
    { what: 'a header without rows', bytes: utf8('siret;nom;naf;tranche;commune;email\r\n\r\n'), rule: 'no_rows' },
    {
      what: 'an unclosed quote',
      bytes: utf8(`siret;nom;naf;tranche;commune;email\n${S1};"Duhalde;43.21A;11;Ondres;a@b.fr\n`),
      rule: 'csv',
    },
    { what: 'an old .xls workbook', bytes: Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), rule: 'xls' },
    { what: 'a damaged .xlsx', bytes: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]), rule: 'xlsx' },
    { what: 'a PDF', bytes: utf8('%PDF-1.7\n…'), rule: 'not_a_spreadsheet' },
  ])('refuses $what', async ({ bytes, rule }) => {
    const error = await refusal(bytes);
    expect(error.issues[0]).toMatchObject({ field: '(fichier)', rule });
    expect(error.message).toMatch(/^Fichier refusé\. [A-ZÀ-Ü]/);
  });
});

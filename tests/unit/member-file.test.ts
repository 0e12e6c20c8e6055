import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/universal';
import { ValidationError } from '../../domain/errors.ts';
import { readMembersFile } from '../../domain/member-file.ts';
import { withLuhnDigit } from '../../domain/siret.ts';

/** The existing members' file, read by the shared spreadsheet layer: the shapes staff have, each cell as they write it. */
const S1 = withLuhnDigit('7328293200007');
const S2 = withLuhnDigit('4420000000001');

/** Latin-1 bytes plus the apostrophe Windows-1252 puts at 0x92, as French Windows saves a CSV. */
const cp1252 = (text: string): Uint8Array => Uint8Array.from([...text], (ch) => (ch === '\u2019' ? 0x92 : ch.charCodeAt(0)));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('existing members files', () => {
  it('a Windows-1252 CSV with a sep= line, French headers, labels, decimal commas and French dates', async () => {
    const text = [
      'sep=;',
      'N° SIRET;Raison sociale;Forme juridique;Statut ESS;Surface (m²);Postes de travail;ETP;Services mutualisés;Date d’entrée;Date de départ;Courriel;Remarque',
      `${S1};L’Atelier;Groupement d’employeurs;Agrément ESUS;33,3;2;0,75;Accueil mutualisé / RH;01/09/2019;;contact@atelier.fr;à voir`,
      `${S2};Coop;scop;entreprise classique;1 234,5;10;12;;2018-01-01;31/12/2024;coop@coop.fr;`,
    ].join('\r\n');
    const reading = await readMembersFile(cp1252(text));
    expect(reading.errors).toEqual([]);
    expect(reading.rows).toEqual([
      {
        line: 3,
        member: {
          siret: S1,
          name: 'L’Atelier',
          legalForm: 'EMPLOYERS_GROUP',
          essStatus: 'ESUS',
          areaM2: 33.3,
          desks: 2,
          fte: 0.75,
          sharedServices: ['RECEPTION', 'HR'],
          startDate: '2019-09-01',
          contactEmail: 'contact@atelier.fr',
        },
      },
      {
        line: 4,
        member: expect.objectContaining({
          legalForm: 'SCOP',
          essStatus: 'CLASSIC_COMPANY',
          areaM2: 1234.5,
          sharedServices: [],
          leaveDate: '2024-12-31',
        }),
      },
    ]);
  });

  it('every bad cell by line and column, each of a row at once; a date that does not exist, a leave before the start', async () => {
    const text = [
      'SIRET,Nom,Forme juridique,Statut ESS,Surface,Postes,ETP,Date d’entrée,Date de départ,E-mail',
      `${S1.slice(0, 13)}0,A,SCIC,ESUS,"12,345",2,1,31/02/2020,,a@b.fr`,
      `${S2},B,Coopérative,ESS,10,deux,"0,5",2020-01-01,2019-01-01,pas-une-adresse`,
    ].join('\n');
    const { rows, errors } = await readMembersFile(utf8(text));
    expect(rows).toEqual([]);
    expect(errors.map((e) => [e.line, e.column, e.rule])).toEqual([
      [2, 'SIRET', expect.any(String)],
      [2, 'Surface', 'max_decimals'],
      [2, 'Date d’entrée', 'date'],
      [3, 'Forme juridique', 'enum'],
      [3, 'Postes', 'integer'],
      [3, 'E-mail', expect.any(String)],
    ]);
    // A leave date before the start, on a row otherwise right.
    const early = await readMembersFile(
      utf8(text.replace('deux', '2').replace('Coopérative', 'SCOP').replace('pas-une-adresse', 'b@c.fr')),
    );
    expect(early.errors.filter((e) => e.line === 3).map((e) => [e.column, e.rule])).toEqual([['Date de départ', 'after_start']]);
    expect(errors.find((e) => e.rule === 'date')?.message).toBe(
      'Ligne 2, colonne « Date d’entrée » : « 31/02/2020 » : cette date n’existe pas.',
    );
  });

  it('a file without a required column is refused as a whole, naming it', async () => {
    const refusal = await readMembersFile(utf8('SIRET;Nom;Forme juridique;Statut ESS;Postes;ETP;Date d’entrée;E-mail\n')).catch(
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).message).toMatch(/Colonne obligatoire introuvable : surface \(m²\)/);
  });

  it('an .xlsx workbook, numbers and dates as the spreadsheet typed them', async () => {
    const header = ['SIRET', 'Nom', 'Forme juridique', 'Statut ESS', 'Surface (m²)', 'Postes', 'ETP', 'Date d’entrée', 'E-mail'];
    const row = [Number(S1), 'A', 'SCIC', 'ESUS', 33.25, 2, 1.5, '2019-09-01', 'a@b.fr'];
    const bytes = new Uint8Array(
      await (
        await writeXlsxFile([header, row].map((r) => r.map((value) => ({ value }))) as never, { sheet: 'Membres' } as never).toBlob()
      ).arrayBuffer(),
    );
    const { rows, errors } = await readMembersFile(bytes);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ line: 2, member: { siret: S1, areaM2: 33.25, fte: 1.5, startDate: '2019-09-01' } });
  });
});

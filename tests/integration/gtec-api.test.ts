import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newToken } from '../../domain/gtec/campaign.ts';
import { withLuhnDigit } from '../../domain/siret.ts';
import { DEMO_ADMIN, type Runtime } from '../../local/runtime.ts';
import { setCampaignStatus } from '../../store/campaigns.ts';
import { ADMIN, allItems, call, eventually, mailText, outbox, startTestRuntime } from '../support/runtime.ts';
import { bomb, lyingAbout } from '../support/zip-bombs.ts';

const OTHER_POLE_ADMIN = { token: 'autre-pole-admin-token', poleId: 'autre-pole', subject: 'animation@autre-pole.example.fr' };
const OTHER = { authorization: `Bearer ${OTHER_POLE_ADMIN.token}` };

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ admins: [DEMO_ADMIN, OTHER_POLE_ADMIN] });
});
afterAll(() => runtime.stop());

const importFile = (body: string | Buffer, contentType = 'text/csv; charset=utf-8') =>
  call(runtime, 'POST', '/admin/companies/import', { headers: { ...ADMIN, 'content-type': contentType }, raw: body });
const companies = async () => Object.fromEntries((await allItems()).filter((i) => i.type === 'Company').map((i) => [i.siret as string, i]));
const S = (n: number) => withLuhnDigit(`9${String(n).padStart(12, '0')}`);
/** Windows-1252 bytes of a text of Latin-1 letters and ’. */
const cp1252 = (text: string) => Buffer.from([...text].map((ch) => (ch === '’' ? 0x92 : ch.charCodeAt(0))));

describe('company registry import (POST /admin/companies/import)', () => {
  it('takes the valid rows, reports each invalid one by line, column and rule, and updates by SIRET on re-import', async () => {
    // Prepare: a spreadsheet export with a BOM, `;`, CRLF, a quoted name holding `;` and quotes.
    const csv = `\uFEFFSIRET;Nom;NAF;Tranche effectif;Commune;Email\r\n${S(1)};"Forge ""Lafitte""; SARL";25.62B;10-49;Ondres;rh@forge.example.fr\r\n${S(2)};Négoce Bordes;46.69B;0-9;Tarnos;contact@bordes.example.fr\r\n${S(3)};Sans NAF;4669;0-9;Tarnos;x@y.fr\r\n${S(2)};Doublon;46.69B;0-9;Tarnos;contact@bordes.example.fr\r\n`;
    // Act
    const first = await importFile(csv);
    // Assess
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      imported: 2,
      rejected: 2,
      errorCount: 2,
      errors: [
        { line: 4, column: 'NAF', field: 'naf', rule: 'naf_format' },
        { line: 5, column: 'SIRET', field: 'siret', rule: 'duplicate' },
      ],
      message: '2 entreprises importées ; 2 lignes refusées (2 erreurs).',
      file: { format: 'csv', encoding: 'utf-8', headerLine: 1, columns: { siret: 'SIRET', sizeBand: 'Tranche effectif' } },
    });
    expect((await companies())[S(1)]).toMatchObject({
      name: 'Forge "Lafitte"; SARL',
      naf: '25.62B',
      nafSection: 'C',
      sizeBand: '10-49',
      commune: '40209',
      communeName: 'Ondres',
    });
    expect((await companies())[S(3)]).toBeUndefined();

    const again = await importFile(`siret,nom,naf,taille,commune,email\n${S(1)},Forge Lafitte,25.62B,50-249,Ondres,rh@forge.example.fr\n`);
    expect(again.body).toMatchObject({ imported: 1, errors: [] });
    expect((await companies())[S(1)]).toMatchObject({ name: 'Forge Lafitte', sizeBand: '50-249' });
  });

  it('reads the raw bytes of a Windows-1252 file (sent base64-encoded by the gateway), with or without its charset', async () => {
    // Prepare: Excel's « CSV (séparateur : point-virgule) » on a French Windows, with a `sep=;` line.
    const csv = `sep=;\r\nN° SIRET;Raison sociale;Code APE;Tranche d’effectifs;Commune;Adresse mail\r\n${S(11)};Société d’Études Bélair;71.12B;Unités non employeuses;Saint-André-de-Seignanx;etudes@belair.example.fr\r\n`;
    for (const contentType of ['text/csv', 'text/csv; charset=windows-1252', 'application/vnd.ms-excel']) {
      // Act
      const reply = await importFile(cp1252(csv), contentType);
      // Assess
      expect(reply.body).toMatchObject({ imported: 1, errors: [], file: { encoding: 'windows-1252', headerLine: 2 } });
      expect((await companies())[S(11)]).toMatchObject({ name: 'Société d’Études Bélair', commune: '40248', sizeBand: '0-9' });
    }
  });

  it('reads an .xlsx workbook', async () => {
    const { default: writeXlsxFile } = await import('write-excel-file/universal');
    const rows = [
      ['SIRET', 'Dénomination', 'NAF', 'Effectif', 'Code commune', 'Courriel'],
      [Number(S(12)), 'Atelier Larrieu', '33.12Z', 23, '40312', 'atelier@larrieu.example.fr'],
    ].map((r) => r.map((value) => ({ value })));
    const bytes = Buffer.from(await (await writeXlsxFile(rows as never).toBlob()).arrayBuffer());
    const reply = await importFile(bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(reply.body).toMatchObject({ imported: 1, errors: [], file: { format: 'xlsx' } });
    expect((await companies())[S(12)]).toMatchObject({
      name: 'Atelier Larrieu',
      sizeBand: '10-49',
      commune: '40312',
      communeName: 'Tarnos',
    });
  });

  it('refuses a zip bomb sent as a workbook before unzipping it (400 naming the limit), and writes nothing', async () => {
    // Prepare: 200 MB of zeros in sheet1.xml, a file of about 200 KB; and 20 MB declared as 1,000 bytes.
    const before = await allItems();
    const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    // Act
    const replies = [
      await importFile(Buffer.from(bomb(200)), xlsxType),
      await importFile(Buffer.from(lyingAbout(bomb(20), 'xl/worksheets/sheet1.xml', 1000)), xlsxType),
    ];
    // Assess
    expect(replies.map((r) => r.status)).toEqual([400, 400]);
    expect(replies[0]!.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message:
        'Fichier refusé. Classeur .xlsx refusé : une fois décompressé, il ferait 200 Mo, pour 100 Mo au plus. Enregistrez-le en CSV, ou découpez-le.',
      issues: [{ field: '(fichier)', rule: 'too_large' }],
    });
    expect(replies[1]!.body.error).toMatchObject({
      issues: [{ field: '(fichier)', rule: 'xlsx', message: expect.stringContaining('plus grande qu’annoncé') }],
    });
    expect(await allItems()).toEqual(before);
  });

  it('refuses a file without a required column as a whole, saying so plainly, and writes nothing', async () => {
    const before = (await allItems()).length;
    const reply = await importFile(`Nom;Code APE;Tranche;Ville;Mail\r\nDuhalde;43.21A;11;Ondres;a@b.fr\r\n`);
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message:
        'Fichier refusé. Colonne obligatoire introuvable : SIRET. Colonnes lues (ligne 1) : « Nom », « Code APE », « Tranche », « Ville », « Mail ».',
      issues: [{ field: 'siret', rule: 'required_column' }],
    });
    expect((await allItems()).length).toBe(before);
  });

  it('imports the demo seed’s companies back from a spreadsheet export of them, unchanged', async () => {
    // Prepare: the registry the demo seeded, exported as staff would (commune names, INSEE size labels).
    const seeded = Object.values(await companies()).filter(
      (c) => String(c.email).endsWith('.example.fr') && String(c.email).startsWith('rh@entreprise-'),
    );
    expect(seeded).toHaveLength(100);
    const label = {
      '0-9': 'Moins de 10 salariés',
      '10-49': '10 à 49 salariés',
      '50-249': '50 à 249 salariés',
      '250+': '250 salariés ou plus',
    };
    const rows = seeded.map((c) => [c.siret, c.name, c.naf, label[c.sizeBand as keyof typeof label], c.communeName, c.email].join(';'));
    // Act: Saint-Barthélemy, a name 7 communes share, is settled by the pôle's départements.
    const reply = await importFile(`N° SIRET;Raison sociale;Code NAF;Tranche d’effectifs;Commune;E-mail\r\n${rows.join('\r\n')}\r\n`);
    // Assess
    expect(reply.body).toMatchObject({ imported: 100, rejected: 0 });
    const strip = ({ importedAt: _, ...c }: Record<string, unknown>) => c;
    const after = await companies();
    expect(seeded.map((c) => strip(after[c.siret as string]!))).toEqual(seeded.map(strip));
  });

  it('wants a spreadsheet and an admin', async () => {
    expect((await importFile('{}', 'application/json')).status).toBe(415);
    expect((await call(runtime, 'POST', '/admin/companies/import', { headers: { 'content-type': 'text/csv' }, raw: 'x' })).status).toBe(
      401,
    );
  });
});

describe('answering a survey (public routes, token-authenticated)', () => {
  let tokens: string[] = [];
  beforeAll(async () => {
    const created = await call(runtime, 'POST', '/admin/campaigns', {
      headers: ADMIN,
      body: {
        campaignId: 'ondres-2027',
        filters: { communes: ['Ondres'], sizeBands: ['10-49', '50-249'] },
        closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    });
    expect(created.status).toBe(202);
    expect(created.body.reminders).toHaveLength(2);
    await eventually(async () => {
      const c = (await call(runtime, 'GET', '/admin/campaigns/ondres-2027', { headers: ADMIN })).body;
      return c.progress.targets > 0 && c.progress.sent === c.progress.targets;
    });
    tokens = (await outbox(runtime))
      .map((m) => /\/survey\/([A-Za-z0-9_-]{22})\/page/.exec(mailText(m))?.[1])
      .filter((t): t is string => !!t);
  });

  it('serves the frozen questionnaire and the French page, and stores only token hashes', async () => {
    const survey = await call(runtime, 'GET', `/survey/${tokens[0]}`);
    expect(survey.body).toMatchObject({ questionnaire: { id: 'gtec', version: 1 }, answers: null, pole: { name: expect.any(String) } });
    // What the page shows: the company's name, the deadline, and the labels of the hiring lines' codes.
    const names = Object.values(await companies()).map((c) => c.name);
    expect(names).toContain(survey.body.company.name);
    expect(survey.body.closesAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(survey.body.choices.contractTypes).toContainEqual({
      value: 'ALTERNANCE',
      label: 'Alternance (apprentissage, professionnalisation)',
    });
    expect(survey.body.choices.horizons).toContainEqual({ value: '0-3M', label: 'Dans les 3 mois' });
    const page = await fetch(`${runtime.url}/survey/${tokens[0]}/page`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
    expect(await page.text()).toContain('lang="fr"');
    const stored = JSON.stringify(await allItems());
    expect(tokens.some((t) => stored.includes(t))).toBe(false);
  });

  it('validates answers against the frozen version, naming each question id; a resubmission replaces and keeps history', async () => {
    const bad = await call(runtime, 'POST', `/survey/${tokens[0]}/answers`, {
      body: {
        answers: {
          difficulties: 'peut-être',
          work_study: 12,
          hiring: [{ jobFamily: 'btp', count: 1, contractType: 'STAGE', horizon: '0-3M' }],
        },
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { field: string; message: string }) => [i.field, i.message])).toEqual([
      ['answers.hiring.0.contractType', 'Choisissez un type de contrat.'],
      ['answers.difficulties', 'Choisissez une des réponses proposées.'],
      ['answers.work_study', 'Choisissez une valeur de 1 à 5.'],
    ]);
    const ok = await call(runtime, 'POST', `/survey/${tokens[0]}/answers`, { body: { answers: { difficulties: 'non' } } });
    expect(ok.body).toMatchObject({ saved: true, replaced: false, submissions: 1, submittedAt: expect.any(String) });
    // The same link again within its slot: 429, nothing written; a few seconds later it is taken.
    const tooSoon = await call(runtime, 'POST', `/survey/${tokens[0]}/answers`, { body: { answers: { difficulties: 'oui' } } });
    expect(tooSoon.status).toBe(429);
    expect(tooSoon.headers.get('retry-after')).toBe('5');
    expect(tooSoon.body.error).toMatchObject({ code: 'TOO_SOON', retryAfterS: 5 });
    runtime.clock.advance(5_000);
    const replaced = await call(runtime, 'POST', `/survey/${tokens[0]}/answers`, {
      body: { answers: { difficulties: 'oui', retirements: 2 } },
    });
    expect(replaced.body).toMatchObject({ replaced: true, submissions: 2 });
    expect((await call(runtime, 'GET', `/survey/${tokens[0]}`)).body.answers).toEqual({ difficulties: 'oui', retirements: 2 });
    expect((await allItems()).filter((i) => i.type === 'GtecResponseVersion')).toMatchObject([
      { answers: { difficulties: 'non' } },
      { answers: { difficulties: 'oui', retirements: 2 } },
    ]);
    expect((await call(runtime, 'GET', '/admin/campaigns/ondres-2027', { headers: ADMIN })).body.progress.answered).toBe(1);
  });

  it('answers 404 alike to a forged, malformed or altered token, revealing nothing', async () => {
    const altered = tokens[0]!.slice(0, -1) + (tokens[0]!.endsWith('A') ? 'B' : 'A');
    const replies = await Promise.all([newToken(), 'pas-un-jeton', altered].map((t) => call(runtime, 'GET', `/survey/${t}`)));
    expect(replies.map((r) => r.status)).toEqual([404, 404, 404]);
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect((await call(runtime, 'POST', `/survey/${newToken()}/answers`, { body: { answers: {} } })).status).toBe(404);
  });

  it('keeps campaigns to their pôle and refuses bad campaign requests', async () => {
    expect((await call(runtime, 'GET', '/admin/campaigns/ondres-2027', { headers: OTHER })).status).toBe(404);
    expect((await call(runtime, 'GET', '/admin/campaigns/ondres-2027/results', { headers: ADMIN })).status).toBe(422);
    const past = await call(runtime, 'POST', '/admin/campaigns', { headers: ADMIN, body: { closesAt: '2020-01-01T00:00:00Z' } });
    expect(past.body.error.issues).toEqual([expect.objectContaining({ field: 'closesAt', rule: 'future' })]);
    const badFilter = await call(runtime, 'POST', '/admin/campaigns', {
      headers: ADMIN,
      body: { closesAt: '2099-01-01T00:00:00Z', filters: { sizeBands: ['énorme'] } },
    });
    expect(badFilter.body.error.issues[0].field).toBe('filters.sizeBands.0');
    const unknownCommune = await call(runtime, 'POST', '/admin/campaigns', {
      headers: ADMIN,
      body: { closesAt: '2099-01-01T00:00:00Z', filters: { communes: ['Tarnos', 'Tarnoss'] } },
    });
    expect(unknownCommune.status).toBe(400);
    expect(unknownCommune.body.error.issues).toEqual([expect.objectContaining({ field: 'filters.communes.1', rule: 'commune_unknown' })]);
  });

  it('stores commune filters by INSEE code, whether given by name or code', async () => {
    const created = await call(runtime, 'POST', '/admin/campaigns', {
      headers: ADMIN,
      body: {
        campaignId: 'codes-2099',
        closesAt: '2099-01-01T00:00:00Z',
        filters: { communes: ['saint barthélemy', '40312'], nafSections: ['f'] },
      },
    });
    expect(created.status).toBe(202);
    const stored = (await allItems()).find((i) => i.type === 'GtecCampaign' && i.campaignId === 'codes-2099');
    expect(stored?.filters).toEqual({ communes: ['40251', '40312'], nafSections: ['F'] });
  });

  it('publishes results stored by an earlier version (without secondary masking) built again, never as stored', async () => {
    // Prepare: results in the former shape, a lone respondent's figures shown.
    const former = { targets: 3, answered: 1, hiring: { byJobFamily: { btp: { companies: 1, value: 4 } } } };
    await setCampaignStatus('pole-sud-aquitain', 'ondres-2027', 'PUBLISHED', new Date().toISOString(), former as never);
    // Act
    const json = await call(runtime, 'GET', '/admin/campaigns/ondres-2027/results', { headers: ADMIN });
    const csv = await fetch(`${runtime.url}/admin/campaigns/ondres-2027/results?format=csv`, { headers: ADMIN });
    // Assess: the current rules applied to the stored targets and responses (one respondent: nothing shown).
    expect(json.body.results).toMatchObject({ version: 2, respondents: { masked: true }, hiring: { total: { masked: true } } });
    expect(JSON.stringify(json.body)).not.toContain('"answered"');
    expect(await csv.text()).toContain('Réponses;;Ensemble;masqué');
  });
});

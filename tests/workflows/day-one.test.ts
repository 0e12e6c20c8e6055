import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/pole-admin.ts';
import { DEMO_OPERATOR, type Runtime } from '../../local/runtime.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { allItems, call, eventually, mailText, outbox, startTestRuntime } from '../support/runtime.ts';

/**
 * Day one of a real pôle (docs/day-one.md), on an empty table: no demo seed. An operator sets two
 * pôles up with `pole-admin`, an admin imports the fifteen structures already in the building, then
 * an application, a reconciliation and a GTEC campaign run for that pôle; the other pôle sees none of it.
 */
const ADOUR = 'pole-adour';
const BEARN = 'pole-bearn';
const TOKENS = { [ADOUR]: 'admin-token-pole-adour', [BEARN]: 'admin-token-pole-bearn' };
const ADMIN = { authorization: `Bearer ${TOKENS[ADOUR]}` };
const ADMIN_B = { authorization: `Bearer ${TOKENS[BEARN]}` };
const DAY = 86_400_000;

let runtime: Runtime;
let dir: string;
beforeAll(async () => {
  runtime = await startTestRuntime({
    seed: false,
    admins: [
      { token: TOKENS[ADOUR], poleId: ADOUR, subject: 'animation@pole-adour.example.fr' },
      { token: TOKENS[BEARN], poleId: BEARN, subject: 'animation@pole-bearn.example.fr' },
    ],
  });
  dir = await mkdtemp(join(tmpdir(), 'day-one-'));
});
afterAll(() => runtime.stop());

/** `pole-admin …` against the runtime, its output and exit code. */
async function poleAdmin(token: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...argv, '--url', runtime.url, '--token', token], {}, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The fifteen structures already in the building, as the pôle's spreadsheet holds them: past dates, decimal m² and ETP. */
function membersCsv(): string {
  const forms = ['SCIC', 'SCOP', 'Association', 'GEIQ', 'Groupement d’employeurs', 'SAS'];
  const rows = Array.from({ length: 15 }, (_, i) =>
    [
      testSiret(500 + i),
      `Structure fondatrice ${i + 1}`,
      forms[i % forms.length],
      i % 5 === 4 ? 'Entreprise classique' : 'ESUS',
      `${40 + i},${i % 2 === 0 ? '5' : '25'}`,
      String(2 + (i % 4)),
      `${1 + i},75`,
      i % 2 === 0 ? 'Accueil mutualisé, Salles de réunion' : '',
      `${String(1 + (i % 28)).padStart(2, '0')}/0${1 + (i % 9)}/20${15 + (i % 9)}`,
      `contact@fondatrice-${i + 1}.example.fr`,
    ].join(';'),
  );
  return ['sep=;', 'SIRET;Nom;Forme juridique;Statut ESS;Surface (m²);Postes;ETP;Services;Date d’entrée;E-mail', ...rows].join('\r\n');
}

const setUp = async (poleId: string, name: string, departement: string, capacity: string) => {
  const file = join(dir, `${poleId}.json`);
  await writeFile(file, JSON.stringify({ committeeEmail: `comite@${poleId}.example.fr`, departements: [departement] }));
  return poleAdmin(
    DEMO_OPERATOR.token,
    'pole',
    'setup',
    poleId,
    '--file',
    file,
    '--name',
    name,
    '--territory',
    'Pays basque et sud des Landes',
    '--staff-email',
    `animation@${poleId}.example.fr`,
    '--first-quarter',
    '2026-Q3',
    '--building-name',
    'Maison de la coopération',
    '--capacity',
    capacity,
  );
};

describe('day one of a real pôle on an empty table', () => {
  it('set up by the command, fifteen members imported, then an application, a reconciliation and a campaign; the other pôle sees none of it', {
    timeout: 180_000,
  }, async () => {
    // Nothing yet: every route of the pôle says so.
    expect((await call(runtime, 'POST', `/poles/${ADOUR}/applications`, { body: aForm() })).status).toBe(404);

    // 1. Set-up by an operator, through pole-admin; again: no change. A bad value: a 4xx naming the field.
    const created = await setUp(ADOUR, 'Pôle de l’Adour', '64', '1 500,5');
    expect(created).toMatchObject({ code: 0, out: expect.stringContaining('Pôle pole-adour créé : bâtiment de 1500,5 m².') });
    expect((await setUp(ADOUR, 'Pôle de l’Adour', '64', '1500,5')).out).toContain('Aucun changement');
    const bad = await poleAdmin(DEMO_OPERATOR.token, 'pole', 'setup', BEARN, '--name', 'Pôle du Béarn');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/territory|committeeEmail|building/);
    expect((await setUp(BEARN, 'Pôle du Béarn', '64', '800')).code).toBe(0);

    // 2. The fifteen existing members, by the pôle's admin, from its spreadsheet.
    const file = join(dir, 'membres.csv');
    await writeFile(file, membersCsv());
    const imported = await poleAdmin(TOKENS[ADOUR], 'members', 'import', file);
    expect(imported.err).toContain('Import de membres.csv');
    expect(imported).toMatchObject({ code: 0, out: expect.stringMatching(/^15 membre\(s\) importé\(s\), 0 déjà présent/) });
    const listed = (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body;
    expect(listed.members).toHaveLength(15);
    // 40,5 + 41,25 + … + 54,25: exactly, in hundredths.
    const occupied = Array.from({ length: 15 }, (_, i) => (4000 + i * 100 + (i % 2 === 0 ? 50 : 25)) / 100).reduce((a, b) => a + b, 0);
    expect(listed.building.freeM2).toBe(Math.round((1500.5 - occupied) * 100) / 100);
    expect(listed.members.find((m: { siret: string }) => m.siret === testSiret(501))).toMatchObject({
      legalForm: 'SCOP',
      fte: 2.75,
      areaM2: 41.25,
      startDate: '2016-02-02',
    });

    // 3. An application: an imported SIRET is refused; a new structure is approved by the committee and joins.
    expect((await applyAndConfirm(runtime, aForm({ siret: testSiret(503) }), ADOUR)).status).toBe(409);
    const applied = await applyAndConfirm(runtime, aForm({ siret: testSiret(600), requestedAreaM2: 25.5 }), ADOUR);
    expect(applied.status).toBe(202);
    const application = async () =>
      (await call(runtime, 'GET', `/admin/applications/${applied.body.applicationId}`, { headers: ADMIN })).body;
    await eventually(async () => (await application()).status === 'AWAITING_DECISION');
    expect(
      (
        await call(runtime, 'POST', `/admin/applications/${applied.body.applicationId}/decision`, {
          headers: ADMIN,
          body: { decision: 'APPROVE' },
        })
      ).status,
    ).toBe(200);
    expect((await runtime.engine.settled(applied.body.executionArn)).status).toBe('SUCCEEDED');
    expect((await application()).status).toBe('ACTIVE');

    // 4. The reconciliation of the pôle's first quarter, with the imported members' areas and FTE.
    const csv = (kind: string, text: string) =>
      call(runtime, 'POST', `/admin/reconciliations/2026-Q3/inputs/${kind}`, {
        headers: { ...ADMIN, 'content-type': 'text/csv' },
        raw: text,
      });
    expect((await csv('costs', 'categorie;montant;cle\nCharges du bâtiment;9 000,00;surface\nRH mutualisées;3 000,00;ETP\n')).status).toBe(
      200,
    );
    expect((await csv('subsidies', 'financeur;montant;affectation\nRégion;1 000,00;\n')).status).toBe(200);
    const run = await call(runtime, 'POST', '/admin/reconciliations/2026-Q3/runs', { headers: ADMIN });
    expect(run.status).toBe(202);
    await eventually(async () => runtime.engine.waitingStates(run.body.executionArn).includes('AwaitApproval'));
    const drafts = (await call(runtime, 'GET', '/admin/reconciliations/2026-Q3/statements', { headers: ADMIN })).body;
    // The fifteen imported members share the whole quarter; the new member, from LATE_START, has nothing to pay yet.
    const days = Object.fromEntries(drafts.statements.map((st: { name: string; activeDays: number }) => [st.name, st.activeDays]));
    expect(days).toEqual({
      ...Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`Structure fondatrice ${i + 1}`, 92])),
      'Atelier Solidaire du Seignanx': 0,
    });
    const total = drafts.statements.reduce((a: number, st: { sharesCents: number }) => a + st.sharesCents, 0);
    expect(total).toBe(1_100_000);
    expect(
      (await call(runtime, 'POST', '/admin/reconciliations/2026-Q3/decision', { headers: ADMIN, body: { decision: 'APPROVE' } })).status,
    ).toBe(200);
    expect((await runtime.engine.settled(run.body.executionArn)).status).toBe('SUCCEEDED');

    // 5. A GTEC campaign to the pôle's companies.
    const companies =
      'SIRET;Raison sociale;Code APE;Tranche d’effectifs;Commune;Adresse mail\n' +
      `${testSiret(700)};Charpentes Etcheverry;43.91A;10 à 19 salariés;Bayonne;rh@charpentes.example.fr\n` +
      `${testSiret(701)};Transports Irigoin;49.41A;20 à 49 salariés;Anglet;rh@irigoin.example.fr\n`;
    const registry = await call(runtime, 'POST', '/admin/companies/import', {
      headers: { ...ADMIN, 'content-type': 'text/csv' },
      raw: companies,
    });
    expect(registry.body).toMatchObject({ imported: 2, rejected: 0 });
    const closesAt = new Date(runtime.clock.now().getTime() + 14 * DAY).toISOString();
    const campaign = await call(runtime, 'POST', '/admin/campaigns', {
      headers: ADMIN,
      body: { campaignId: 'gtec-adour', closesAt, reminders: [new Date(runtime.clock.now().getTime() + 7 * DAY).toISOString()] },
    });
    expect(campaign.status, JSON.stringify(campaign.body)).toBe(202);
    await eventually(async () => {
      const c = (await call(runtime, 'GET', '/admin/campaigns/gtec-adour', { headers: ADMIN })).body;
      return c.progress.targets === 2 && c.progress.sent === 2;
    });
    const invitations = (await outbox(runtime)).map(mailText).filter((m) => m.includes('/survey/'));
    expect(invitations).toHaveLength(2);
    // Links lead to the site the pôle is served at (here the runtime's own address), never elsewhere.
    for (const text of invitations) expect(text).toMatch(new RegExp(`${runtime.url}/survey/[A-Za-z0-9_-]{22}/page`));
    runtime.clock.advance(14 * DAY + 1000);
    expect((await runtime.engine.settled(campaign.body.executionArn)).status).toBe('SUCCEEDED');

    // The second pôle, set up the same way, sees none of it, and its executions are its own.
    const other = async (path: string) => (await call(runtime, 'GET', path, { headers: ADMIN_B })).body;
    expect(await other('/admin/members')).toMatchObject({ members: [], building: { capacityM2: 800, freeM2: 800 } });
    expect((await call(runtime, 'GET', `/admin/applications/${applied.body.applicationId}`, { headers: ADMIN_B })).status).toBe(404);
    expect((await call(runtime, 'GET', '/admin/campaigns/gtec-adour', { headers: ADMIN_B })).status).toBe(404);
    expect((await other('/admin/reconciliations/2026-Q3')).status ?? 'NONE').not.toBe('POSTED');
    expect((await other('/admin/executions')).executions ?? []).toEqual([]);
    expect((await call(runtime, 'GET', `/admin/poles/${ADOUR}`, { headers: ADMIN_B })).status).toBe(403);
    const bearnItems = (await allItems()).filter((item) => JSON.stringify(item).includes(BEARN));
    expect(bearnItems.map((i) => i.SK).sort()).toEqual(['BUILDING', 'PROFILE']);
  });
});

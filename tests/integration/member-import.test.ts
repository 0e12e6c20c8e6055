import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR, type Runtime } from '../../local/runtime.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { allItems, call, startTestRuntime } from '../support/runtime.ts';

/** Two pôles, each with its admin; no demo data: pôle A is set up here, pôle B never is. */
const OPERATOR = { authorization: `Bearer ${DEMO_OPERATOR.token}` };
const ADMIN_A = { authorization: 'Bearer admin-token-pole-adour' };
const ADMIN_B = { authorization: 'Bearer admin-token-pole-bearn' };
const CSV = { 'content-type': 'text/csv' };

/** A members file as a French spreadsheet saves it: `;`, decimal commas, French labels and dates. */
const HEADER =
  'N° SIRET;Nom de la structure;Forme juridique;Statut ESS;Surface (m²);Postes;ETP;Services mutualisés;Date d’entrée;Date de départ;E-mail';
const row = (n: number, area: string, extra: Partial<Record<'form' | 'leave' | 'start' | 'fte', string>> = {}) =>
  [
    testSiret(n),
    `Structure ${n}`,
    extra.form ?? 'SCIC',
    'agrément ESUS',
    area,
    '3',
    extra.fte ?? '2,5',
    'accueil mutualisé, salles de réunion',
    extra.start ?? '15/09/2019',
    extra.leave ?? '',
    `contact@structure-${n}.example.fr`,
  ].join(';');
const file = (...rows: string[]) => [HEADER, ...rows].join('\r\n');

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({
    seed: false,
    admins: [
      { token: 'admin-token-pole-adour', poleId: 'pole-adour', subject: 'animation@pole-adour.example.fr' },
      { token: 'admin-token-pole-bearn', poleId: 'pole-bearn', subject: 'animation@pole-bearn.example.fr' },
    ],
  });
  const setUp = await call(runtime, 'PUT', '/admin/poles/pole-adour', {
    headers: OPERATOR,
    body: {
      name: 'Pôle de l’Adour',
      territory: 'Bayonne',
      committeeEmail: 'comite@pole-adour.example.fr',
      building: { name: 'Maison de la coopération', capacityM2: 300 },
    },
  });
  expect(setUp.status).toBe(201);
});
afterAll(() => runtime.stop());

const importFile = (text: string, headers = ADMIN_A) =>
  call(runtime, 'POST', '/admin/members/import', { headers: { ...headers, ...CSV }, raw: text });

describe('existing members import (POST /admin/members/import)', () => {
  it('refuses a whole file for any bad cell, listing each by line and column, and writes nothing', async () => {
    const before = await allItems();
    const reply = await importFile(
      file(
        row(1, '33,3'),
        `${testSiret(2).slice(0, 13)}9;Structure 2;SCIC;ESUS;10;1;1;;01/01/2020;;a@b.fr`,
        row(3, '12,345', { form: 'Coopérative' }),
      ),
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toMatchObject({ code: 'VALIDATION_FAILED', errorCount: 3, message: expect.stringMatching(/^Import refusé/) });
    expect(reply.body.error.issues).toEqual([
      expect.objectContaining({
        line: 3,
        field: 'siret',
        column: 'N° SIRET',
        message: expect.stringMatching(/^Ligne 3, colonne « N° SIRET »/),
      }),
      expect.objectContaining({ line: 4, field: 'legalForm', rule: 'enum', message: expect.stringContaining('Coopérative') }),
      expect.objectContaining({ line: 4, field: 'areaM2', rule: 'max_decimals', column: 'Surface (m²)' }),
    ]);
    expect(await allItems()).toEqual(before);
  });

  it('an import the building cannot hold is a 409 naming the shortfall in m², and writes nothing', async () => {
    const before = await allItems();
    const reply = await importFile(file(row(1, '200'), row(2, '100,01')));
    expect(reply.status).toBe(409);
    expect(reply.body.error).toMatchObject({
      code: 'AREA_UNAVAILABLE',
      shortfallM2: 0.01,
      message: expect.stringContaining('il manque 0,01 m²'),
    });
    expect(await allItems()).toEqual(before);
  });

  it('imports members with past dates and decimal areas, reserving exactly their area; the same file again changes nothing', async () => {
    const text = file(row(1, '33,3'), row(2, '120,25', { fte: '0,75' }), row(3, '50', { start: '2018-01-01', leave: '31/12/2020' }));
    const reply = await importFile(text);
    expect(reply.status).toBe(200);
    // The member that left in 2020 holds no area today.
    expect(reply.body).toMatchObject({ imported: 3, unchanged: 0, building: { capacityM2: 300, freeM2: 146.45 } });
    const members = (await call(runtime, 'GET', '/admin/members', { headers: ADMIN_A })).body.members;
    expect(members).toHaveLength(3);
    expect(members.find((m: { siret: string }) => m.siret === testSiret(2))).toMatchObject({
      legalForm: 'SCIC',
      essStatus: 'ESUS',
      areaM2: 120.25,
      fte: 0.75,
      sharedServices: ['RECEPTION', 'MEETING_ROOMS'],
      startDate: '2019-09-15',
    });
    const before = await allItems();
    const again = await importFile(text);
    expect(again.body).toMatchObject({ imported: 0, unchanged: 3, building: { freeM2: 146.45 } });
    expect(await allItems()).toEqual(before);
  });

  it('the SIRETs are claimed: onboarding refuses them (409), and a different row for one is a 409 by line', async () => {
    const application = await applyAndConfirm(runtime, aForm({ siret: testSiret(1) }), 'pole-adour');
    expect(application.status).toBe(409);
    const changed = await importFile(file(row(1, '40')));
    expect(changed.status).toBe(409);
    expect(changed.body.error).toMatchObject({
      code: 'MEMBERS_CONFLICT',
      conflicts: [expect.objectContaining({ line: 2, rule: 'already_member' })],
    });
  });

  it('takes JSON too, with the same rules', async () => {
    const member = {
      siret: testSiret(4),
      name: 'Structure 4',
      legalForm: 'ASSOCIATION',
      essStatus: 'ESS_LAW_2014',
      areaM2: 10.5,
      desks: 1,
      fte: 1.25,
      startDate: '2021-03-01',
      contactEmail: 'contact@structure-4.example.fr',
    };
    const bad = await call(runtime, 'POST', '/admin/members/import', { headers: ADMIN_A, body: { members: [{ ...member, fte: 1.255 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([expect.objectContaining({ field: 'members.0.fte', rule: 'max_decimals' })]);
    const ok = await call(runtime, 'POST', '/admin/members/import', { headers: ADMIN_A, body: { members: [member] } });
    expect(ok.body).toMatchObject({ imported: 1, building: { freeM2: 135.95 } });
  });

  it('another pôle’s admin imports into its own pôle only: not set up yet, a 404 saying so; it sees none of pôle A’s members', async () => {
    const reply = await importFile(file(row(9, '10')), ADMIN_B);
    expect(reply.status).toBe(404);
    expect(reply.body.error.message).toContain('pole-admin pole setup');
    expect((await call(runtime, 'GET', `/admin/members/${testSiret(1)}`, { headers: ADMIN_B })).status).toBe(404);
  });
});

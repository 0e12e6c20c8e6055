import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_OPERATOR, type Runtime } from '../../local/runtime.ts';
import { allItems, call, startTestRuntime } from '../support/runtime.ts';

/** Two pôles served, each with its admin, and the default operator; no demo data. */
const OPERATOR = { authorization: `Bearer ${DEMO_OPERATOR.token}` };
const ADMIN_A = { authorization: 'Bearer admin-token-pole-adour' };
const ADMIN_B = { authorization: 'Bearer admin-token-pole-bearn' };

const SETUP = {
  name: 'Pôle de l’Adour',
  territory: 'Bayonne (Pyrénées-Atlantiques)',
  committeeEmail: 'comite@pole-adour.example.fr',
  building: { name: 'Maison de la coopération', capacityM2: 1200.5 },
};

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({
    seed: false,
    admins: [
      { token: 'admin-token-pole-adour', poleId: 'pole-adour', subject: 'animation@pole-adour.example.fr' },
      { token: 'admin-token-pole-bearn', poleId: 'pole-bearn', subject: 'animation@pole-bearn.example.fr' },
    ],
  });
});
afterAll(() => runtime.stop());

const setUp = (poleId: string, body: unknown, headers: Record<string, string> = OPERATOR) =>
  call(runtime, 'PUT', `/admin/poles/${poleId}`, { headers, body });

describe('a pôle’s set-up (PUT /admin/poles/{poleId})', () => {
  it('an operator creates it (201); the same set-up again changes nothing (200, one history entry)', async () => {
    const created = await setUp('pole-adour', SETUP);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      created: true,
      changes: [],
      message: 'Pôle pole-adour créé.',
      pole: {
        poleId: 'pole-adour',
        setup: { ...SETUP, acceptedLegalForms: expect.not.arrayContaining(['OTHER']) },
        building: { capacityM2: 1200.5, freeM2: 1200.5 },
        version: 1,
        history: [{ action: 'CREATED', by: DEMO_OPERATOR.subject, changes: [] }],
      },
    });
    const before = await allItems();
    const again = await setUp('pole-adour', { ...SETUP, acceptedLegalForms: [...created.body.pole.setup.acceptedLegalForms].reverse() });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, changes: [], message: expect.stringMatching(/^Aucun changement/) });
    expect(again.body.pole.version).toBe(1);
    expect(await allItems()).toEqual(before);
    // The pôle now exists for its public routes.
    expect((await call(runtime, 'GET', '/admin/members', { headers: ADMIN_A })).body).toEqual({
      members: [],
      building: { name: SETUP.building.name, capacityM2: 1200.5, freeM2: 1200.5 },
    });
  });

  it('its admin changes it: an update with its history, the building’s free area following the capacity', async () => {
    const changed = await setUp(
      'pole-adour',
      {
        ...SETUP,
        name: 'Pôle Adour Coopération',
        building: { ...SETUP.building, capacityM2: 1300 },
        publicBaseUrl: 'https://pole-adour.example.fr/',
      },
      ADMIN_A,
    );
    expect(changed.status).toBe(200);
    expect(changed.body.changes).toEqual([
      { field: 'name', label: 'nom du pôle', from: 'Pôle de l’Adour', to: 'Pôle Adour Coopération' },
      { field: 'building.capacityM2', label: 'capacité du bâtiment (m²)', from: 1200.5, to: 1300 },
      { field: 'publicBaseUrl', label: 'adresse publique', from: null, to: 'https://pole-adour.example.fr' },
    ]);
    expect(changed.body.message).toBe(
      'Configuration mise à jour : nom du pôle : Pôle de l’Adour → Pôle Adour Coopération ; capacité du bâtiment (m²) : 1200,5 → 1300 ; adresse publique : (aucune) → https://pole-adour.example.fr.',
    );
    expect(changed.body.pole).toMatchObject({ version: 2, building: { capacityM2: 1300, freeM2: 1300 } });
    expect(changed.body.pole.history.map((h: { action: string; by: string }) => [h.action, h.by])).toEqual([
      ['CREATED', DEMO_OPERATOR.subject],
      ['UPDATED', 'animation@pole-adour.example.fr'],
    ]);
    const read = await call(runtime, 'GET', '/admin/poles/pole-adour', { headers: ADMIN_A });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(changed.body.pole);
  });

  it('another pôle’s admin may neither read nor change it (403), nor create a pôle, even its own (403)', async () => {
    const before = await allItems();
    for (const reply of [
      await call(runtime, 'GET', '/admin/poles/pole-adour', { headers: ADMIN_B }),
      await setUp('pole-adour', { ...SETUP, name: 'Repris' }, ADMIN_B),
      await setUp('pole-bearn', SETUP, ADMIN_A),
    ]) {
      expect(reply.status).toBe(403);
      expect(reply.body.error).toMatchObject({
        code: 'FORBIDDEN',
        message: `Ce compte administre un autre pôle que ${reply.body.error.poleId}.`,
      });
    }
    const own = await setUp('pole-bearn', SETUP, ADMIN_B);
    expect(own.status).toBe(403);
    expect(own.body.error.message).toBe('Seul un opérateur du déploiement peut créer un pôle.');
    expect((await call(runtime, 'PUT', '/admin/poles/pole-bearn', { body: SETUP })).status).toBe(401);
    expect(await allItems()).toEqual(before);
  });

  it('only a pôle the deployment serves can be created (its schedule exists): 422 naming pole:poles', async () => {
    const reply = await setUp('pole-landes', SETUP);
    expect(reply.status).toBe(422);
    expect(reply.body.error).toMatchObject({ code: 'POLE_NOT_SERVED', field: 'poleId', served: ['pole-adour', 'pole-bearn'] });
    expect(reply.body.error.message).toContain('pole:poles');
  });

  it.each([
    ['a missing name', { ...SETUP, name: undefined }, 'name', 'required'],
    ['an empty territory', { ...SETUP, territory: ' ' }, 'territory', 'min_length'],
    ['a bad committee address', { ...SETUP, committeeEmail: 'comite' }, 'committeeEmail', 'format:email'],
    ['an unknown legal form', { ...SETUP, acceptedLegalForms: ['SCIC', 'SCOOP'] }, 'acceptedLegalForms.1', 'one_of'],
    ['no legal form at all', { ...SETUP, acceptedLegalForms: [] }, 'acceptedLegalForms', 'min'],
    ['a legal form twice', { ...SETUP, acceptedLegalForms: ['SCIC', 'SCIC'] }, 'acceptedLegalForms', 'unique'],
    ['three decimals of m²', { ...SETUP, building: { ...SETUP.building, capacityM2: 1200.555 } }, 'building.capacityM2', 'max_decimals'],
    ['no capacity', { ...SETUP, building: { name: 'Bâtiment' } }, 'building.capacityM2', 'required'],
    ['a capacity as text', { ...SETUP, building: { ...SETUP.building, capacityM2: '1200' } }, 'building.capacityM2', 'type:number'],
    ['an http base URL', { ...SETUP, publicBaseUrl: 'http://pole.example.fr' }, 'publicBaseUrl', 'https'],
    ['an unknown field', { ...SETUP, siren: '123' }, 'siren', 'unknown_field'],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_, body, field, rule) => {
    const before = await allItems();
    const reply = await setUp('pole-bearn', body);
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('VALIDATION_FAILED');
    expect(reply.body.error.issues).toContainEqual(expect.objectContaining({ field, rule }));
    expect(await allItems()).toEqual(before);
  });

  it('refuses a bad pôle id in the path (400), and a body that is not JSON (400/415)', async () => {
    const bad = await setUp('Pole--Bearn', SETUP);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toContainEqual(expect.objectContaining({ field: 'path.poleId' }));
    expect(
      (await call(runtime, 'PUT', '/admin/poles/pole-bearn', { headers: { ...OPERATOR, 'content-type': 'application/json' }, raw: '{' }))
        .status,
    ).toBe(400);
    expect(
      (await call(runtime, 'PUT', '/admin/poles/pole-bearn', { headers: { ...OPERATOR, 'content-type': 'text/plain' }, raw: 'x' })).status,
    ).toBe(415);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, DEMO_OPERATOR, type Runtime } from '../../local/runtime.ts';
import { createMember } from '../../store/members.ts';
import { testSiret } from '../support/forms.ts';
import { ADMIN, allItems, call, eventually, startTestRuntime } from '../support/runtime.ts';

/** A second pôle, set up without a declared first quarter. */
const BEARN_ADMIN = { token: 'bearn-admin-token', poleId: 'pole-bearn', subject: 'animation@pole-bearn.example.fr' };
const BEARN = { authorization: `Bearer ${BEARN_ADMIN.token}` };
const DAY = 86_400_000;

let runtime: Runtime;
let members: { memberId: string; startDate: string; areaM2: number }[];
beforeAll(async () => {
  runtime = await startTestRuntime({ admins: [DEMO_ADMIN, BEARN_ADMIN] });
  members = (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body.members;
});
afterAll(() => runtime.stop());

const get = (path: string, headers: Record<string, string> = ADMIN) => call(runtime, 'GET', path, { headers });
const post = (path: string, body: unknown, headers: Record<string, string> = ADMIN) => call(runtime, 'POST', path, { headers, body });
const csv = (path: string, text: string, headers: Record<string, string> = ADMIN) =>
  call(runtime, 'POST', path, { headers: { ...headers, 'content-type': 'text/csv' }, raw: text });
const freeArea = async (): Promise<number> => (await get('/admin/members')).body.building.freeM2;
const issues = (reply: { body: any }) =>
  reply.body.error.issues.map((i: { line?: number; field: string; rule: string }) => `${i.line ?? '-'}:${i.field}:${i.rule}`);

describe('member changes with effective dates', () => {
  it('refuses bad input with 400 naming each field and rule, and writes nothing', async () => {
    const path = `/admin/members/${members[0]!.memberId}/changes`;
    const before = await allItems();
    expect(issues(await post(path, {}))).toEqual(['-:effectiveDate:required']);
    expect(issues(await post(path, { effectiveDate: '2027-02-01' }))).toEqual(['-:areaM2:area_or_fte']);
    expect(issues(await post(path, { effectiveDate: '2027-02-30', areaM2: 33.333, fte: -1 }))).toEqual([
      '-:effectiveDate:date',
      '-:areaM2:max_decimals',
      '-:fte:min',
    ]);
    expect(issues(await post(path, { effectiveDate: '2027-02-01', fte: 1, extra: true }))).toEqual(['-:extra:unknown_field']);
    expect(issues(await post('/admin/members/12345678901234/changes', { effectiveDate: '2027-02-01', fte: 1 }))).toEqual([
      '-:path.memberId:siret_checksum',
    ]);
    expect((await post(path, { effectiveDate: '2027-02-01', fte: 1 }, { authorization: 'Bearer nope' })).status).toBe(401);
    expect(await allItems()).toEqual(before);
  });

  it('reserves more area on the building at once, by the same conditional rule as onboarding; a retry changes nothing', async () => {
    const m = members[0]!;
    const free = await freeArea();
    const reply = await post(`/admin/members/${m.memberId}/changes`, { effectiveDate: '2027-02-01', areaM2: m.areaM2 + 20.5 });
    expect(reply.status).toBe(201);
    expect(reply.body.changes).toEqual([
      expect.objectContaining({ effectiveDate: '2027-02-01', areaM2: m.areaM2 + 20.5, by: DEMO_ADMIN.subject }),
    ]);
    expect(reply.body.inForce).toMatchObject({ areaM2: m.areaM2 }); // not in force yet
    expect(await freeArea()).toBe(free - 20.5);
    expect((await post(`/admin/members/${m.memberId}/changes`, { effectiveDate: '2027-02-01', areaM2: m.areaM2 + 20.5 })).status).toBe(201);
    expect(await freeArea()).toBe(free - 20.5);
    expect((await get(`/admin/members/${m.memberId}`)).body.changes).toHaveLength(1);
  });

  it('refuses more area than the building holds with a 409 naming the shortfall, and writes nothing', async () => {
    const m = members[1]!;
    const free = await freeArea();
    const before = await allItems();
    const reply = await post(`/admin/members/${m.memberId}/changes`, { effectiveDate: '2027-02-01', areaM2: m.areaM2 + free + 7.5 });
    expect(reply).toMatchObject({
      status: 409,
      body: { error: { code: 'AREA_UNAVAILABLE', field: 'areaM2', freeM2: free, shortfallM2: 7.5 } },
    });
    expect(reply.body.error.message).toMatch(/il manque 7,5 m²/);
    expect(await allItems()).toEqual(before);
  });

  it('gives less area back to the building from its effective date', async () => {
    const m = members[2]!;
    const free = await freeArea();
    const tomorrow = new Date(runtime.clock.now().getTime() + DAY).toISOString().slice(0, 10);
    expect((await post(`/admin/members/${m.memberId}/changes`, { effectiveDate: tomorrow, areaM2: m.areaM2 - 10.25 })).status).toBe(201);
    expect(await freeArea()).toBe(free);
    runtime.clock.advance(2 * DAY);
    // Any later area check gives it back; here the next change of another member.
    expect((await post(`/admin/members/${members[3]!.memberId}/changes`, { effectiveDate: tomorrow, fte: 2.75 })).status).toBe(201);
    expect(await freeArea()).toBe(free + 10.25);
    expect((await get(`/admin/members/${m.memberId}`)).body.inForce).toMatchObject({ areaM2: m.areaM2 - 10.25 });
  });

  it('records changes in date order, inside the membership, and refuses them inside a posted quarter', async () => {
    const m = members[0]!; // has a change on 2027-02-01
    const reply = (body: unknown) => post(`/admin/members/${m.memberId}/changes`, body);
    expect((await reply({ effectiveDate: '2027-01-15', fte: 1 })).body.error).toMatchObject({
      code: 'CHANGE_NOT_AFTER_LAST_CHANGE',
      field: 'effectiveDate',
      lastChangeDate: '2027-02-01',
    });
    expect((await reply({ effectiveDate: '2027-03-01', areaM2: m.areaM2 + 20.5 })).body.error.code).toBe('CHANGE_NOTHING_CHANGES');
    expect((await reply({ effectiveDate: m.startDate, fte: 1 })).body.error.code).toBe('CHANGE_BEFORE_START');
    // The seed's 2026-Q2 is posted: a change dated inside it would change its statements.
    const other = members[5]!;
    const posted = await post(`/admin/members/${other.memberId}/changes`, { effectiveDate: '2026-05-01', fte: 1 });
    expect(posted).toMatchObject({ status: 409, body: { error: { code: 'QUARTER_POSTED', quarter: '2026-Q2' } } });
    expect((await post(`/admin/members/${other.memberId}/leave`, { leaveDate: '2026-06-01' })).body.error.code).toBe('QUARTER_POSTED');
    // A departure comes after the last change.
    expect((await post(`/admin/members/${m.memberId}/leave`, { leaveDate: '2027-01-20' })).body.error.code).toBe('LEAVE_BEFORE_CHANGE');
  });
});

describe('quarter inputs', () => {
  it('reads quantities with two decimals and refuses a third, naming line, field and rule', async () => {
    const [a, b] = members;
    const ok = await csv(
      '/admin/reconciliations/2026-Q3/inputs/usage',
      `siret;categorie;unites\n${a!.memberId};Salles;7,5\n${b!.memberId};Salles;1 234,25\n`,
    );
    expect(ok).toMatchObject({ status: 200, body: { rows: 2 } });
    const bad = await csv(
      '/admin/reconciliations/2026-Q3/inputs/usage',
      `siret;categorie;unites\n${a!.memberId};Salles;7,555\n${b!.memberId};Salles;sept\n`,
    );
    expect(issues(bad)).toEqual(['2:units:max_decimals', '3:units:quantity_format']);
    expect(bad.body.error.issues[0].message).toMatch(/« 7,555 » : Deux décimales au plus/);
    expect(
      issues(await post('/admin/reconciliations/2026-Q3/inputs/fixed', [{ memberId: a!.memberId, category: 'RH', weight: 0.125 }])),
    ).toEqual(['1:weight:max_decimals']);
    expect((await csv('/admin/reconciliations/2026-Q3/inputs/fixed', `categorie;siret;part\nRH;${a!.memberId};0,5\n`)).status).toBe(200);
  });

  it('an empty import replaces nothing unless asked with ?replace=empty', async () => {
    const path = '/admin/reconciliations/2026-Q3/inputs/usage';
    const before = (await get('/admin/reconciliations/2026-Q3')).body.inputs.usage;
    for (const reply of [await csv(path, 'siret;categorie;unites\n'), await post(path, [])]) {
      expect(reply).toMatchObject({ status: 422, body: { error: { code: 'EMPTY_IMPORT' } } });
      expect(reply.body.error.message).toContain('?replace=empty');
    }
    expect((await get('/admin/reconciliations/2026-Q3')).body.inputs.usage).toEqual(before);
    expect(issues(await post(`${path}?replace=all`, []))).toEqual(['-:query.replace:one_of']);
    expect(issues(await post(`${path}?replace=empty`, [{ memberId: members[0]!.memberId, category: 'Salles', units: 1 }]))).toEqual([
      '-:query.replace:empty_only',
    ]);
    expect(await post(`${path}?replace=empty`, [])).toMatchObject({ status: 200, body: { rows: 0 } });
    expect((await get('/admin/reconciliations/2026-Q3')).body.inputs.usage.rows).toBe(0);
  });
});

describe('a pôle’s first quarter is explicit', () => {
  it('is declared by the approval that says so, only when no earlier quarter has data; later quarters follow in order', async () => {
    const setUp = await call(runtime, 'PUT', '/admin/poles/pole-bearn', {
      headers: { authorization: `Bearer ${DEMO_OPERATOR.token}` },
      body: {
        name: 'Pôle Béarn',
        territory: 'Béarn',
        committeeEmail: 'comite@pole-bearn.example.fr',
        building: { name: 'Bâtiment du pôle Béarn', capacityM2: 1000 },
      },
    });
    expect(setUp.status).toBe(201);
    await createMember({
      poleId: 'pole-bearn',
      memberId: testSiret(900),
      siret: testSiret(900),
      name: 'Coopérative du Gave',
      legalForm: 'SCOP',
      essStatus: 'ESUS',
      areaM2: 50,
      fte: 2,
      sharedServices: [],
      startDate: '2025-01-01',
      contactEmail: 'contact@gave.example.fr',
      areaHolder: testSiret(900),
    });
    const costs = [{ category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 30_000 }];
    const runOf = async (quarter: string) => {
      expect((await post(`/admin/reconciliations/${quarter}/inputs/costs`, costs, BEARN)).status).toBe(200);
      const run = await call(runtime, 'POST', `/admin/reconciliations/${quarter}/runs`, { headers: BEARN });
      await eventually(async () => runtime.engine.waitingStates(run.body.executionArn).includes('AwaitApproval'));
      return run.body.executionArn as string;
    };
    const decide = (quarter: string, body: unknown) => post(`/admin/reconciliations/${quarter}/decision`, body, BEARN);

    const q2 = await runOf('2026-Q2');
    expect((await decide('2026-Q2', { decision: 'APPROVE' })).body.error.code).toBe('FIRST_QUARTER_UNDECLARED');
    const q1 = await runOf('2026-Q1');
    expect((await decide('2026-Q2', { decision: 'APPROVE', firstQuarter: true })).body.error).toMatchObject({
      code: 'FIRST_QUARTER_REFUSED',
      earlierQuarter: '2026-Q1',
    });
    expect((await decide('2026-Q1', { decision: 'APPROVE', firstQuarter: true })).status).toBe(200);
    expect((await runtime.engine.settled(q1)).status).toBe('SUCCEEDED');
    // 2026-Q1 posted: 2026-Q2's draft is computed again, then approvable without the flag.
    await eventually(async () => {
      const q = (await get('/admin/reconciliations/2026-Q2', BEARN)).body;
      return q.status === 'DRAFT' && q.draft.previousPosted && runtime.engine.waitingStates(q2).includes('AwaitApproval');
    });
    expect((await decide('2026-Q2', { decision: 'APPROVE', firstQuarter: true })).body.error.code).toBe('FIRST_QUARTER_DECLARED');
    expect((await decide('2026-Q2', { decision: 'APPROVE' })).status).toBe(200);
    expect((await runtime.engine.settled(q2)).status).toBe('SUCCEEDED');
    // The demo pôle is untouched by the other's quarters.
    expect((await get('/admin/reconciliations/2026-Q1')).status).toBe(404);
  });
});

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { importInputs, startQuarterRun } from '../../services/reconciliation.ts';
import { ddb, tableName } from '../../store/client.ts';
import { keys } from '../../store/keys.ts';
import { getQuarter, lastPostedQuarter } from '../../store/quarters.ts';
import { conditionally, putIfAbsent, update, updateIf } from '../../store/writes.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, allItems, call, eventually, POLE, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

const at = '2026-11-02T09:00:00.000Z';
const item = async (key: { PK: string; SK: string }) =>
  (await ddb().send(new GetCommand({ TableName: tableName(), Key: key, ConsistentRead: true }))).Item;

describe('conditional writes on dynalite', () => {
  const key = { PK: 'TEST#conditional', SK: 'ITEM' };

  it('a refused condition is a value (false, undefined), the write happens once', async () => {
    expect(await putIfAbsent({ ...key, n: 1 })).toBe(true);
    expect(await putIfAbsent({ ...key, n: 2 })).toBe(false);
    expect(await item(key)).toMatchObject({ n: 1 });
    const bump = { Key: key, UpdateExpression: 'SET n = :next', ConditionExpression: 'n = :from' } as const;
    expect(await updateIf({ ...bump, ExpressionAttributeValues: { ':from': 1, ':next': 5 } })).toMatchObject({ ...key, n: 5 });
    expect(await updateIf({ ...bump, ExpressionAttributeValues: { ':from': 1, ':next': 9 } })).toBeUndefined();
    expect(await conditionally(update({ ...bump, ExpressionAttributeValues: { ':from': 1, ':next': 9 } }))).toBeUndefined();
    expect(await item(key)).toMatchObject({ n: 5 });
  });

  it('any other error is thrown', async () => {
    const broken = update({ Key: key, UpdateExpression: 'SET n = :undeclared', ConditionExpression: 'attribute_exists(PK)' });
    await expect(conditionally(broken)).rejects.toMatchObject({ name: 'ValidationException' });
  });
});

/** Attribute names of an item, sorted: its shape. */
const shapeOf = (i: Record<string, unknown> | undefined) => Object.keys(i ?? {}).sort();

describe('one shape per item: the demo seed writes what the product writes', () => {
  it('a SIRET claim held by a member: a founder’s is shaped like an approved applicant’s', async () => {
    const members = (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body.members as { siret: string }[];
    const form = aForm({ siret: testSiret(801), requestedAreaM2: 10 });
    const { body: submitted } = await applyAndConfirm(runtime, form);
    const path = `/admin/applications/${submitted.applicationId}`;
    await eventually(async () => (await call(runtime, 'GET', path, { headers: ADMIN })).body.status === 'AWAITING_DECISION');
    expect((await call(runtime, 'POST', `${path}/decision`, { headers: ADMIN, body: { decision: 'APPROVE' } })).status).toBe(200);
    expect((await runtime.engine.settled(submitted.executionArn)).status).toBe('SUCCEEDED');

    const founder = await item(keys.siretClaim(POLE, members[0]!.siret));
    const applicant = await item(keys.siretClaim(POLE, form.siret));
    expect(founder).toMatchObject({ type: 'SiretClaim', state: 'MEMBER', memberId: members[0]!.siret });
    expect(applicant).toMatchObject({ type: 'SiretClaim', state: 'MEMBER', memberId: form.siret });
    expect(shapeOf(founder)).toEqual(shapeOf(applicant));
  });

  it('a company: a seeded one is shaped like an imported one', async () => {
    const siret = testSiret(802);
    const csv = `siret;nom;naf;tranche effectif;commune;email\n${siret};Forge Lafitte;25.62B;10-49;Ondres;rh@forge.example.fr\n`;
    const imported = await call(runtime, 'POST', '/admin/companies/import', {
      headers: { ...ADMIN, 'content-type': 'text/csv' },
      raw: csv,
    });
    expect(imported.body).toMatchObject({ imported: 1, rejected: 0 });
    const companies = (await allItems()).filter((i) => i.type === 'Company');
    expect(companies).toHaveLength(101);
    const shapes = new Set(companies.map((c) => shapeOf(c).join(',')));
    expect([...shapes]).toEqual([shapeOf(companies.find((c) => c.siret === siret)).join(',')]);
  });

  it('a posted quarter: the seeded one is shaped like one reconciled, approved and posted by the workflow', async () => {
    const json = (rows: unknown) => ({ headers: ADMIN, body: rows });
    const costs = [{ category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 300_000 }];
    expect((await call(runtime, 'POST', '/admin/reconciliations/2026-Q3/inputs/costs', json(costs))).status).toBe(200);
    const run = await call(runtime, 'POST', '/admin/reconciliations/2026-Q3/runs', { headers: ADMIN });
    await eventually(async () => runtime.engine.waitingStates(run.body.executionArn).includes('AwaitApproval'));
    await call(runtime, 'POST', '/admin/reconciliations/2026-Q3/decision', json({ decision: 'APPROVE' }));
    expect((await runtime.engine.settled(run.body.executionArn)).status).toBe('SUCCEEDED');

    const seeded = (await item(keys.quarter(POLE, '2026-Q2'))) ?? {};
    const posted = await item(keys.quarter(POLE, '2026-Q3'));
    expect(shapeOf(seeded)).toEqual(shapeOf(posted));
    expect(shapeOf(seeded.inputs as Record<string, unknown>)).toEqual(['costs', 'usage']);
    expect(seeded).toMatchObject({ type: 'Quarter', status: 'POSTED', attempt: 1, carriedOut: { unearmarkedCents: 0, earmarked: [] } });
    expect((seeded.history as { status: string }[]).map((h) => h.status)).toEqual(['OPEN', 'DRAFT', 'APPROVED', 'POSTED']);
    expect(seeded.categories).toEqual([
      { category: 'Accueil mutualisé', key: 'EQUAL', netCents: 612_500 },
      { category: 'Charges du bâtiment', key: 'AREA', netCents: 2_145_000 },
      { category: 'Ressources humaines mutualisées', key: 'HEADCOUNT', netCents: 948_000 },
      { category: 'Salles de réunion', key: 'USAGE', netCents: 180_000 },
    ]);
    const statements = (await call(runtime, 'GET', '/admin/reconciliations/2026-Q2/statements', { headers: ADMIN })).body;
    expect(statements).toMatchObject({ status: 'POSTED' });
    expect(statements.statements).toHaveLength(14);
  });
});

describe('a quarter item written by an earlier demo seed (status and categories only) still reads', () => {
  const pole = 'pole-ancien';
  const categories = [{ category: 'Charges du bâtiment', key: 'AREA', netCents: 100_000 }];

  beforeAll(async () => {
    await ddb().send(
      new PutCommand({
        TableName: tableName(),
        Item: { ...keys.quarter(pole, '2026-Q3'), type: 'QuarterSummary', quarter: '2026-Q3', status: 'POSTED', categories },
      }),
    );
  });

  it('as a posted quarter with no inputs, attempt 1 and an empty history', async () => {
    const expected = { quarter: '2026-Q3', status: 'POSTED', categories, inputs: {}, attempt: 1, history: [] };
    expect(await getQuarter(pole, '2026-Q3')).toEqual(expected);
    expect(await lastPostedQuarter(pole)).toEqual(expected);
  });

  it('and, posted, it refuses imports and a new run changes nothing', async () => {
    await expect(importInputs(pole, '2026-Q3', 'costs', [], 'json', at)).rejects.toMatchObject({ code: 'QUARTER_POSTED' });
    expect(await startQuarterRun(pole, '2026-Q3', at)).toEqual({ quarter: '2026-Q3', posted: true });
  });
});

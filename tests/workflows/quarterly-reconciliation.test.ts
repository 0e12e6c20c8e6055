import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLuhnDigit } from '../../domain/siret.ts';
import type { Runtime } from '../../local/runtime.ts';
import { putAll } from '../../store/batch.ts';
import { keys } from '../../store/keys.ts';
import { WORKFLOWS } from '../../workflows/catalog.ts';
import { ADMIN, call, countInvocations, eventually, mailText, outbox, POLE, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
let members: { memberId: string; name: string }[];
beforeAll(async () => {
  runtime = await startTestRuntime();
  members = (await call(runtime, 'GET', '/admin/members', { headers: ADMIN })).body.members;
});
afterAll(() => runtime.stop());

const importCsv = (quarter: string, kind: string, csv: string) =>
  call(runtime, 'POST', `/admin/reconciliations/${quarter}/inputs/${kind}`, {
    headers: { ...ADMIN, 'content-type': 'text/csv; charset=utf-8' },
    raw: csv,
  });
const importJson = (quarter: string, kind: string, rows: unknown) =>
  call(runtime, 'POST', `/admin/reconciliations/${quarter}/inputs/${kind}`, { headers: ADMIN, body: rows });
const quarterOf = async (quarter: string) => (await call(runtime, 'GET', `/admin/reconciliations/${quarter}`, { headers: ADMIN })).body;
const start = (quarter: string) => call(runtime, 'POST', `/admin/reconciliations/${quarter}/runs`, { headers: ADMIN });
const decide = (quarter: string, body: unknown) =>
  call(runtime, 'POST', `/admin/reconciliations/${quarter}/decision`, { headers: ADMIN, body });

async function draftReady(quarter: string, executionArn: string, computedAfter = ''): Promise<void> {
  await eventually(async () => {
    const q = await quarterOf(quarter);
    return (
      q.status === 'DRAFT' && q.draft.computedAt > computedAfter && runtime.engine.waitingStates(executionArn).includes('AwaitApproval')
    );
  });
}

// An accounting office's export: BOM, `;`, decimal comma, spaces in thousands, a quoted label.
const COSTS =
  '\uFEFFcategorie;montant;cle;libelle\r\nCharges du bâtiment;12 000,00;surface;"Loyer; charges"\r\nCharges du bâtiment;3 450,50;surface;Chauffage\r\nAccueil mutualisé;6 000;egal;\r\nRH mutualisées;4 500,25;ETP;\r\n';

describe('quarterly reconciliation on the embedded engine', () => {
  it('imports, computes exact drafts, waits for approval, posts and mails each member; a posted quarter never changes', async () => {
    expect((await importCsv('2026-Q4', 'costs', COSTS)).status).toBe(200);
    expect(
      (
        await importJson('2026-Q4', 'subsidies', [
          { funder: 'Région Nouvelle-Aquitaine', amountCents: 500_000 },
          { funder: 'Communauté de communes du Seignanx', amountCents: 100_000, earmark: 'Accueil mutualisé' },
        ])
      ).status,
    ).toBe(200);
    const advances = members
      .slice(0, 3)
      .map((m) => `${m.memberId};1 000,00`)
      .join('\n');
    expect((await importCsv('2026-Q4', 'advances', `siret;montant\n${advances}\n`)).status).toBe(200);

    const run = await start('2026-Q4');
    expect(run.status).toBe(202);
    await draftReady('2026-Q4', run.body.executionArn);

    const { body: drafts } = await call(runtime, 'GET', '/admin/reconciliations/2026-Q4/statements', { headers: ADMIN });
    expect(drafts.status).toBe('DRAFT');
    expect(drafts.statements).toHaveLength(members.length);
    for (const c of drafts.categories) {
      const shares = drafts.statements.flatMap((s: { lines: { category: string; cents: number }[] }) =>
        s.lines.filter((l) => l.category === c.category).map((l) => l.cents),
      );
      expect(shares.reduce((a: number, b: number) => a + b, 0)).toBe(c.netCents);
    }
    const gross = 1_545_050 + 600_000 + 450_025;
    expect(drafts.categories.reduce((a: number, c: { netCents: number }) => a + c.netCents, 0)).toBe(gross - 600_000);
    expect(drafts.statements[0].advancesCents).toBe(100_000);

    expect((await decide('2026-Q4', { decision: 'APPROVE' })).body.status).toBe('APPROVED');
    expect((await runtime.engine.settled(run.body.executionArn)).status).toBe('SUCCEEDED');
    expect((await quarterOf('2026-Q4')).status).toBe('POSTED');
    const mails = (await outbox(runtime)).filter((m) => m.includes('Subject: =?UTF-8?B?') && mailText(m).includes('trimestre 2026-Q4'));
    expect(mails).toHaveLength(members.length);

    const csv = await fetch(`${runtime.url}/admin/reconciliations/2026-Q4/statements?format=csv`, { headers: ADMIN });
    const bytes = Buffer.from(await csv.arrayBuffer());
    const text = bytes.toString('utf8');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheets need to read UTF-8
    expect(text.slice(1).startsWith('trimestre;siret;membre;rubrique;cle;montant')).toBe(true);
    expect(text).toMatch(/;Solde;;-?\d+,\d\d\r\n/);
    const page = await fetch(`${runtime.url}/admin/reconciliations/2026-Q4/statements/${members[0]!.memberId}?format=html`, {
      headers: ADMIN,
    });
    expect(await page.text()).toMatch(/relevé du trimestre 2026-Q4[\s\S]*comptabilisé[\s\S]*Avances versées/);

    // Posted: running again changes nothing, and inputs are refused.
    const again = await start('2026-Q4');
    expect(again).toMatchObject({ status: 200, body: { posted: true } });
    expect((await importCsv('2026-Q4', 'costs', COSTS)).body.error.code).toBe('QUARTER_POSTED');
    expect((await outbox(runtime)).filter((m) => mailText(m).includes('trimestre 2026-Q4'))).toHaveLength(members.length);
  });

  it('reports every bad row by line and imports nothing', async () => {
    const csv = 'categorie;montant;cle\nAccueil;12,345;egal\nBâtiment;1 200,00;surface\n;100;egal\nRH;50;inconnue\n"Ménage;30;egal\n';
    const reply = await importCsv('2027-Q1', 'costs', csv);
    expect(reply.status).toBe(400);
    expect(reply.body.error.issues.length).toBeGreaterThan(0);
    const bad = await importCsv(
      '2027-Q1',
      'costs',
      'categorie;montant;cle\nAccueil;12,345;egal\nBâtiment;1 200,00;surface\n;100;egal\nRH;50;inconnue\n',
    );
    expect(bad.body.error.issues.map((i: { line: number; field: string; rule: string }) => `${i.line}:${i.field}:${i.rule}`)).toEqual([
      '2:amountCents:amount_format',
      '4:category:required',
      '5:key:one_of',
    ]);
    const unknown = await importCsv('2027-Q1', 'advances', 'siret;montant\n73282932000074;10\n');
    expect(unknown.body.error.issues).toEqual([expect.objectContaining({ line: 2, field: 'memberId', rule: 'unknown_member' })]);
    const header = await importCsv('2027-Q1', 'costs', 'category;amount\nA;1\n');
    expect(header.body.error.issues.map((i: { field: string; rule: string }) => `${i.field}:${i.rule}`)).toContain('categorie:required');
    const wrongType = await call(runtime, 'POST', '/admin/reconciliations/2027-Q1/inputs/costs', {
      headers: { ...ADMIN, 'content-type': 'application/xml' },
      raw: '<a/>',
    });
    expect(wrongType.status).toBe(415);
    expect((await call(runtime, 'POST', '/admin/reconciliations/2027-Q5/inputs/costs', { headers: ADMIN, body: [] })).status).toBe(400);
    // Not even the quarter was opened.
    expect((await call(runtime, 'GET', '/admin/reconciliations/2027-Q1', { headers: ADMIN })).status).toBe(404);
  });

  it('a category nobody can carry fails the run visibly; once the data is fixed, the retry completes', async () => {
    await importJson('2027-Q2', 'costs', [{ category: 'Salle polyvalente', key: 'USAGE', amountCents: 80_000 }]);
    const first = await start('2027-Q2');
    const failed = await runtime.engine.settled(first.body.executionArn);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'CategoryWithoutPayer' });
    expect(failed.cause).toContain('Salle polyvalente');

    await importJson('2027-Q2', 'usage', [
      { memberId: members[0]!.memberId, category: 'Salle polyvalente', units: 12 },
      { memberId: members[1]!.memberId, category: 'Salle polyvalente', units: 4 },
    ]);
    const retry = await start('2027-Q2');
    expect(retry.body.executionArn).not.toBe(first.body.executionArn);
    await draftReady('2027-Q2', retry.body.executionArn);
    const statement = (await call(runtime, 'GET', `/admin/reconciliations/2027-Q2/statements/${members[0]!.memberId}`, { headers: ADMIN }))
      .body.statement;
    expect(statement.lines).toEqual([{ category: 'Salle polyvalente', key: 'USAGE', cents: 60_000 }]);
    await decide('2027-Q2', { decision: 'APPROVE' });
    expect((await runtime.engine.settled(retry.body.executionArn)).status).toBe('SUCCEEDED');
  });

  it('a rejected draft is computed again with the corrected data; the carried credit flows into the next quarter', async () => {
    await importJson('2027-Q3', 'costs', [{ category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 100_000 }]);
    await importJson('2027-Q3', 'subsidies', [{ funder: 'Département des Landes', amountCents: 130_000, earmark: 'Accueil mutualisé' }]);
    const run = await start('2027-Q3');
    await draftReady('2027-Q3', run.body.executionArn);
    const first = await quarterOf('2027-Q3');
    expect(first.draft.carriedOutCents).toBe(30_000);

    await importJson('2027-Q3', 'subsidies', [{ funder: 'Département des Landes', amountCents: 125_000, earmark: 'Accueil mutualisé' }]);
    expect((await decide('2027-Q3', { decision: 'REJECT', reason: 'Montant de la subvention corrigé' })).body.status).toBe('OPEN');
    await draftReady('2027-Q3', run.body.executionArn, first.draft.computedAt);
    expect((await quarterOf('2027-Q3')).draft.carriedOutCents).toBe(25_000);
    await decide('2027-Q3', { decision: 'APPROVE' });
    expect((await runtime.engine.settled(run.body.executionArn)).status).toBe('SUCCEEDED');

    await importJson('2027-Q4', 'costs', [{ category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 100_000 }]);
    const next = await start('2027-Q4');
    await draftReady('2027-Q4', next.body.executionArn);
    const q4 = await quarterOf('2027-Q4');
    expect(q4.draft.carriedInCents).toBe(25_000);
    expect(q4.draft.totalNetCents).toBe(75_000);
    expect((await decide('2027-Q4', { decision: 'MAYBE' })).body.error.issues).toEqual([
      expect.objectContaining({ field: 'decision', rule: 'one_of' }),
    ]);
  });

  it('the schedule starts the quarter just ended from the first working day of the next, once, catching up a missed morning', async () => {
    const at = (iso: string) => runtime.clock.advance(Date.parse(iso) - runtime.clock.now().getTime());
    const fire = () => runtime.lambdas.invoke('ScheduledReconciliation', { poleId: 'pole-sud-aquitain' });
    at('2033-01-01T08:00:00+01:00'); // Saturday 1 January 2033, a holiday: too early
    expect(await fire()).toMatchObject({ started: false, firstWorkingDay: '2033-01-03' });
    at('2033-01-03T08:00:00+01:00'); // Monday 3 January: the first working day
    await importJson('2032-Q4', 'costs', [{ category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 1_000 }]);
    const first = await fire();
    expect(first).toMatchObject({ started: true, quarter: '2032-Q4' });
    at('2033-01-04T08:00:00+01:00'); // the next morning: that run exists, nothing more
    expect(await fire()).toMatchObject({
      started: false,
      quarter: '2032-Q4',
      executionArn: (first as { executionArn: string }).executionArn,
    });
    // The mornings of the first working day of April and the next were missed (an outage): the third catches up.
    at('2033-04-05T08:00:00+02:00');
    const caughtUp = await fire();
    expect(caughtUp).toMatchObject({ started: true, quarter: '2033-Q1', firstWorkingDay: '2033-04-01' });
    expect(await fire()).toMatchObject({ started: false, quarter: '2033-Q1' });
    // Their approval is not this test's business: stopped, so that they invoke nothing during the next tests.
    for (const run of [first, caughtUp]) await runtime.engine.stop((run as { executionArn: string }).executionArn);
    await expect(runtime.lambdas.invoke('ScheduledReconciliation', { poleId: 'Not A Pole' })).rejects.toMatchObject({
      name: 'ValidationError',
    });
  });

  /** What a posted quarter leaves: its status and summary, each member's statement, the statements mailed. */
  async function outcomeOf(quarter: string) {
    const { status, draft } = await quarterOf(quarter);
    const { computedAt: _at, ...summary } = draft;
    const { body } = await call(runtime, 'GET', `/admin/reconciliations/${quarter}/statements`, { headers: ADMIN });
    const statements = body.statements.map(({ quarter: _q, ...s }: Record<string, unknown>) => s);
    const mails = (await outbox(runtime)).filter((m) => mailText(m).includes(`trimestre ${quarter}`)).length;
    return { status, summary, statements, mails };
  }

  const STEPS = WORKFLOWS['quarterly-reconciliation'].functions;
  const COSTS_JSON = [
    { category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 90_000 },
    { category: 'Charges du bâtiment', key: 'AREA', amountCents: 240_000 },
  ];

  async function approvedRun(quarter: string, fault?: { id: (typeof STEPS)[number]; state: string }) {
    await importJson(quarter, 'costs', COSTS_JSON);
    const run = await start(quarter);
    await draftReady(quarter, run.body.executionArn);
    if (fault) runtime.lambdas.injectFault(fault.id, { times: Infinity, error: 'Error' });
    try {
      await decide(quarter, { decision: 'APPROVE' });
      return { executionArn: run.body.executionArn as string, ended: await runtime.engine.settled(run.body.executionArn) };
    } finally {
      runtime.lambdas.clearFaults();
    }
  }

  it.each([
    // Each against a run without fault of a quarter as long (Q3 and Q4: 92 days).
    { id: 'PostQuarter', state: 'PostQuarter', quarter: '2030-Q4', reference: '2030-Q3' },
    { id: 'MailStatements', state: 'MailStatements', quarter: '2031-Q4', reference: '2031-Q3' },
  ] as const)(
    'redriven after $id failed for good, resumes at $state and ends as a run without fault did',
    async ({ id, state, quarter, reference }) => {
      const referenceCounted = countInvocations(runtime, STEPS);
      expect((await approvedRun(reference)).ended.status).toBe('SUCCEEDED');
      const referenceCalls = referenceCounted();

      const counted = countInvocations(runtime, STEPS);
      const { executionArn, ended } = await approvedRun(quarter, { id, state });
      expect(ended).toMatchObject({ status: 'FAILED', error: 'Error' });
      await runtime.engine.redrive(executionArn);
      expect(await runtime.engine.settled(executionArn)).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });

      expect(await outcomeOf(quarter)).toEqual(await outcomeOf(reference));
      expect(counted()).toEqual({ ...referenceCalls, [id]: referenceCalls[id]! + 1 });
      const history = await runtime.engine.history(executionArn);
      const redriven = history.findIndex((e) => e.type === 'ExecutionRedriven');
      expect(history.slice(redriven).find((e) => e.type === 'StateEntered')?.stateName).toBe(state);
    },
  );

  it('a data error fails the run at ComputeDraft; once the data is fixed, Relancer resumes there', async () => {
    await importJson('2029-Q4', 'costs', [{ category: 'Salle polyvalente', key: 'USAGE', amountCents: 80_000 }]);
    const counted = countInvocations(runtime, STEPS);
    const run = await start('2029-Q4');
    expect(await runtime.engine.settled(run.body.executionArn)).toMatchObject({ status: 'FAILED', error: 'CategoryWithoutPayer' });
    await importJson('2029-Q4', 'usage', [{ memberId: members[0]!.memberId, category: 'Salle polyvalente', units: 3 }]);
    const redriven = await call(
      runtime,
      'POST',
      `/admin/workflows/quarterly-reconciliation/executions/${run.body.executionArn.split(':').at(-1)}/redrive`,
      { headers: ADMIN },
    );
    expect(redriven.status).toBe(202);
    await draftReady('2029-Q4', run.body.executionArn);
    await decide('2029-Q4', { decision: 'APPROVE' });
    expect((await runtime.engine.settled(run.body.executionArn)).status).toBe('SUCCEEDED');
    // The same execution, resumed: the quarter was opened once, the draft computed twice (the failed call, then the fixed one).
    expect(counted()).toMatchObject({ OpenQuarter: 1, ComputeDraft: 2, RequestApproval: 1, PostQuarter: 1 });
    expect((await quarterOf('2029-Q4')).status).toBe('POSTED');
  });

  it('mails every member when there are more than a page of them', async () => {
    const extra = Array.from({ length: 230 }, (_, i) => withLuhnDigit(`6${String(i).padStart(12, '0')}`));
    await putAll(
      extra.map((siret, i) => ({
        ...keys.member(POLE, siret),
        type: 'Member',
        poleId: POLE,
        memberId: siret,
        siret,
        name: `Structure ${i}`,
        legalForm: 'SCIC',
        essStatus: 'ESUS',
        areaM2: 10,
        fte: 1,
        sharedServices: [],
        startDate: '2025-01-01',
        contactEmail: `structure-${i}@example.fr`,
        areaHolder: siret,
      })),
    );
    await importJson('2028-Q1', 'costs', [{ category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 2_440_000 }]);
    const run = await start('2028-Q1');
    await draftReady('2028-Q1', run.body.executionArn);
    await decide('2028-Q1', { decision: 'APPROVE' });
    expect((await runtime.engine.settled(run.body.executionArn)).status).toBe('SUCCEEDED');
    const mailed = (await outbox(runtime)).filter((m) => mailText(m).includes('trimestre 2028-Q1'));
    expect(mailed).toHaveLength(members.length + extra.length);
    const pages = (await runtime.engine.history(run.body.executionArn)).filter(
      (e) => e.type === 'StateEntered' && e.stateName === 'MailStatements',
    );
    expect(pages).toHaveLength(2);
  });
});

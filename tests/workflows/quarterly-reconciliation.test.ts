import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withLuhnDigit } from '../../domain/siret.ts';
import type { Runtime } from '../../local/runtime.ts';
import { putAll } from '../../store/batch.ts';
import { keys } from '../../store/keys.ts';
import { WORKFLOWS } from '../../workflows/catalog.ts';
import { ADMIN, call, countInvocations, eventually, mailText, outbox, POLE, startTestRuntime } from '../support/runtime.ts';

/**
 * The quarterly reconciliation on the embedded engine, quarter after quarter in date order (the
 * virtual clock only moves forward): the demo pôle's first quarter is 2026-Q2, posted by the seed.
 */
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
const statementsOf = async (quarter: string) =>
  (await call(runtime, 'GET', `/admin/reconciliations/${quarter}/statements`, { headers: ADMIN })).body;
const statementOf = async (quarter: string, memberId: string) =>
  (await call(runtime, 'GET', `/admin/reconciliations/${quarter}/statements/${memberId}`, { headers: ADMIN })).body.statement;
const change = (memberId: string, body: unknown) => call(runtime, 'POST', `/admin/members/${memberId}/changes`, { headers: ADMIN, body });
const leave = (memberId: string, leaveDate: string) =>
  call(runtime, 'POST', `/admin/members/${memberId}/leave`, { headers: ADMIN, body: { leaveDate } });
const clockTo = (iso: string) => runtime.clock.advance(Math.max(0, Date.parse(iso) - runtime.clock.now().getTime()));

/** Waits until the quarter holds a draft computed after `computedAfter` and the run waits for approval. */
async function draftReady(quarter: string, executionArn: string, computedAfter = ''): Promise<any> {
  return eventually(async () => {
    const q = await quarterOf(quarter);
    return (
      q.status === 'DRAFT' &&
      q.draft.computedAt > computedAfter &&
      runtime.engine.waitingStates(executionArn).includes('AwaitApproval') &&
      q
    );
  });
}

const sharesOf = (statements: { lines: { category: string; cents: number }[] }[], category: string) =>
  statements.flatMap((s) => s.lines.filter((l) => l.category === category).map((l) => l.cents)).reduce((a, b) => a + b, 0);

// An accounting office's export: BOM, `;`, decimal comma, spaces in thousands, a quoted label.
const COSTS =
  '\uFEFFcategorie;montant;cle;libelle\r\nCharges du bâtiment;12 000,00;surface;"Loyer; charges"\r\nCharges du bâtiment;3 450,50;surface;Chauffage\r\n' +
  'Accueil mutualisé;1 500;egal;\r\nRH mutualisées;4 500,25;ETP;\r\nSalles de réunion;1 000,00;usage;\r\n';

describe('quarterly reconciliation on the embedded engine', () => {
  it('reconciles a quarter as the office exports it — decimals, a joiner, a leaver, an area change — posts and mails it; a posted quarter never changes', async () => {
    const [changer, leaver, user1, user2] = members;
    // A joiner from 2026-08-01, written as onboarding leaves a member.
    const joiner = withLuhnDigit('7000000000001');
    await putAll([
      {
        ...keys.member(POLE, joiner),
        type: 'Member',
        poleId: POLE,
        memberId: joiner,
        siret: joiner,
        name: 'Atelier des Barthes',
        legalForm: 'SCOP',
        essStatus: 'ESUS',
        areaM2: 33.3,
        fte: 0.75,
        sharedServices: [],
        startDate: '2026-08-01',
        contactEmail: 'contact@barthes.example.fr',
        areaHolder: joiner,
      },
    ]);
    // Mid-quarter: one member grows to 200,5 m² and 9,25 ETP from 16 August; another leaves on 1 September.
    expect((await change(changer!.memberId, { effectiveDate: '2026-08-16', areaM2: 200.5, fte: 9.25 })).status).toBe(201);
    expect((await leave(leaver!.memberId, '2026-09-01')).status).toBe(200);

    expect((await importCsv('2026-Q3', 'costs', COSTS)).status).toBe(200);
    const usage = `siret;categorie;unités\n${user1!.memberId};Salles de réunion;7,5\n${user2!.memberId};Salles de réunion;2,5\n`;
    expect((await importCsv('2026-Q3', 'usage', usage)).status).toBe(200);
    expect(
      (await importCsv('2026-Q3', 'subsidies', 'financeur;montant;affectation\nRégion;5 000,00;\nDépartement;2 000,00;Accueil mutualisé\n'))
        .status,
    ).toBe(200);
    const advances = members
      .slice(0, 3)
      .map((m) => `${m.memberId};1 000,00`)
      .join('\n');
    expect((await importCsv('2026-Q3', 'advances', `siret;montant\n${advances}\n`)).status).toBe(200);

    const run = await start('2026-Q3');
    expect(run.status).toBe(202);
    await draftReady('2026-Q3', run.body.executionArn);

    const drafts = await statementsOf('2026-Q3');
    expect(drafts).toMatchObject({ status: 'DRAFT', preview: false, statusLabel: 'Brouillon — en attente de validation' });
    expect(drafts.statements).toHaveLength(members.length + 1);
    for (const c of drafts.categories) expect(sharesOf(drafts.statements, c.category)).toBe(c.netCents);
    // Earmarked 2 000 € on a 1 500 € category: 0 left to share, 500 € carried earmarked; 5 000 € unearmarked spread.
    const accueil = drafts.categories.find((c: { category: string }) => c.category === 'Accueil mutualisé');
    expect(accueil).toMatchObject({ grossCents: 150_000, earmarkedCents: 150_000, unearmarkedCents: 0, netCents: 0 });
    expect(drafts.carriedOut).toEqual({ unearmarkedCents: 0, earmarked: [{ category: 'Accueil mutualisé', cents: 50_000 }] });
    const gross = 1_545_050 + 150_000 + 450_025 + 100_000;
    expect(drafts.categories.reduce((a: number, c: { netCents: number }) => a + c.netCents, 0)).toBe(gross - 150_000 - 500_000);
    // Usage of 7,5 and 2,5 hours: exactly 3/4 and 1/4 of the room's net cost.
    const rooms = drafts.categories.find((c: { category: string }) => c.category === 'Salles de réunion').netCents;
    const roomShare = (s: { lines: { category: string; cents: number }[] }) =>
      s.lines.find((l) => l.category === 'Salles de réunion')?.cents;
    const [share1, share2] = [user1!, user2!].map(
      (u) => roomShare(drafts.statements.find((s: { memberId: string }) => s.memberId === u.memberId))!,
    );
    expect(share1! + share2!).toBe(rooms);
    expect(Math.abs(share1! - (rooms * 3) / 4)).toBeLessThan(1);
    // The changer's two periods, the leaver's 62 days, the joiner's 61 days at 33,3 m² and 0,75 FTE.
    const byId = (id: string) => drafts.statements.find((s: { memberId: string }) => s.memberId === id);
    expect(byId(changer!.memberId).periods).toEqual([
      { from: '2026-07-01', to: '2026-08-16', days: 46, areaM2: 180, fte: 9 },
      { from: '2026-08-16', to: '2026-10-01', days: 46, areaM2: 200.5, fte: 9.25 },
    ]);
    expect(byId(leaver!.memberId).activeDays).toBe(62);
    expect(byId(joiner).periods).toEqual([{ from: '2026-08-01', to: '2026-10-01', days: 61, areaM2: 33.3, fte: 0.75 }]);
    expect(byId(members[0]!.memberId).advancesCents).toBe(100_000);

    expect((await decide('2026-Q3', { decision: 'APPROVE' })).body.status).toBe('APPROVED');
    expect((await runtime.engine.settled(run.body.executionArn)).status).toBe('SUCCEEDED');
    const posted = await quarterOf('2026-Q3');
    expect(posted).toMatchObject({
      status: 'POSTED',
      carriedOut: { unearmarkedCents: 0, earmarked: [{ category: 'Accueil mutualisé', cents: 50_000 }] },
    });
    const mails = (await outbox(runtime)).map(mailText).filter((m) => m.includes('le trimestre 2026-Q3'));
    expect(mails).toHaveLength(members.length + 1);
    expect(mails[0]).toMatch(/Crédit de subvention reporté au trimestre suivant \(affecté : Accueil mutualisé\) : 500,00/);

    const csv = await fetch(`${runtime.url}/admin/reconciliations/2026-Q3/statements?format=csv`, { headers: ADMIN });
    const bytes = Buffer.from(await csv.arrayBuffer());
    const text = bytes.toString('utf8');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheets need to read UTF-8
    expect(text.slice(1).startsWith('trimestre;siret;membre;rubrique;cle;montant;portee')).toBe(true);
    expect(text).toMatch(/;Solde;;-?\d+,\d\d;membre\r\n/);
    expect(text).toMatch(
      /;Crédit de subvention reporté au trimestre suivant \(affecté : Accueil mutualisé\);;500,00;pôle \(information\)\r\n/,
    );
    const page = await fetch(`${runtime.url}/admin/reconciliations/2026-Q3/statements/${changer!.memberId}?format=html`, {
      headers: ADMIN,
    });
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(await page.text()).toMatch(
      /Relevé des frais mutualisés — trimestre 2026-Q3[\s\S]*Comptabilisé[\s\S]*200,5 m²[\s\S]*Avances versées[\s\S]*Au trimestre suivant/,
    );

    // Posted: running again changes nothing; inputs, member changes and departures inside it are refused.
    expect(await start('2026-Q3')).toMatchObject({ status: 200, body: { posted: true } });
    expect((await importCsv('2026-Q3', 'costs', COSTS)).body.error.code).toBe('QUARTER_POSTED');
    const late = await change(user1!.memberId, { effectiveDate: '2026-09-15', areaM2: 10 });
    expect(late).toMatchObject({ status: 409, body: { error: { code: 'QUARTER_POSTED', quarter: '2026-Q3', field: 'effectiveDate' } } });
    expect((await leave(user1!.memberId, '2026-09-15')).body.error.code).toBe('QUARTER_POSTED');
    expect((await outbox(runtime)).map(mailText).filter((m) => m.includes('le trimestre 2026-Q3'))).toHaveLength(members.length + 1);
  });

  it('refuses an out-of-order approval naming the predecessor, and carries both credits through quarters posted in order', async () => {
    clockTo('2027-04-06T09:00:00+02:00'); // 2026-Q4 and 2027-Q1 have ended
    await importJson('2026-Q4', 'costs', [
      { category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 20_000 },
      { category: 'Charges du bâtiment', key: 'AREA', amountCents: 200_000 },
    ]);
    await importJson('2026-Q4', 'subsidies', [{ funder: 'Région', amountCents: 300_000 }]);
    await importJson('2027-Q1', 'costs', [
      { category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 50_000 },
      { category: 'Charges du bâtiment', key: 'AREA', amountCents: 300_000 },
    ]);
    const q1Run = await start('2027-Q1');
    const q1Draft = await draftReady('2027-Q1', q1Run.body.executionArn);
    expect(q1Draft.draft).toMatchObject({ previousPosted: false, carriedIn: { unearmarkedCents: 0, earmarked: [] } });
    const refused = await decide('2027-Q1', { decision: 'APPROVE' });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'PREVIOUS_NOT_POSTED', previousQuarter: '2026-Q4' } } });
    expect(refused.body.error.message).toContain('2026-Q4');
    expect((await quarterOf('2027-Q1')).status).toBe('DRAFT');

    // 2026-Q4: the 500 € earmarked to Accueil carried from 2026-Q3 nets its 200 € (300 € stay earmarked);
    // the 3 000 € unearmarked cover the 2 000 € of the building, 1 000 € are carried unearmarked.
    const q4Run = await start('2026-Q4');
    const q4 = await draftReady('2026-Q4', q4Run.body.executionArn);
    expect(q4.draft.carriedIn).toEqual({ unearmarkedCents: 0, earmarked: [{ category: 'Accueil mutualisé', cents: 50_000 }] });
    expect(q4.draft.carriedOut).toEqual({ unearmarkedCents: 100_000, earmarked: [{ category: 'Accueil mutualisé', cents: 30_000 }] });
    expect(q4.draft.totalNetCents).toBe(0);
    expect((await decide('2026-Q4', { decision: 'APPROVE' })).status).toBe(200);
    expect((await runtime.engine.settled(q4Run.body.executionArn)).status).toBe('SUCCEEDED');

    // Posting 2026-Q4 sent 2027-Q1's draft back to be computed with both credits.
    const q1 = await draftReady('2027-Q1', q1Run.body.executionArn, q1Draft.draft.computedAt);
    expect(q1.draft).toMatchObject({
      previousPosted: true,
      carriedIn: { unearmarkedCents: 100_000, earmarked: [{ category: 'Accueil mutualisé', cents: 30_000 }] },
      // Accueil 500 € − 300 € earmarked = 200 €; the 1 000 € unearmarked spread over 200 € and 3 000 €.
      totalNetCents: 350_000 - 30_000 - 100_000,
      carriedOut: { unearmarkedCents: 0, earmarked: [] },
    });
    expect(q1.history.at(-2)).toMatchObject({ status: 'OPEN', reason: expect.stringContaining('2026-Q4 est comptabilisé') });
    const statement = await statementOf('2027-Q1', members[0]!.memberId);
    expect(statement.credits.in).toEqual({ unearmarkedCents: 100_000, earmarked: [{ category: 'Accueil mutualisé', cents: 30_000 }] });
    expect((await decide('2027-Q1', { decision: 'APPROVE' })).status).toBe(200);
    expect((await runtime.engine.settled(q1Run.body.executionArn)).status).toBe('SUCCEEDED');
    expect((await quarterOf('2027-Q1')).status).toBe('POSTED');
  });

  it('a quarter in progress is a labelled preview that cannot be approved; the wait reminds the staff weekly and ends after 30 days', async () => {
    await importJson('2027-Q2', 'costs', [{ category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 10_000 }]);
    const run = await start('2027-Q2');
    const q = await draftReady('2027-Q2', run.body.executionArn);
    expect(q).toMatchObject({ preview: true, statusLabel: expect.stringMatching(/^Aperçu — trimestre en cours/) });
    const page = await fetch(`${runtime.url}/admin/reconciliations/2027-Q2/statements/${members[0]!.memberId}?format=html`, {
      headers: ADMIN,
    });
    expect(await page.text()).toContain('Aperçu — trimestre en cours');
    expect((await decide('2027-Q2', { decision: 'APPROVE' })).body.error.code).toBe('QUARTER_NOT_ENDED');
    const tasks = (await call(runtime, 'GET', '/admin/tasks', { headers: ADMIN })).body.tasks;
    expect(tasks).toContainEqual(
      expect.objectContaining({ kind: 'STATEMENTS_APPROVAL', id: '2027-Q2', dueAt: q.draft.approvalWait.expiresAt }),
    );

    const reminders = async () =>
      (await outbox(runtime)).map(mailText).filter((m) => m.includes('trimestre 2027-Q2 attendent votre validation'));
    const waits = () =>
      runtime.engine
        .history(run.body.executionArn)
        .then((h) => h.filter((e) => e.type === 'StateEntered' && e.stateName === 'AwaitApproval').length);
    for (const [days, expected] of [
      [7, 1],
      [7, 2],
      [15, 3], // day 29: only the latest reminder due (day 28) is sent
    ] as const) {
      const before = await waits();
      runtime.clock.advance(days * 86_400_000);
      await eventually(async () => (await reminders()).length === expected && (await waits()) > before);
    }
    expect((await reminders())[0]).toMatch(/ne seront plus approuvables dans 23 jour\(s\)/);
    runtime.clock.advance(86_400_000); // day 30
    const ended = await runtime.engine.settled(run.body.executionArn);
    expect(ended).toMatchObject({
      status: 'FAILED',
      error: 'ApprovalExpired',
      cause: expect.stringMatching(/^Validation non reçue dans les 30 jours/),
    });
    const expired = await quarterOf('2027-Q2');
    expect(expired.status).toBe('OPEN');
    expect(expired.history.at(-1).reason).toMatch(/^Validation non reçue dans les 30 jours/);
    expect((await decide('2027-Q2', { decision: 'REJECT', reason: 'trop tard' })).body.error.code).toBe('NOT_AWAITING_APPROVAL');
    expect(await reminders()).toHaveLength(3);
  });

  it('a re-import or a member change while a draft awaits approval computes it again; the posted statements equal the recorded inputs', async () => {
    clockTo('2027-07-05T09:00:00+02:00'); // 2027-Q2 has ended
    const run = await start('2027-Q2'); // the next attempt after the expiry
    const first = await draftReady('2027-Q2', run.body.executionArn);
    expect(first.draft.totalNetCents).toBe(10_000);

    const reimport = await importJson('2027-Q2', 'costs', [{ category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 14_000 }]);
    expect(reimport.body).toMatchObject({ draftRecomputed: true });
    const second = await draftReady('2027-Q2', run.body.executionArn, first.draft.computedAt);
    expect(second.draft.totalNetCents).toBe(14_000);
    expect(second.history.some((h: { reason?: string }) => h.reason?.startsWith('Nouvelles données importées (costs)'))).toBe(true);

    // A member's FTE changes inside the quarter: its draft is computed again with two periods.
    const changed = await change(members[2]!.memberId, { effectiveDate: '2027-05-01', fte: 0.75 });
    expect(changed.status).toBe(201);
    const third = await draftReady('2027-Q2', run.body.executionArn, second.draft.computedAt);
    expect((await statementOf('2027-Q2', members[2]!.memberId)).periods.map((p: { fte: number }) => p.fte)).toEqual([3, 0.75]);

    expect((await decide('2027-Q2', { decision: 'APPROVE' })).status).toBe(200);
    expect((await runtime.engine.settled(run.body.executionArn)).status).toBe('SUCCEEDED');
    const posted = await statementsOf('2027-Q2');
    expect(posted.status).toBe('POSTED');
    expect(sharesOf(posted.statements, 'Accueil mutualisé')).toBe(14_000);
    expect((await quarterOf('2027-Q2')).draft.computedAt).toBe(third.draft.computedAt);
  });

  it('a category nobody can carry fails the run with its French message; once the data is fixed, the next attempt completes', async () => {
    clockTo('2027-10-04T09:00:00+02:00');
    await importJson('2027-Q3', 'costs', [{ category: 'Salle polyvalente', key: 'USAGE', amountCents: 80_000 }]);
    const first = await start('2027-Q3');
    const failed = await runtime.engine.settled(first.body.executionArn);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'CategoryWithoutPayer' });
    expect(failed.cause).toMatch(
      /La catégorie « Salle polyvalente » \(clé : usage\) a un reste à charge de 800,00\s€ mais aucun usage n’est enregistré/,
    );

    await importJson('2027-Q3', 'usage', [
      { memberId: members[0]!.memberId, category: 'Salle polyvalente', units: 12.5 },
      { memberId: members[1]!.memberId, category: 'Salle polyvalente', units: 3.5 },
    ]);
    const retry = await start('2027-Q3');
    expect(retry.body.executionArn).not.toBe(first.body.executionArn);
    await draftReady('2027-Q3', retry.body.executionArn);
    expect((await statementOf('2027-Q3', members[0]!.memberId)).lines).toEqual([
      { category: 'Salle polyvalente', key: 'USAGE', cents: 62_500 },
    ]);
    await decide('2027-Q3', { decision: 'APPROVE' });
    expect((await runtime.engine.settled(retry.body.executionArn)).status).toBe('SUCCEEDED');
  });

  it('the schedule starts the quarter just ended from the first working day of the next, once, catching up a missed morning', async () => {
    const fire = () => runtime.lambdas.invoke('ScheduledReconciliation', { poleId: 'pole-sud-aquitain' });
    clockTo('2028-01-01T08:00:00+01:00'); // Saturday 1 January 2028, a holiday: too early
    expect(await fire()).toMatchObject({ started: false, firstWorkingDay: '2028-01-03' });
    clockTo('2028-01-03T08:00:00+01:00'); // Monday 3 January: the first working day
    await importJson('2027-Q4', 'costs', [{ category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 1_000 }]);
    const early = (await fire()) as { executionArn: string };
    expect(early).toMatchObject({ started: true, quarter: '2027-Q4' });
    clockTo('2028-01-04T08:00:00+01:00'); // the next morning: that run exists, nothing more
    expect(await fire()).toMatchObject({ started: false, quarter: '2027-Q4', executionArn: early.executionArn });
    await expect(runtime.lambdas.invoke('ScheduledReconciliation', { poleId: 'Not A Pole' })).rejects.toMatchObject({
      name: 'ValidationError',
    });
    await draftReady('2027-Q4', early.executionArn);
    await decide('2027-Q4', { decision: 'APPROVE' });
    expect((await runtime.engine.settled(early.executionArn)).status).toBe('SUCCEEDED');

    // The mornings of Monday 3 April and the next were missed (an outage): Wednesday's catches up, once.
    clockTo('2028-04-05T08:00:00+02:00');
    const caughtUp = (await fire()) as { executionArn: string };
    expect(caughtUp).toMatchObject({ started: true, quarter: '2028-Q1', firstWorkingDay: '2028-04-03' });
    expect(await fire()).toMatchObject({ started: false, quarter: '2028-Q1' });
    // Its approval is the next test's business, on a run of its own: stopped here.
    await runtime.engine.stop(caughtUp.executionArn);
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
    clockTo('2028-04-04T09:00:00+02:00');
    await importJson('2028-Q1', 'costs', [{ category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 2_440_000 }]);
    const run = await start('2028-Q1');
    await draftReady('2028-Q1', run.body.executionArn);
    await decide('2028-Q1', { decision: 'APPROVE' });
    expect((await runtime.engine.settled(run.body.executionArn)).status).toBe('SUCCEEDED');
    const mailed = (await outbox(runtime)).filter((m) => mailText(m).includes('le trimestre 2028-Q1'));
    // The seeded members still present (one left in 2026), the 2026 joiner, the 230 added here.
    expect(mailed).toHaveLength(members.length - 1 + 1 + extra.length);
    const pages = (await runtime.engine.history(run.body.executionArn)).filter(
      (e) => e.type === 'StateEntered' && e.stateName === 'MailStatements',
    );
    expect(pages).toHaveLength(2);
  });

  /** What a posted quarter leaves, whatever its length (every member is present all along from 2028): status, summary, statements, mails. */
  async function outcomeOf(quarter: string) {
    const { status, draft } = await quarterOf(quarter);
    const { computedAt: _at, approvalWait: _wait, ...summary } = draft;
    const statements = (await statementsOf(quarter)).statements.map(
      ({ quarter: _q, periods: _p, activeDays: _d, ...s }: Record<string, unknown>) => s,
    );
    const mails = (await outbox(runtime)).filter((m) => mailText(m).includes(`le trimestre ${quarter}`)).length;
    return { status, summary, statements, mails };
  }

  const STEPS = WORKFLOWS['quarterly-reconciliation'].functions;

  /** Runs a quarter (ended by then) up to its end, approved, with `id` failing for good from the approval on. */
  async function approvedRun(quarter: string, endedAt: string, faulty?: (typeof STEPS)[number]) {
    clockTo(endedAt);
    await importJson(quarter, 'costs', [
      { category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 90_000 },
      { category: 'Charges du bâtiment', key: 'AREA', amountCents: 240_000 },
    ]);
    const run = await start(quarter);
    await draftReady(quarter, run.body.executionArn);
    if (faulty) runtime.lambdas.injectFault(faulty, { times: Infinity, error: 'Error' });
    try {
      await decide(quarter, { decision: 'APPROVE' });
      return { executionArn: run.body.executionArn as string, ended: await runtime.engine.settled(run.body.executionArn) };
    } finally {
      runtime.lambdas.clearFaults();
    }
  }

  it('a data error fails the run at ComputeDraft; once the data is fixed, Relancer resumes there', async () => {
    clockTo('2028-07-04T09:00:00+02:00');
    await importJson('2028-Q2', 'costs', [{ category: 'Salle polyvalente', key: 'USAGE', amountCents: 80_000 }]);
    const counted = countInvocations(runtime, STEPS);
    const run = await start('2028-Q2');
    expect(await runtime.engine.settled(run.body.executionArn)).toMatchObject({ status: 'FAILED', error: 'CategoryWithoutPayer' });
    await importJson('2028-Q2', 'usage', [{ memberId: members[0]!.memberId, category: 'Salle polyvalente', units: 3 }]);
    const name = run.body.executionArn.split(':').at(-1);
    const redriven = await call(runtime, 'POST', `/admin/workflows/quarterly-reconciliation/executions/${name}/redrive`, {
      headers: ADMIN,
    });
    expect(redriven.status).toBe(202);
    await draftReady('2028-Q2', run.body.executionArn);
    await decide('2028-Q2', { decision: 'APPROVE' });
    expect((await runtime.engine.settled(run.body.executionArn)).status).toBe('SUCCEEDED');
    // The same execution, resumed: the quarter was opened once, the draft computed twice (the failed call, then the fixed one).
    expect(counted()).toMatchObject({ OpenQuarter: 1, ComputeDraft: 2, RequestApproval: 1, PostQuarter: 1 });
    expect((await quarterOf('2028-Q2')).status).toBe('POSTED');
  });

  it.each([
    { id: 'PostQuarter', quarter: '2028-Q4', reference: '2028-Q3', at: ['2028-10-03T09:00:00+02:00', '2029-01-03T09:00:00+01:00'] },
    { id: 'MailStatements', quarter: '2029-Q2', reference: '2029-Q1', at: ['2029-04-03T09:00:00+02:00', '2029-07-03T09:00:00+02:00'] },
  ] as const)(
    'redriven after $id failed for good, resumes at $id and ends as a run without fault did',
    async ({ id, quarter, reference, at }) => {
      const referenceCounted = countInvocations(runtime, STEPS);
      expect((await approvedRun(reference, at[0])).ended.status).toBe('SUCCEEDED');
      const referenceCalls = referenceCounted();

      const counted = countInvocations(runtime, STEPS);
      const { executionArn, ended } = await approvedRun(quarter, at[1], id);
      expect(ended).toMatchObject({ status: 'FAILED', error: 'Error' });
      await runtime.engine.redrive(executionArn);
      expect(await runtime.engine.settled(executionArn)).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });

      expect(await outcomeOf(quarter)).toEqual(await outcomeOf(reference));
      expect(counted()).toEqual({ ...referenceCalls, [id]: referenceCalls[id]! + 1 });
      const history = await runtime.engine.history(executionArn);
      const redriven = history.findIndex((e) => e.type === 'ExecutionRedriven');
      expect(history.slice(redriven).find((e) => e.type === 'StateEntered')?.stateName).toBe(id);
    },
  );
});

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/pole-admin.ts';
import { ORPHAN_CLAIM_AFTER_MS } from '../../domain/limits.ts';
import { DEMO_ADMIN, type Runtime } from '../../local/runtime.ts';
import { ddb, tableName } from '../../store/client.ts';
import { keys } from '../../store/keys.ts';
import { claimSiret, getSiretClaim, releasePendingClaim } from '../../store/siret-claims.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, call, eventually, POLE, startTestRuntime } from '../support/runtime.ts';

const OTHER_POLE_ADMIN = { token: 'autre-pole-admin-token', poleId: 'autre-pole', subject: 'animation@autre-pole.example.fr' };
const OTHER = { authorization: `Bearer ${OTHER_POLE_ADMIN.token}` };

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime({ admins: [DEMO_ADMIN, OTHER_POLE_ADMIN] });
});
afterAll(() => runtime.stop());

const get = (path: string, headers: Record<string, string> = ADMIN) => call(runtime, 'GET', path, { headers });
const release = (siret: string, headers: Record<string, string> = ADMIN) =>
  call(runtime, 'POST', `/admin/siret-claims/${siret}/release`, { headers });
const listed = async (siret: string, query = '', headers: Record<string, string> = ADMIN) =>
  (await get(`/admin/siret-claims${query}`, headers)).body.claims.find((c: { siret: string }) => c.siret === siret);
const claimItem = async (siret: string) =>
  (await ddb().send(new GetCommand({ TableName: tableName(), Key: keys.siretClaim(POLE, siret), ConsistentRead: true }))).Item;

/** What a confirmation killed between the SIRET's claim and the application's record leaves: a claim naming no application. */
const crashedConfirmation = (siret: string) => claimSiret(POLE, siret, `app-${siret}-crashed0000`, runtime.clock.now().toISOString());
const pastGrace = () => runtime.clock.advance(ORPHAN_CLAIM_AFTER_MS + 60_000);

async function awaitingDecision(n: number): Promise<{ applicationId: string; siret: string }> {
  const siret = testSiret(n);
  const reply = await applyAndConfirm(runtime, aForm({ siret, requestedAreaM2: 10 }));
  expect(reply.status, JSON.stringify(reply.body)).toBe(202);
  const { applicationId } = reply.body;
  await eventually(async () => (await get(`/admin/applications/${applicationId}`)).body.status === 'AWAITING_DECISION');
  return { applicationId, siret };
}

describe('SIRET claims seen and released by an admin (docs/rules.md#siret)', () => {
  it('lists an orphan claim, releases it with who and when, answers the same a second time, and the SIRET takes a new application', async () => {
    const siret = testSiret(2201);
    await crashedConfirmation(siret);
    pastGrace();

    const orphan = await listed(siret);
    expect(orphan).toMatchObject({
      state: 'PENDING',
      stateLabel: 'Réservé par une candidature',
      holder: { applicationId: `app-${siret}-crashed0000` },
      application: { exists: false },
      diagnosis: 'ORPHAN',
      orphan: true,
      stale: false,
      releasable: true,
    });
    const list = (await get('/admin/siret-claims')).body;
    expect(list.releasable).toBeGreaterThanOrEqual(1);
    expect(list.claims[0].releasable).toBe(true); // what the staff may act on comes first

    const before = runtime.clock.now().toISOString();
    const first = await release(siret);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.claim).toMatchObject({
      siret,
      state: 'RELEASED',
      stateLabel: 'Libéré',
      diagnosis: 'RELEASED',
      releasable: false,
      released: { by: DEMO_ADMIN.subject, at: expect.any(String) },
    });
    expect(first.body.claim.released.at >= before && first.body.claim.released.at <= runtime.clock.now().toISOString()).toBe(true);
    expect(first.body.message).toMatch(new RegExp(`^SIRET ${siret} libéré par ${DEMO_ADMIN.subject} le `));
    expect(await claimItem(siret)).toMatchObject({
      state: 'RELEASED',
      releasedBy: DEMO_ADMIN.subject,
      applicationId: `app-${siret}-crashed0000`,
    });
    expect(await listed(siret)).toBeUndefined(); // no longer blocking

    runtime.clock.advance(60_000);
    const second = await release(siret);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);

    const next = await applyAndConfirm(runtime, aForm({ siret, structureName: 'Atelier relancé' }));
    expect(next.status, JSON.stringify(next.body)).toBe(202);
    expect((await getSiretClaim(POLE, siret))?.holder).toBe(next.body.applicationId);
  });

  it('refuses to release a claim younger than the grace period: its confirmation may be recording the application', async () => {
    const siret = testSiret(2202);
    await crashedConfirmation(siret);
    expect(await listed(siret)).toMatchObject({ diagnosis: 'CONFIRMING', orphan: false, releasable: false });
    const refused = await release(siret);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CLAIM_BEING_CONFIRMED', applicationId: `app-${siret}-crashed0000` });
    expect(refused.body.error.message).toContain('réessayez dans quelques minutes');
    expect(await claimItem(siret)).toMatchObject({ state: 'PENDING' });
  });

  it('releases a stale claim, whose application was refused but whose SIRET stayed claimed', async () => {
    const { applicationId, siret } = await awaitingDecision(2203);
    const decided = await call(runtime, 'POST', `/admin/applications/${applicationId}/decision`, {
      headers: ADMIN,
      body: { decision: 'REJECT', reason: 'Hors périmètre' },
    });
    expect(decided.status).toBe(200);
    // What a crash between the rejection's record and the claim's release leaves: the claim still pending.
    await claimSiret(POLE, siret, applicationId, runtime.clock.now().toISOString());

    expect(await listed(siret)).toMatchObject({
      holder: { applicationId },
      application: { exists: true, status: 'REJECTED', statusLabel: 'Refusée' },
      diagnosis: 'STALE',
      diagnosisLabel: 'Périmée : la candidature est terminée',
      stale: true,
      orphan: false,
      releasable: true,
    });
    const released = await release(siret);
    expect(released.status).toBe(200);
    expect(released.body.claim).toMatchObject({ state: 'RELEASED', released: { by: DEMO_ADMIN.subject } });
  });

  it('refuses a claim held by an application under way, naming it and what to do instead', async () => {
    const { applicationId, siret } = await awaitingDecision(2204);
    pastGrace();
    expect(await listed(siret)).toMatchObject({
      application: { exists: true, status: 'AWAITING_DECISION', statusLabel: 'En attente du comité' },
      diagnosis: 'LIVE',
      releasable: false,
    });
    const refused = await release(siret);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'CLAIM_HELD_BY_APPLICATION',
      field: 'siret',
      applicationId,
      status: 'AWAITING_DECISION',
    });
    expect(refused.body.error.message).toContain(applicationId);
    expect(refused.body.error.message).toContain('refusez-la depuis sa page');
    expect(await claimItem(siret)).toMatchObject({ state: 'PENDING', applicationId });
    expect((await get(`/admin/applications/${applicationId}`)).body.status).toBe('AWAITING_DECISION');
  });

  it('refuses a member’s claim (a member leaves through its departure), listed with ?state=MEMBER only', async () => {
    const { members } = (await get('/admin/members')).body;
    const memberId = members[0].memberId as string;
    expect(await listed(memberId)).toBeUndefined();
    expect(await listed(memberId, '?state=MEMBER')).toMatchObject({
      state: 'MEMBER',
      stateLabel: 'Réservé par un membre',
      holder: { memberId },
      diagnosis: 'MEMBER',
      releasable: false,
    });
    expect(await listed(memberId, '?state=ALL')).toBeDefined();
    const refused = await release(memberId);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CLAIM_HELD_BY_MEMBER', memberId });
    expect(refused.body.error.message).toContain('départ');
    expect(await claimItem(memberId)).toMatchObject({ state: 'MEMBER' });
  });

  it('answers 400 naming the field and rule for a malformed SIRET or state, 404 for a SIRET never claimed', async () => {
    const short = await release('1234');
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ field: 'path.siret', rule: 'siret_format' }] });
    const checksum = await release(testSiret(2205).replace(/\d$/, (d) => String((Number(d) + 1) % 10)));
    expect(checksum.status).toBe(400);
    expect(checksum.body.error.issues).toMatchObject([{ field: 'path.siret', rule: 'siret_checksum' }]);
    const state = await get('/admin/siret-claims?state=RELEASED');
    expect(state.status).toBe(400);
    expect(state.body.error.issues).toMatchObject([{ field: 'query.state', rule: 'one_of' }]);

    const unknown = await release(testSiret(2206));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'siret' });
    expect(await claimItem(testSiret(2206))).toBeUndefined();
    expect((await call(runtime, 'GET', '/admin/siret-claims')).status).toBe(401);
  });

  it('keeps each pôle to its own claims: another pôle’s admin neither sees nor releases them', async () => {
    const siret = testSiret(2207);
    await crashedConfirmation(siret);
    pastGrace();
    const others = await get('/admin/siret-claims?state=ALL', OTHER);
    expect(others.status).toBe(200);
    expect(others.body.claims).toEqual([]);
    const refused = await release(siret, OTHER);
    expect(refused.status).toBe(404);
    expect(await claimItem(siret)).toMatchObject({ state: 'PENDING' });
    expect(await listed(siret)).toMatchObject({ orphan: true });
  });

  it('never releases a claim that changed hands after it was read: the write is conditional on holder, time and state', async () => {
    const siret = testSiret(2208);
    await crashedConfirmation(siret);
    pastGrace();
    const read = (await getSiretClaim(POLE, siret))!;
    // Between the admin's read and write, a new application takes the orphan over (as claimSiret does).
    const taken = await applyAndConfirm(runtime, aForm({ siret, structureName: 'Atelier plus rapide' }));
    expect(taken.status).toBe(202);
    expect(await releasePendingClaim(POLE, read, DEMO_ADMIN.subject, runtime.clock.now().toISOString())).toBe(false);
    expect(await claimItem(siret)).toMatchObject({ state: 'PENDING', applicationId: taken.body.applicationId });
    expect((await claimItem(siret))?.releasedBy).toBeUndefined();
    // The route judges the claim as it now is: a live application, a 409.
    expect((await release(siret)).body.error.code).toBe('CLAIM_HELD_BY_APPLICATION');
  });
});

/** Runs `pole-admin` in process against the runtime; returns its exit code and what it printed. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const env = { POLE_API_URL: runtime.url, POLE_ADMIN_TOKEN: DEMO_ADMIN.token };
  const code = await main(argv, env, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('pole-admin claims', () => {
  it('lists the blocked SIRETs in French, releases an orphan, and says why a member’s SIRET is not released', async () => {
    const siret = testSiret(2301);
    await crashedConfirmation(siret);
    pastGrace();

    const list = await cli('claims', 'list');
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/^SIRET\s+Réservé par\s+Depuis le\s+Candidature\s+Diagnostic/);
    expect(list.out).toMatch(
      new RegExp(`${siret}\\s+candidature app-${siret}-crashed0000\\s+.+inexistante\\s+⚠ Orpheline : aucune candidature enregistrée`),
    );
    expect(list.out).toContain(`  → pole-admin claims release ${siret}`);

    const released = await cli('claims', 'release', siret);
    expect(released).toMatchObject({
      code: 0,
      out: expect.stringMatching(new RegExp(`^SIRET ${siret} libéré par ${DEMO_ADMIN.subject} le `)),
    });
    expect((await cli('claims', 'release', siret)).out).toBe(released.out);
    expect((await cli('claims', 'list')).out).not.toContain(siret);

    const { members } = (await get('/admin/members')).body;
    const memberId = members[0].memberId as string;
    expect((await cli('claims', 'list', '--state', 'member')).out).toMatch(
      new RegExp(`${memberId}\\s+membre ${memberId}\\s+.+Membre du pôle`),
    );
    const refused = await cli('claims', 'release', memberId);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/enregistrement de son départ.+\(409 CLAIM_HELD_BY_MEMBER\)$/);

    const bad = await cli('claims', 'release', '1234');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('path.siret : Le SIRET doit comporter exactement 14 chiffres.');
    expect(await cli('claims', 'list', '--state', 'libre')).toMatchObject({
      code: 2,
      err: expect.stringContaining('État inconnu : LIBRE'),
    });
    expect(JSON.parse((await cli('claims', 'list', '--json')).out)).toMatchObject({ count: expect.any(Number), claims: expect.any(Array) });
  });
});

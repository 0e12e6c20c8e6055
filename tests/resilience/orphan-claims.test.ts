import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORPHAN_CLAIM_AFTER_MS } from '../../domain/limits.ts';
import type { Runtime } from '../../local/runtime.ts';
import { claimSiret, listSiretClaims } from '../../store/siret-claims.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { POLE, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

/** What a confirmation killed between the SIRET's claim and the application's record leaves: a claim naming no application. */
const crashedConfirmation = (siret: string) => claimSiret(POLE, siret, `app-${siret}-crashed0000`, runtime.clock.now().toISOString());
const holderOf = async (siret: string) => (await listSiretClaims(POLE)).find((c) => c.siret === siret)?.holder;

describe('a SIRET claimed by a confirmation that crashed before recording its application', () => {
  it('is taken over by the next application once the claim is older than the grace period', async () => {
    const siret = testSiret(2101);
    await crashedConfirmation(siret);
    runtime.clock.advance(ORPHAN_CLAIM_AFTER_MS + 60_000);
    const corrected = await applyAndConfirm(runtime, aForm({ siret, structureName: 'Atelier corrigé' }));
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(202);
    expect(await holderOf(siret)).toBe(corrected.body.applicationId);
  });

  it('still blocks another application within the grace period (the confirmation may be recording it)', async () => {
    const siret = testSiret(2102);
    await crashedConfirmation(siret);
    const other = await applyAndConfirm(runtime, aForm({ siret }));
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('APPLICATION_PENDING');
    expect(await holderOf(siret)).toBe(`app-${siret}-crashed0000`);
  });

  it('is not an orphan when its application exists, however old the claim', async () => {
    const siret = testSiret(2103);
    const first = await applyAndConfirm(runtime, aForm({ siret }));
    expect(first.status).toBe(202);
    runtime.clock.advance(ORPHAN_CLAIM_AFTER_MS + 60_000);
    const second = await applyAndConfirm(runtime, aForm({ siret, structureName: 'Autre structure' }));
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('APPLICATION_PENDING');
    expect(await holderOf(siret)).toBe(first.body.applicationId);
  });
});

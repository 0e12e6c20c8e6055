import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poleSetupSchema } from '../../domain/pole-setup.ts';
import { setUpPole } from '../../services/poles.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, call, POLE, startTestRuntime } from '../support/runtime.ts';

/** Enough rounds to hit the race between stop() and work in flight on this 2-core machine. */
const ROUNDS = 8;

const unhandled: unknown[] = [];
const record = (error: unknown) => unhandled.push(error);
beforeAll(() => {
  process.on('unhandledRejection', record);
  process.on('uncaughtException', record);
});
afterAll(() => {
  process.off('unhandledRejection', record);
  process.off('uncaughtException', record);
});

const BARE_POLE = poleSetupSchema.parse({
  name: 'Pôle de test',
  territory: 'Seignanx',
  committeeEmail: 'comite@pole.example.fr',
  building: { name: 'Bâtiment', capacityM2: 5000 },
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('stopping the embedded runtime under load', () => {
  it('drains requests and executions in flight before it closes the store: nothing fails after stop()', {
    timeout: 360_000 /* eight runtimes started and stopped: ~12 s on a quiet machine, minutes when the cores are shared */,
  }, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      // A bare pôle (profile and building) rather than the demo data: each round starts a runtime.
      const runtime = await startTestRuntime({ seed: false });
      await setUpPole(POLE, BARE_POLE, { subject: 'test', operator: true }, new Date().toISOString());
      // Applications start executions whose steps read and write the table in the background.
      const burst = [
        ...Array.from({ length: 30 }, (_, i) => applyAndConfirm(runtime, aForm({ siret: testSiret(9000 + round * 100 + i) }))),
        ...Array.from({ length: 10 }, () => call(runtime, 'GET', '/admin/executions', { headers: ADMIN })),
      ].map((reply) => reply.catch(() => 'refused'));
      await pause(20 + ((round * 37) % 200));
      await runtime.stop();
      await Promise.all(burst);
      await pause(100); // what would run late has had its turn
      expect(unhandled, `round ${round}`).toEqual([]);
    }
  });

  it('refuses a late call after stop() with a clear error instead of touching the closed store', async () => {
    const runtime = await startTestRuntime({ seed: false });
    await runtime.stop();
    await expect(runtime.lambdas.invoke('ListMembers', {})).rejects.toMatchObject({ name: 'Local.RuntimeStopped' });
    await expect(runtime.engine.start('member-onboarding', 'late', {})).rejects.toMatchObject({ name: 'Local.RuntimeStopped' });
    await runtime.stop(); // a second stop waits for the same one
    expect(unhandled).toEqual([]);
  });
});

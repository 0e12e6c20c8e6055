import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, call, eventually, startTestRuntime } from '../support/runtime.ts';

// Its own file (own process): the runtime's ports are process-wide, so one runtime at a time.
describe('restart of the embedded runtime', () => {
  it('resumes an execution interrupted while waiting, and the decision completes it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pole-data-'));
    let first: Runtime | undefined = await startTestRuntime({ dataDir });
    const reply = await applyAndConfirm(first, aForm({ siret: testSiret(301), requestedAreaM2: 10 }));
    const { applicationId, executionArn } = reply.body;
    await eventually(
      async () =>
        (await call(first!, 'GET', `/admin/applications/${applicationId}`, { headers: ADMIN })).body.status === 'AWAITING_DECISION',
    );
    await first.stop();
    first = undefined;

    const second = await startTestRuntime({ dataDir });
    try {
      expect(second.resumed).toEqual([executionArn]);
      await eventually(async () => (await second.engine.history(executionArn)).some((e) => e.type === 'ExecutionResumed'));
      // The token was minted again and kept on the application: the decision reaches the new wait.
      await eventually(async () => {
        const h = await second.engine.history(executionArn);
        return h.filter((e) => e.type === 'StateEntered' && e.stateName === 'AwaitCommitteeDecision').length === 2;
      });
      expect(
        (await call(second, 'POST', `/admin/applications/${applicationId}/decision`, { headers: ADMIN, body: { decision: 'APPROVE' } }))
          .status,
      ).toBe(200);
      expect((await second.engine.settled(executionArn)).status).toBe('SUCCEEDED');
      const app = (await call(second, 'GET', `/admin/applications/${applicationId}`, { headers: ADMIN })).body;
      expect(app.history.map((h: { status: string }) => h.status)).toEqual(['RECEIVED', 'AWAITING_DECISION', 'APPROVED', 'ACTIVE']);
      const members = (await call(second, 'GET', '/admin/members', { headers: ADMIN })).body.members;
      expect(members.filter((m: { siret: string }) => m.siret === testSiret(301))).toHaveLength(1);
    } finally {
      await second.stop();
    }
  });
});

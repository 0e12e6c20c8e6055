import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/pole-admin.ts';
import type { Runtime } from '../../local/runtime.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, call, eventually, POLE, startTestRuntime } from '../support/runtime.ts';

const TOKEN = ADMIN.authorization.replace('Bearer ', '');

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

/** Runs `pole-admin` in process against the runtime; returns its exit code and what it printed. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    argv,
    { POLE_API_URL: runtime.url, POLE_ADMIN_TOKEN: TOKEN },
    { out: (t) => out.push(t), err: (t) => err.push(t) },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const application = async (id: string) => (await call(runtime, 'GET', `/admin/applications/${id}`, { headers: ADMIN })).body;

async function submitAndWait(n: number, overrides = {}) {
  const reply = await applyAndConfirm(runtime, aForm({ siret: testSiret(n), requestedAreaM2: 10, ...overrides }));
  await eventually(async () => (await application(reply.body.applicationId)).status === 'AWAITING_DECISION');
  return reply.body as { applicationId: string; executionArn: string };
}

describe('pole-admin against the embedded runtime', () => {
  it('lists the failed execution, shows its failing step, redrives it, and refuses a second redrive', async () => {
    const { applicationId, executionArn } = await submitAndWait(801);
    runtime.lambdas.injectFault('ActivateMember', { times: Infinity, error: 'Error' });
    await call(runtime, 'POST', `/admin/applications/${applicationId}/decision`, { headers: ADMIN, body: { decision: 'APPROVE' } });
    await runtime.engine.settled(executionArn);
    runtime.lambdas.clearFaults();

    const listed = await cli('executions', '--status', 'failed');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^Statut\s+Workflow\s+Clé métier\s+Début\s+Durée/);
    expect(listed.out).toContain(`En échec  member-onboarding  ${applicationId}`);
    expect(listed.out).not.toContain('En cours');

    const shown = await cli('execution', 'member-onboarding', applicationId); // the business key is enough
    expect(shown.code).toBe(0);
    // Steps and errors in French, each with its code beside it for engineers.
    expect(shown.out).toMatch(/^Adhésion d’un membre \(member-onboarding\) \/ /);
    expect(shown.out).toContain('Étape en échec : Activation du membre (ActivateMember)');
    expect(shown.out).toContain('  Erreur : Erreur technique inattendue (Error)');
    expect(shown.out).toContain('  Cause : Injected fault in ActivateMember');
    expect(shown.out).toContain(`"applicationId": "${applicationId}"`);
    // No Catch takes a technical failure (only business outcomes are caught): the step itself is the failure.
    expect(shown.out).toMatch(/Activation du membre \(ActivateMember\)\s+Tâche\s+.+en échec : Erreur technique inattendue \(Error\)/);
    expect(shown.out).toMatch(/^Enregistrement de la candidature \(RecordApplication\)\s+Tâche\s+.+réussie/m);
    expect(shown.out).toContain(`pole-admin redrive member-onboarding ${POLE}--${applicationId}`);

    const redriven = await cli('redrive', 'member-onboarding', `${POLE}--${applicationId}`);
    expect(redriven).toMatchObject({ code: 0, out: `Exécution relancée. member-onboarding / ${POLE}--${applicationId} : En cours.` });
    expect((await runtime.engine.settled(executionArn)).status).toBe('SUCCEEDED');
    expect((await application(applicationId)).status).toBe('ACTIVE');
    expect((await cli('execution', 'member-onboarding', applicationId)).out).toMatch(/— relance du .+ —/);

    const again = await cli('redrive', 'member-onboarding', applicationId);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(
      /^pole-admin : Seule une exécution en échec, expirée ou arrêtée peut être relancée \(statut : SUCCEEDED\)\. \(409 EXECUTION_NOT_REDRIVABLE\)$/,
    );
  });

  it('stops a running execution', async () => {
    const { applicationId, executionArn } = await submitAndWait(802);
    const stopped = await cli('stop', 'member-onboarding', applicationId);
    expect(stopped).toMatchObject({ code: 0, out: `Exécution arrêtée. member-onboarding / ${POLE}--${applicationId} : Arrêtée.` });
    expect((await runtime.engine.describe(executionArn)).status).toBe('ABORTED');
  });

  it('lists the tasks, approves one and rejects another with its reason', async () => {
    const first = await submitAndWait(803, { structureName: 'Tiers-lieu d’Ondres' });
    const second = await submitAndWait(804, { structureName: 'Conserverie du Seignanx' });
    const tasks = await cli('tasks');
    expect(tasks.code).toBe(0);
    expect(tasks.out).toContain(`Candidature de Tiers-lieu d’Ondres  [${first.applicationId}]`);
    expect(tasks.out).toContain(
      `→ pole-admin approve ${first.applicationId}  |  pole-admin reject ${first.applicationId} --reason "motif"`,
    );

    expect(await cli('approve', first.applicationId)).toMatchObject({
      code: 0,
      out: 'Approuver : Candidature de Tiers-lieu d’Ondres — fait.',
    });
    expect((await cli('reject', second.applicationId)).code).toBe(2); // no reason
    expect(await cli('reject', second.applicationId, '--reason', 'Activité déjà présente sur le territoire')).toMatchObject({ code: 0 });
    await runtime.engine.idle();
    expect((await application(first.applicationId)).status).toBe('ACTIVE');
    expect(await application(second.applicationId)).toMatchObject({
      status: 'REJECTED',
      decision: { reason: 'Activité déjà présente sur le territoire' },
    });
    expect((await cli('approve', second.applicationId)).err).toContain(`Aucune tâche en attente n’a l’identifiant ${second.applicationId}`);
  });

  it('prints the API’s JSON with --json', async () => {
    const { code, out } = await cli('executions', '--json', '--limit', '2');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      count: 2,
      executions: [expect.objectContaining({ workflow: 'member-onboarding' }), expect.anything()],
    });
  });

  it('explains what is wrong, with an exit code per kind of failure', async () => {
    expect((await cli('--help')).code).toBe(0);
    expect((await cli()).code).toBe(2);
    expect(await cli('frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('Commande inconnue : frobnicate') });
    expect(await cli('executions', '--bogus')).toMatchObject({ code: 2, err: expect.stringContaining('--bogus') });
    expect(await cli('execution', 'member-onboarding')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Usage : pole-admin execution <workflow>'),
    });
    // Workflows and statuses are known to the command itself (domain/executions.ts, workflows/names.ts): a usage error.
    const badStatus = await cli('executions', '--status', 'broken');
    expect(badStatus).toMatchObject({ code: 2, err: expect.stringContaining('Statut inconnu : BROKEN (RUNNING, SUCCEEDED') });
    expect(await cli('execution', 'member-onbaording', 'app-1')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Workflow inconnu : member-onbaording (member-onboarding, quarterly-reconciliation, gtec-campaign)'),
    });
    expect(await cli('execution', 'member-onboarding', 'app-nope')).toMatchObject({
      code: 1,
      err: expect.stringContaining('Aucune exécution de member-onboarding'),
    });

    const noToken = await main(['tasks'], { POLE_API_URL: runtime.url }, { out: () => undefined, err: () => undefined });
    expect(noToken).toBe(2);
    const wrongToken: string[] = [];
    expect(
      await main(
        ['tasks'],
        { POLE_API_URL: runtime.url, POLE_ADMIN_TOKEN: 'not-a-token' },
        { out: () => undefined, err: (t) => wrongToken.push(t) },
      ),
    ).toBe(1);
    expect(wrongToken.join()).toContain('Jeton refusé (401)');
    const unreachable: string[] = [];
    expect(
      await main(
        ['tasks', '--url', 'http://127.0.0.1:9'],
        { POLE_ADMIN_TOKEN: TOKEN },
        { out: () => undefined, err: (t) => unreachable.push(t) },
      ),
    ).toBe(3);
    expect(unreachable.join()).toContain('API injoignable à http://127.0.0.1:9');
  });

  it('runs as the npm bin, TypeScript through tsx', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/pole-admin.mjs', 'executions', '--workflow', 'member-onboarding', '--limit', '1'],
      {
        env: { ...process.env, POLE_API_URL: runtime.url, POLE_ADMIN_TOKEN: TOKEN },
      },
    );
    expect(stdout).toMatch(/^Statut\s+Workflow/);
    expect(stdout).toMatch(/1 exécution\(s\) affichée\(s\) sur \d+/);
    const failing = promisify(execFile)(process.execPath, ['bin/pole-admin.mjs', 'tasks'], {
      env: { ...process.env, POLE_API_URL: runtime.url, POLE_ADMIN_TOKEN: 'nope' },
    });
    await expect(failing).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Jeton refusé') });
  });
});

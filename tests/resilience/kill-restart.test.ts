import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aForm, testSiret } from '../support/forms.ts';
import { mailText } from '../support/runtime.ts';

const ADMIN = { authorization: 'Bearer demo-admin-token' };

/** `npm start`'s program in a process of its own, so that it can be killed for real. */
async function boot(dataDir: string, outboxDir: string): Promise<{ child: ChildProcess; url: string; resumed: number; banner: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'local/start.ts'], {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, OUTBOX_DIR: outboxDir, POWERTOOLS_LOG_LEVEL: 'SILENT' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 60_000;
  while (!/resumed\s+\d+/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`runtime did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url: /API\s+(http:\S+)/.exec(out)![1]!, resumed: Number(/resumed\s+(\d+)/.exec(out)![1]), banner: out };
}

const json = async (url: string, init: RequestInit = {}): Promise<{ status: number; body: any }> => {
  const res = await fetch(url, { ...init, headers: { ...ADMIN, 'content-type': 'application/json', ...init.headers } });
  return { status: res.status, body: await res.json() };
};

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the embedded runtime killed with SIGKILL', { timeout: 120_000 }, () => {
  it('loses nothing: the interrupted executions resume to the same end state, each mail sent once', async () => {
    // Folders the runtime creates itself: they must come out owner-only.
    const base = await mkdtemp(join(tmpdir(), 'pole-kill-'));
    const dataDir = join(base, 'data');
    const outboxDir = join(base, 'outbox');
    let { child, url, banner } = await boot(dataDir, outboxDir);
    // The banner says where the admin token is set, never the token itself.
    expect(banner).toMatch(/admin\s+the demo token given in README\.md/);
    expect(banner).not.toContain('demo-admin-token');

    const pending = await json(`${url}/poles/pole-sud-aquitain/applications`, {
      method: 'POST',
      body: JSON.stringify(aForm({ siret: testSiret(501), requestedAreaM2: 5 })),
    });
    expect(pending.status).toBe(202);
    // The applicant confirms with the link of the mail.
    let confirmLink: string | undefined;
    await until(async () => {
      const mails = await Promise.all((await readdir(outboxDir)).map((f) => readFile(join(outboxDir, f), 'utf8')));
      confirmLink = mails.map((m) => /(http:\S+\/confirm\/[A-Za-z0-9_-]{22})/.exec(mailText(m))?.[1]).find(Boolean);
      return confirmLink !== undefined;
    });
    const submitted = await json(confirmLink!, { method: 'POST' });
    expect(submitted.status).toBe(202);
    const appUrl = `${url}/admin/applications/${submitted.body.applicationId}`;
    await until(async () => (await json(appUrl)).body.status === 'AWAITING_DECISION');
    await json(`${url}/admin/reconciliations/2026-Q3/inputs/costs`, {
      method: 'POST',
      body: JSON.stringify([{ category: 'Accueil mutualisé', key: 'EQUAL', amountCents: 140_000 }]),
    });
    const run = await json(`${url}/admin/reconciliations/2026-Q3/runs`, { method: 'POST' });
    await until(async () => (await json(`${url}/admin/reconciliations/2026-Q3`)).body.status === 'DRAFT');

    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    ({ child, url } = await boot(dataDir, outboxDir));
    try {
      const onboarding = await json(`${url}/admin/workflows/member-onboarding/executions?status=RUNNING`);
      expect(onboarding.body.executions.map((e: { executionArn: string }) => e.executionArn)).toContain(submitted.body.executionArn);
      const decideApp = () =>
        json(`${url}/admin/applications/${submitted.body.applicationId}/decision`, {
          method: 'POST',
          body: JSON.stringify({ decision: 'APPROVE' }),
        });
      expect((await decideApp()).status).toBe(200);
      await until(async () => (await json(`${url}/admin/applications/${submitted.body.applicationId}`)).body.status === 'ACTIVE');

      await until(async () => (await json(`${url}/admin/reconciliations/2026-Q3`)).body.status === 'DRAFT');
      expect(
        (await json(`${url}/admin/reconciliations/2026-Q3/decision`, { method: 'POST', body: JSON.stringify({ decision: 'APPROVE' }) }))
          .status,
      ).toBe(200);
      await until(async () => (await json(`${url}/admin/reconciliations/2026-Q3`)).body.status === 'POSTED');
      const executionName = run.body.executionArn.split(':').at(-1);
      await until(
        async () =>
          (await json(`${url}/admin/workflows/quarterly-reconciliation/executions/${executionName}`)).body.execution.status === 'SUCCEEDED',
      );

      const members = (await json(`${url}/admin/members`)).body.members;
      expect(members.filter((m: { siret: string }) => m.siret === testSiret(501))).toHaveLength(1);
      const mails = await readdir(outboxDir);
      // The confirmation and the welcome mails, and one statement per member (the new member starts at LATE_START: no statement).
      expect(mails.length).toBe(2 + members.length - 1);
      // The outbox holds live links and the data folder the whole table: owner-only.
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
      expect((await stat(outboxDir)).mode & 0o777).toBe(0o700);
      for (const mail of mails) expect((await stat(join(outboxDir, mail))).mode & 0o777).toBe(0o600);
      for (const file of await readdir(dataDir)) expect((await stat(join(dataDir, file))).mode & 0o077).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { openPage } from '../support/browser.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, call, eventually, POLE, startTestRuntime } from '../support/runtime.ts';

const ARTIFACTS = 'tests/artifacts';
const TOKEN = ADMIN.authorization.replace('Bearer ', '');

let runtime: Runtime;
let browser: Browser;
let page: Page;
/** Script errors and CSP violations the page reports: there must be none. */
let pageErrors: string[] = [];

const application = async (id: string) => (await call(runtime, 'GET', `/admin/applications/${id}`, { headers: ADMIN })).body;

async function submitAndWait(n: number, overrides = {}) {
  const reply = await applyAndConfirm(runtime, aForm({ siret: testSiret(n), requestedAreaM2: 10, ...overrides }));
  await eventually(async () => (await application(reply.body.applicationId)).status === 'AWAITING_DECISION');
  return { ...(reply.body as { applicationId: string; executionArn: string }), name: `${POLE}--${reply.body.applicationId}` };
}

beforeAll(async () => {
  runtime = await startTestRuntime();
  ({ browser, page, errors: pageErrors } = await openPage({ width: 1280, height: 900 }));
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('the admin page in Chromium', () => {
  it('refuses a wrong token and asks again', async () => {
    await page.goto(`${runtime.url}/admin`);
    await page.fill('#token', 'not-the-token');
    await page.click('#login button[type=submit]');
    await page.waitForSelector('#login-section:not([hidden])');
    await page.locator('#message', { hasText: 'Jeton refusé' }).waitFor();
    expect(await page.isHidden('#app')).toBe(true);
  });

  it('lists executions, filters the failed one, shows its failing step and error, redrives it and watches it succeed', async () => {
    // Prepare: an onboarding whose activation fails for good (the cause is then fixed), and one that waits
    const failing = await submitAndWait(701, { structureName: 'Atelier Vélo du Seignanx' });
    runtime.lambdas.injectFault('ActivateMember', { times: Infinity, error: 'Error' });
    await call(runtime, 'POST', `/admin/applications/${failing.applicationId}/decision`, { headers: ADMIN, body: { decision: 'APPROVE' } });
    expect((await runtime.engine.settled(failing.executionArn)).status).toBe('FAILED');
    runtime.lambdas.clearFaults();
    await submitAndWait(702, { structureName: 'Ressourcerie de Tarnos' });

    // Act: log in, then filter on FAILED
    await page.goto(`${runtime.url}/admin`);
    await page.fill('#token', TOKEN);
    await page.click('#login button[type=submit]');
    await page.waitForSelector(`#executions tr[data-name="${failing.name}"]`);
    expect(await page.locator('#executions tbody tr').count()).toBeGreaterThanOrEqual(2);
    await page.selectOption('#filter-status', 'FAILED');
    await expect.poll(() => page.locator('#executions tbody tr:not([data-status="FAILED"])').count()).toBe(0);
    expect(await page.locator('#executions tbody tr').count()).toBeGreaterThan(0);
    expect(await page.textContent(`#executions tr[data-name="${failing.name}"] .badge`)).toBe('En échec');

    // Assess: the failing step, its error and its input are in view
    await page.click(`#executions tr[data-name="${failing.name}"]`);
    await page.waitForSelector('#failure:not([hidden])');
    expect(await page.textContent('#failure-title')).toBe('Étape en échec : ');
    expect(await page.textContent('#failure-step')).toBe('ActivateMember');
    expect(await page.textContent('#failure-error')).toBe('Error');
    expect(await page.textContent('#failure-cause')).toBe('Injected fault in ActivateMember');
    expect(await page.textContent('#failure-input')).toContain(failing.applicationId);
    expect(await page.locator('#timeline tr.failing[data-state="ActivateMember"]').count()).toBe(1);
    expect(await page.isVisible('#redrive')).toBe(true);
    expect(await page.isHidden('#stop')).toBe(true);
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/admin-page-failed.png`, fullPage: true });

    // Act: « Relancer », confirmed
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#redrive');

    // Assess: the page follows the execution until it succeeds
    await page.waitForSelector('#detail-status [data-status="SUCCEEDED"]', { timeout: 20_000 });
    expect(await page.isHidden('#failure')).toBe(true);
    expect(await page.isHidden('#redrive')).toBe(true);
    expect(await page.locator('#timeline tr.run').count()).toBe(1);
    expect(await page.textContent('#detail-summary')).toContain('Relances');
    expect((await application(failing.applicationId)).status).toBe('ACTIVE');
    await page.screenshot({ path: `${ARTIFACTS}/admin-page.png`, fullPage: true });
  });

  it('lists the waiting applications and rejects one with a reason', async () => {
    await page.click('#logout');
    await page.waitForSelector('#login-section:not([hidden])');
    const waiting = await submitAndWait(703, { structureName: 'Garage Solidaire Landais' });
    await page.fill('#token', TOKEN);
    await page.click('#login button[type=submit]');
    const task = page.locator(`#tasks li[data-id="${waiting.applicationId}"]`);
    await task.waitFor();
    expect(await task.textContent()).toContain('Candidature de Garage Solidaire Landais');
    expect(await task.textContent()).toContain('10 m²');

    page.once('dialog', (dialog) => void dialog.accept('Projet hors du périmètre du pôle'));
    await task.locator('button', { hasText: 'Refuser' }).click();
    await task.waitFor({ state: 'detached' });
    await page.locator('#message', { hasText: 'Refuser' }).waitFor();
    const rejected = await application(waiting.applicationId);
    expect(rejected).toMatchObject({ status: 'REJECTED', decision: { reason: 'Projet hors du périmètre du pôle' } });
    expect(pageErrors).toEqual([]);
  });
});

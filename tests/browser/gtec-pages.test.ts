import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { openPage } from '../support/browser.ts';
import { ADMIN, call, eventually, mailText, outbox, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
let browser: Browser;
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  runtime = await startTestRuntime();
  ({ browser, page, errors: pageErrors } = await openPage());
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('GTEC pages in Chromium', () => {
  it('a company answers in its browser from the mailed link, then the admin reads the report with charts', async () => {
    // Prepare: a campaign closing in a few seconds.
    const created = await call(runtime, 'POST', '/admin/campaigns', {
      headers: ADMIN,
      body: {
        campaignId: 'navigateur',
        filters: { communes: ['Tarnos'] },
        reminders: [new Date(Date.now() + 5000).toISOString()],
        closesAt: new Date(Date.now() + 6000).toISOString(),
      },
    });
    const links = await eventually(async () => {
      const found = (await outbox(runtime))
        .map((m) => /(http:\S+\/survey\/[A-Za-z0-9_-]{22}\/page)/.exec(mailText(m))?.[1])
        .filter((l): l is string => !!l);
      return found.length >= 3 && found;
    });

    // Act: the page shows the questionnaire; a missing required answer is named; then it is saved.
    await page.goto(links[0]!);
    await page.locator('h1', { hasText: 'Enquête emploi et compétences' }).waitFor();
    await page.click('button[type=submit]');
    await page.locator('#err-difficulties', { hasText: 'Réponse obligatoire' }).waitFor();
    await page.check('input[name=difficulties][value=oui]');
    await page.check('input[name=training_needs][value=securite]');
    await page.fill('textarea[name=hiring]', 'btp;2;CDI;0-3M');
    await page.click('button[type=submit]');
    await page.locator('#status', { hasText: 'Merci' }).waitFor();
    for (const link of links.slice(1, 3)) {
      const token = /survey\/([^/]+)\/page/.exec(link)![1];
      await call(runtime, 'POST', `/survey/${token}/answers`, {
        body: {
          answers: {
            difficulties: 'oui',
            training_needs: ['securite'],
            hiring: [{ jobFamily: 'btp', count: 1, contractType: 'CDD', horizon: '3-6M' }],
          },
        },
      });
    }
    expect((await runtime.engine.settled(created.body.executionArn)).status).toBe('SUCCEEDED');

    // Assess: the report page asks for the token, then draws the figures, masked ones said so.
    await page.goto(`${runtime.url}/admin/campaigns/navigateur/report`);
    await page.fill('input[type=password]', ADMIN.authorization.replace('Bearer ', ''));
    await page.click('button[type=submit]');
    await page.locator('h2', { hasText: 'Recrutements prévus par famille de métiers' }).waitFor();
    expect(await page.locator('svg rect.bar').count()).toBeGreaterThan(0);
    expect(await page.textContent('main')).toContain('masqué (< 3 entreprises)');
    expect(await page.textContent('main')).toContain('3 réponses sur');
    // Closed: the answer page says so.
    await page.goto(links[0]!);
    await page.locator('[role=alert]', { hasText: 'close' }).waitFor();
    expect(pageErrors).toEqual([]);
  }, 40_000);
});

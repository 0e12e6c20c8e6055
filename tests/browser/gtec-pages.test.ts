import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../local/runtime.ts';
import { axeViolations, fitsWidth } from '../support/axe.ts';
import { launchChromium, watchErrors } from '../support/browser.ts';
import { ADMIN, call, eventually, mailText, outbox, startTestRuntime } from '../support/runtime.ts';

const ARTIFACTS = 'tests/artifacts';
const DAY = 86_400_000;

let runtime: Runtime;
let browser: Browser;
const pageErrors: string[] = [];

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  watchErrors(page, pageErrors);
  return page;
}

const activeId = (page: Page) => page.evaluate('document.activeElement && document.activeElement.id') as Promise<string>;
const tokenOf = (link: string) => /survey\/([^/]+)\/page/.exec(link)![1]!;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  runtime = await startTestRuntime();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('GTEC pages in Chromium', () => {
  let links: string[] = [];
  let executionArn = '';

  beforeAll(async () => {
    // A campaign on the demo companies of Tarnos, closing in 30 days (of the runtime's clock).
    const created = await call(runtime, 'POST', '/admin/campaigns', {
      headers: ADMIN,
      body: {
        campaignId: 'navigateur',
        filters: { communes: ['Tarnos'] },
        closesAt: new Date(runtime.clock.now().getTime() + 30 * DAY).toISOString(),
      },
    });
    executionArn = created.body.executionArn;
    links = await eventually(async () => {
      const found = (await outbox(runtime))
        .map((m) => /(http:\S+\/survey\/[A-Za-z0-9_-]{22}\/page)/.exec(mailText(m))?.[1])
        .filter((l): l is string => !!l);
      return found.length >= 6 && found;
    });
  });

  it('a company fills the answer page alone: rows added and removed, errors shown next to their fields and summed up, corrected, sent, then changed', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1100, height: 900 } });
    const page = await newPage(context);
    const token = tokenOf(links[0]!);
    const survey = (await call(runtime, 'GET', `/survey/${token}`)).body;

    // The page says who is asked and until when; scales show their labels.
    await page.goto(links[0]!);
    await page.locator('h1', { hasText: 'Enquête emploi et compétences' }).waitFor();
    const meta = await page.textContent('.meta');
    expect(meta).toContain(`Entreprise : ${survey.company.name}`);
    expect(survey.company.name).toMatch(/\S/);
    expect(meta).toMatch(/À remplir avant le \p{L}+ \d{1,2} \p{L}+ \d{4} à \d\d:\d\d/u);
    expect(await page.textContent('header')).toContain('Pôle');
    expect(await page.locator('label', { hasText: '1 – Aucun' }).count()).toBe(1);
    expect(await page.locator('label', { hasText: '5 – Très fort' }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // Act: hiring needs as rows chosen from lists; a third row added then removed; the required question forgotten.
    await page.selectOption('#hiring-0-jobFamily', 'btp');
    await page.fill('#hiring-0-count', '2');
    await page.selectOption('#hiring-0-contractType', 'CDI');
    await page.selectOption('#hiring-0-horizon', '0-3M');
    await page.click('#hiring-add');
    expect(await activeId(page)).toBe('hiring-1-jobFamily');
    await page.selectOption('#hiring-1-jobFamily', 'production');
    await page.fill('#hiring-1-count', 'deux');
    await page.selectOption('#hiring-1-contractType', 'CDD');
    await page.click('#hiring-add');
    await page.selectOption('#hiring-2-jobFamily', 'logistique');
    await page.getByRole('button', { name: 'Retirer le recrutement 3' }).click();
    expect(await page.locator('.hiring-row').count()).toBe(2);
    await page.getByLabel('Sécurité, habilitations').check();
    await page.getByLabel('Langues').check();
    await page.getByLabel('4', { exact: true }).check();
    await page.fill('#q-retirements', '3');
    await page.fill('#q-skills_shortages', 'Soudeurs TIG, caristes');
    await page.click('#send');

    // Assess: the error summary, focused, links to each field; each error is next to its field, in plain French.
    const summary = page.locator('#error-summary');
    await summary.waitFor();
    expect(await activeId(page)).toBe('error-summary');
    expect(await summary.locator('h2').textContent()).toBe('Il y a un problème');
    expect(await summary.locator('a').allTextContents()).toEqual([
      'Recrutement 2, nombre de personnes : Indiquez le nombre de personnes à recruter, en chiffres.',
      'Recrutement 2, échéance : Choisissez une échéance.',
      'Rencontrez-vous des difficultés de recrutement ? : Répondez à cette question : elle est obligatoire.',
    ]);
    expect(await page.textContent('#hiring-1-count-error')).toBe('Erreur : Indiquez le nombre de personnes à recruter, en chiffres.');
    expect(await page.getAttribute('#hiring-1-count', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#hiring-1-count', 'aria-describedby')).toBe('hiring-1-count-error');
    expect(await page.textContent('#q-difficulties-error')).toBe('Erreur : Répondez à cette question : elle est obligatoire.');
    expect(await page.getAttribute('#q-difficulties-group fieldset', 'aria-describedby')).toContain('q-difficulties-error');
    // Nothing typed is lost.
    expect(await page.inputValue('#hiring-0-jobFamily')).toBe('btp');
    expect(await page.inputValue('#hiring-1-count')).toBe('deux');
    expect(await page.getByLabel('Langues').isChecked()).toBe(true);
    expect(await page.inputValue('#q-skills_shortages')).toBe('Soudeurs TIG, caristes');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/gtec-answer-errors.png`, fullPage: true });
    await summary.locator('a').first().click();
    expect(await activeId(page)).toBe('hiring-1-count');

    // Act: corrected, sent.
    await page.fill('#hiring-1-count', '1');
    await page.selectOption('#hiring-1-horizon', '6-12M');
    await page.getByLabel('Oui', { exact: true }).first().check();
    await page.click('#send');
    const confirmation = page.locator('#confirmation');
    await confirmation.locator('h2', { hasText: 'Merci, vos réponses sont enregistrées' }).waitFor();
    expect(await activeId(page)).toBe('confirmation');
    expect(await confirmation.textContent()).toContain('Vous pouvez encore les modifier jusqu’au');
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/gtec-answer-sent.png`, fullPage: true });
    // The page posted the same JSON as the API takes.
    expect((await call(runtime, 'GET', `/survey/${token}`)).body.answers).toEqual({
      hiring: [
        { jobFamily: 'btp', count: 2, contractType: 'CDI', horizon: '0-3M' },
        { jobFamily: 'production', count: 1, contractType: 'CDD', horizon: '6-12M' },
      ],
      difficulties: 'oui',
      difficulty_reasons: [],
      skills_shortages: 'Soudeurs TIG, caristes',
      training_needs: ['securite', 'langues'],
      work_study: 4,
      retirements: 3,
    });

    // Act: the company changes its answer (a few seconds later: one submission per link per 5 s).
    runtime.clock.advance(5_000);
    await page.click('#edit');
    await page.fill('#hiring-0-count', '4');
    await page.click('#send');
    await confirmation.locator('h2', { hasText: 'Vos réponses ont été mises à jour' }).waitFor();
    expect((await call(runtime, 'GET', `/survey/${token}`)).body.answers.hiring[0].count).toBe(4);
    // Coming back with the link: told it already answered, its answers filled in.
    await page.reload();
    await page.locator('#already', { hasText: 'Vous avez déjà répondu le' }).waitFor();
    expect(await page.locator('.hiring-row').count()).toBe(2);
    expect(await page.inputValue('#hiring-0-count')).toBe('4');
    expect(await page.textContent('#send')).toBe('Envoyer mes réponses modifiées');
    await context.close();
  }, 60_000);

  it('works with the keyboard alone and on a 320-pixel phone screen', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true });
    const page = await newPage(context);
    await page.goto(links[1]!);
    await page.locator('#send').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/gtec-answer-320.png`, fullPage: true });

    // Tab goes through every control in order; Enter adds a row and moves into it; Space picks a radio.
    const order: string[] = [];
    await page.focus('#hiring-0-jobFamily');
    for (let i = 0; i < 80 && !order.includes('send'); i++) {
      order.push(await activeId(page));
      await page.keyboard.press('Tab');
    }
    order.push(await activeId(page));
    for (const id of [
      'hiring-0-count',
      'hiring-0-contractType',
      'hiring-0-horizon',
      'hiring-add',
      'q-difficulties-0',
      'q-retirements',
      'send',
    ])
      expect(order).toContain(id);
    await page.focus('#hiring-add');
    await page.keyboard.press('Enter');
    expect(await activeId(page)).toBe('hiring-1-jobFamily');
    await page.focus('#q-difficulties-0');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#q-difficulties-0')).toBe(true);
    await page.focus('#send');
    await page.keyboard.press('Enter');
    await page.locator('#confirmation h2').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await context.close();
  }, 60_000);

  it('the admin reads the report once closed: French labels, size bands in order, bars clear of labels, CSV and JSON downloads', async () => {
    // Three more companies answer through the API, then the campaign closes and publishes.
    const answers = (difficulties: string, jobFamily: string) => ({
      answers: { difficulties, training_needs: ['securite'], hiring: [{ jobFamily, count: 1, contractType: 'CDI', horizon: '3-6M' }] },
    });
    for (const [i, link] of links.slice(2, 5).entries())
      expect(
        (await call(runtime, 'POST', `/survey/${tokenOf(link)}/answers`, { body: answers(i < 2 ? 'oui' : 'non', 'btp') })).status,
      ).toBe(200);
    runtime.clock.advance(31 * DAY);
    expect((await runtime.engine.settled(executionArn)).status).toBe('SUCCEEDED');
    const api = (await call(runtime, 'GET', '/admin/campaigns/navigateur/results', { headers: ADMIN })).body;

    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1100, height: 900 }, acceptDownloads: true });
    const page = await newPage(context);
    await page.goto(`${runtime.url}/admin/campaigns/navigateur/report`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Jeton administrateur').fill(ADMIN.authorization.replace('Bearer ', ''));
    await page.getByRole('button', { name: 'Afficher les résultats' }).click();
    await page.locator('h2', { hasText: 'Recrutements prévus dans les 12 mois' }).waitFor();
    const text = (await page.textContent('main'))!;
    expect(text).toContain('5 réponses sur');
    expect(text).toContain('Bâtiment, travaux publics');
    expect(text).toContain('Alternance (apprentissage, professionnalisation)');
    expect(text).not.toMatch(/\b(btp|ALTERNANCE|nafSection|sizeBand|undefined|NaN)\b/);
    // Size bands in numeric order, as published.
    const sizeRows = await page
      .locator('table', { has: page.locator('caption', { hasText: 'Par tranche d’effectif' }) })
      .locator('tbody th')
      .allTextContents();
    const published = api.results.bySegment.find((t: any) => t.dimension === 'sizeBand').rows;
    expect(sizeRows.map((t) => t.split(/\d+ entreprises/)[0])).toEqual(published.map((r: any) => r.label));
    // Masked figures say so; shown ones have a bar that never overlaps its label or its value.
    expect(await page.locator('.value.masked', { hasText: 'masqué' }).count()).toBeGreaterThan(0);
    const overlaps = await page.evaluate(`[...document.querySelectorAll('table.chart tbody tr')].flatMap((tr) => {
      const label = tr.querySelector('th').getBoundingClientRect();
      const bar = tr.querySelector('svg.bar');
      const value = tr.querySelector('.value').getBoundingClientRect();
      if (!bar) return [];
      const b = bar.getBoundingClientRect();
      const apart = (x, y) => x.right <= y.left + 0.5 || y.right <= x.left + 0.5;
      return apart(label, b) && apart(b, value) && apart(label, value) ? [] : [tr.textContent];
    })`);
    expect(overlaps).toEqual([]);
    expect(await page.locator('svg.bar').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/gtec-report.png`, fullPage: true });

    // The export links download what the API gives, with the same token.
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger le CSV (tableur)' }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe('gtec-navigateur.csv');
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText.startsWith('\uFEFFIndicateur;Code;Libellé;Valeur')).toBe(true);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger le JSON' }).click()]);
    expect(JSON.parse(readFileSync((await json.path())!, 'utf8'))).toEqual(api);

    // On a phone: still no horizontal scroll, bars still clear of labels.
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await fitsWidth(page)).toBe(true);
    expect(
      await page.evaluate(`[...document.querySelectorAll('table.chart tbody tr')].filter((tr) => {
      const bar = tr.querySelector('svg.bar');
      return bar && tr.querySelector('th').getBoundingClientRect().right > bar.getBoundingClientRect().left + 0.5;
    }).length`),
    ).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/gtec-report-320.png`, fullPage: true });

    // Closed: the answer page says so.
    await page.goto(links[0]!);
    await page.locator('[role=alert]', { hasText: 'close' }).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 90_000);
});

import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRMATION_VALID_HOURS } from '../../domain/confirmation.ts';
import { backOfficeApplicationLink } from '../../domain/mails.ts';
import type { Runtime } from '../../local/runtime.ts';
import { mailedLinks } from '../support/applicant.ts';
import { axeViolations, fitsWidth } from '../support/axe.ts';
import { launchChromium, watchErrors } from '../support/browser.ts';
import { aForm, LATE_START, LATE_START_IN_WORDS, testSiret } from '../support/forms.ts';
import { ADMIN, allItems, call, eventually, mailText, outbox, POLE, startTestRuntime } from '../support/runtime.ts';

const ARTIFACTS = 'tests/artifacts';
const PHONE = { width: 320, height: 800 };

let runtime: Runtime;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  runtime = await startTestRuntime();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'fr-FR', viewport: PHONE });
  page = await context.newPage();
  watchErrors(page, pageErrors);
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

/** Where the page stands: no serious accessibility fault, nothing wider than a phone, a screenshot. */
async function check(name: string): Promise<void> {
  expect(await axeViolations(page), name).toEqual([]);
  expect(await fitsWidth(page), name).toBe(true);
  await page.screenshot({ path: `${ARTIFACTS}/public-${name}.png`, fullPage: true });
}

const activeId = () => page.evaluate('document.activeElement && document.activeElement.id') as Promise<string>;

/** Fills the whole form as a person would, from the labels. */
async function fillForm(fields: { siret: string; email: string; withEssStatus?: boolean }): Promise<void> {
  await page.getByLabel('Nom de la structure').fill('Atelier Vélo Solidaire');
  await page.getByLabel('Numéro SIRET').fill(fields.siret);
  await page.getByLabel('Forme juridique').selectOption({ label: 'SCIC — société coopérative d’intérêt collectif' });
  if (fields.withEssStatus !== false) await page.getByLabel('Entreprise solidaire d’utilité sociale (agrément ESUS)').check();
  await page.getByLabel('Activité de la structure').fill('Réparation et réemploi de vélos, ateliers d’insertion.');
  await page.getByLabel('Nom et prénom').fill('Maite Etcheverry');
  await page.getByLabel('Adresse e-mail').fill(fields.email);
  await page.getByLabel('Téléphone').fill('05 59 64 00 00');
  await page.getByLabel('Surface de bureaux souhaitée, en m²').fill('45');
  await page.getByLabel('Nombre de postes de travail').fill('3');
  await page.getByLabel('Effectif, en équivalents temps plein (ETP)').fill('2,5');
  await page.getByLabel('Accueil mutualisé').check();
  await page.getByLabel('Salles de réunion').check();
  await page.getByLabel('Date d’arrivée souhaitée').fill(LATE_START);
}

describe('the public pages in Chromium, on a 320 px wide phone', () => {
  let applicationId = '';
  let links: { confirm: string; status: string };

  it('an applicant finds the form from /, makes a mistake, sees it summed up and next to its field, corrects it and sends the form', async () => {
    // The home page leads to the pôle's landing page, which leads to the form.
    await page.goto(`${runtime.url}/`);
    expect(new URL(page.url()).pathname).toBe(`/poles/${POLE}`);
    await page.getByRole('heading', { level: 1, name: 'Pôle Sud Aquitain' }).waitFor();
    expect(await page.textContent('main')).toContain('Un accueil mutualisé et des salles de réunion');
    await check('landing');
    await page.getByRole('link', { name: 'Déposer une candidature' }).click();
    await page.getByRole('heading', { level: 1, name: 'Candidater au Pôle Sud Aquitain' }).waitFor();
    await check('form');

    // The SIRET is checked as it is typed: a wrong check digit is said at once, then the right one.
    const siret = testSiret(901);
    const wrong = `${siret.slice(0, 13)}${(Number(siret[13]) + 1) % 10}`;
    await page.getByLabel('Numéro SIRET').pressSequentially(wrong);
    await page.locator('#f-siret-error', { hasText: 'Ce numéro SIRET n’existe pas' }).waitFor();
    expect(await page.getAttribute('#f-siret', 'aria-invalid')).toBe('true');

    // A mistaken address and a forgotten question, sent with the keyboard.
    await fillForm({
      siret: `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`,
      email: 'maite@',
      withEssStatus: false,
    });
    expect(await page.isVisible('#f-siret-ok')).toBe(true);
    expect(await page.isHidden('#f-siret-error')).toBe(true);
    await page.getByLabel('Téléphone').press('Enter');

    const summary = page.locator('#error-summary');
    await summary.waitFor();
    expect(await activeId()).toBe('error-summary');
    expect(await page.title()).toMatch(/^Erreur : /);
    expect(await summary.locator('h2').textContent()).toBe('Il y a un problème');
    expect(await summary.locator('a').allTextContents()).toEqual([
      'Choisissez le statut de la structure.',
      'Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.',
    ]);
    expect(await page.textContent('#f-contact-email-error')).toBe(
      'Erreur : Indiquez une adresse e-mail valide, par exemple nom@exemple.fr.',
    );
    expect(await page.getAttribute('#f-contact-email', 'aria-describedby')).toBe('f-contact-email-hint f-contact-email-error');
    expect(await page.textContent('#f-essStatus-error')).toBe('Erreur : Choisissez le statut de la structure.');
    // Nothing typed is lost.
    expect(await page.inputValue('#f-structureName')).toBe('Atelier Vélo Solidaire');
    expect(await page.inputValue('#f-fte')).toBe('2,5');
    expect(await page.isChecked('#f-sharedServices-1')).toBe(true);
    expect(await page.inputValue('#f-startDate')).toBe(LATE_START);
    await check('form-errors');
    // Nothing was written: a refused form is only a page.
    expect((await allItems()).filter((i) => String(i.SK).includes(siret))).toEqual([]);

    // The summary's link leads to the field; corrected, the form goes.
    await summary.getByRole('link', { name: /adresse e-mail valide/ }).click();
    expect(await activeId()).toBe('f-contact-email');
    await page.getByLabel('Adresse e-mail').fill('maite@velo-solidaire.example.fr');
    await page.getByLabel('Entreprise solidaire d’utilité sociale (agrément ESUS)').focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vérifiez votre messagerie' }).waitFor();
    expect(await page.textContent('#sent-message')).toContain('maite@velo-solidaire.example.fr');
    await check('form-sent');

    const mail = await eventually(async () => (await outbox(runtime)).find((m) => m.includes('To: maite@velo-solidaire.example.fr')));
    applicationId = /\/applications\/(app-[^/]+)\/confirm\//.exec(mailText(mail))![1]!;
    links = (await mailedLinks(runtime, applicationId))!;
    // Sent as the page's JSON, the same as the API's.
    const recorded = (await allItems()).find((i) => i.SK === `PENDING#${applicationId}`)!;
    expect(recorded.form).toMatchObject({
      siret,
      fte: 2.5,
      requestedAreaM2: 45,
      essStatus: 'ESUS',
      sharedServices: ['RECEPTION', 'MEETING_ROOMS'],
    });
  });

  it('opens the link from the mail: nothing happens until the button; confirmed, the status page follows the application to its decision', async () => {
    await page.goto(links.status);
    await page.locator('#status', { hasText: 'En attente de confirmation' }).waitFor();
    await check('status-pending');

    await page.goto(links.confirm);
    await page.getByRole('heading', { level: 1, name: 'Confirmer ma candidature' }).waitFor();
    await check('confirm');
    expect(await runtime.engine.list('member-onboarding')).toEqual([]); // the page alone claimed nothing
    await page.getByRole('button', { name: 'Confirmer ma candidature' }).click();
    await page.locator('#result', { hasText: 'Merci, votre candidature est confirmée' }).waitFor();
    expect(await activeId()).toBe('result');
    await check('confirmed');
    // The link opened again, and its button clicked again: nothing changes.
    await page.goto(links.confirm);
    await page.getByRole('button', { name: 'Confirmer ma candidature' }).click();
    await page.locator('#result', { hasText: 'déjà confirmée' }).waitFor();
    expect(await runtime.engine.list('member-onboarding')).toHaveLength(1);

    await eventually(async () => {
      await page.goto(links.status);
      return (await page.textContent('#status')) === 'Examinée par le comité de pilotage';
    });
    expect(await page.textContent('#events')).toContain('Transmise au comité de pilotage');
    await check('status-committee');

    // The committee's link opens the application in the back-office, where it is approved.
    const admin = await context.newPage();
    watchErrors(admin, pageErrors);
    await admin.goto(backOfficeApplicationLink(runtime.url, applicationId));
    await admin.locator('#message', { hasText: 'Connectez-vous pour ouvrir la candidature' }).waitFor();
    await admin.getByLabel('Jeton d’accès administrateur').fill(ADMIN.authorization.replace('Bearer ', ''));
    await admin.getByRole('button', { name: 'Se connecter' }).click();
    await admin.getByRole('heading', { level: 1, name: 'Candidature de Atelier Vélo Solidaire' }).waitFor();
    expect(await admin.textContent('#dossier')).toContain('SCIC');
    expect(await admin.textContent('main')).toContain('En attente du comité');
    await admin.getByLabel('Approuver').check();
    await admin.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await admin.locator('main').getByRole('status').filter({ hasText: 'Candidature approuvée.' }).waitFor();
    await admin.close();

    await eventually(async () => {
      await page.goto(links.status);
      return (await page.textContent('#status')) === 'Acceptée';
    });
    expect(await page.textContent('#explanation')).toContain(`membre du pôle à compter du ${LATE_START_IN_WORDS}`);
    await check('status-accepted');
  });

  it('an unconfirmed form claims nothing and expires: its link says so after 48 hours', async () => {
    const form = aForm({ siret: testSiret(902) });
    const { body } = await call(runtime, 'POST', `/poles/${POLE}/applications`, { body: form });
    const late = (await mailedLinks(runtime, body.applicationId))!;
    runtime.clock.advance(CONFIRMATION_VALID_HOURS * 3_600_000 + 60_000);

    await page.goto(late.confirm);
    await page.getByRole('button', { name: 'Confirmer ma candidature' }).click();
    await page.locator('#result', { hasText: 'Ce lien a expiré' }).waitFor();
    await check('confirm-expired');
    const items = await allItems();
    expect(items.filter((i) => i.SK === `SIRET#${form.siret}` || i.SK === `APPLICATION#${body.applicationId}`)).toEqual([]);
    expect((await runtime.engine.list('member-onboarding')).filter((e) => e.name.includes(form.siret))).toEqual([]);
    await page.goto(late.status);
    expect(await page.textContent('#status')).toBe('Expirée sans confirmation');
  });

  it('beyond 3 pending forms a day from one address, the form says so next to the address, and keeps what was typed', async () => {
    const email = 'trois-fois@exemple.fr';
    for (const n of [911, 912, 913]) {
      const reply = await call(runtime, 'POST', `/poles/${POLE}/applications`, {
        body: aForm({ siret: testSiret(n), contact: { ...aForm().contact, email } }),
      });
      expect(reply.status).toBe(202);
    }
    await page.goto(`${runtime.url}/poles/${POLE}/apply`);
    await fillForm({ siret: testSiret(914), email });
    await page.getByRole('button', { name: 'Envoyer la candidature' }).click();
    await page.locator('#f-contact-email-error', { hasText: 'Trop de candidatures en attente de confirmation aujourd’hui' }).waitFor();
    expect(await page.locator('#error-summary a').allTextContents()).toEqual([expect.stringContaining('pour cette adresse e-mail')]);
    expect(await page.inputValue('#f-contact-email')).toBe(email);
    await check('form-limit');
    expect(pageErrors).toEqual([]);
  });
});

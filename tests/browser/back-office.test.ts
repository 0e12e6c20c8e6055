import { mkdirSync, readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_SENDING_LEASE_MS, ORPHAN_CLAIM_AFTER_MS } from '../../domain/limits.ts';
import type { Runtime } from '../../local/runtime.ts';
import { campaignMailPrefix } from '../../services/campaigns.ts';
import { claimMail } from '../../store/mail-log.ts';
import { claimSiret, getSiretClaim } from '../../store/siret-claims.ts';
import { applyAndConfirm } from '../support/applicant.ts';
import { axeViolations, fitsWidth } from '../support/axe.ts';
import { launchChromium, watchErrors } from '../support/browser.ts';
import { aForm, testSiret } from '../support/forms.ts';
import { ADMIN, call, eventually, mailText, outbox, POLE, startTestRuntime } from '../support/runtime.ts';

/**
 * A staff member's day in the back-office, in Chromium at 1024 px: signs in, approves one
 * application and rejects another with a reason, opens a failed execution on its graph and
 * redrives it, imports a quarter's files (one refused for a bad line, then fixed), runs the
 * quarter, reviews and approves its drafts, downloads statements, imports companies, launches a
 * campaign and follows it to its report. Every page: no serious or critical axe violation, no
 * horizontal scrolling, a screenshot in tests/artifacts/, no script error or CSP refusal.
 */

const ARTIFACTS = 'tests/artifacts';
const TOKEN = ADMIN.authorization.replace('Bearer ', '');
const DAY = 86_400_000;
const QUARTER = '2026-Q3';

let runtime: Runtime;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const application = async (id: string) => (await call(runtime, 'GET', `/admin/applications/${id}`, { headers: ADMIN })).body;

async function submitAndWait(n: number, structureName: string) {
  // Submitted and confirmed by the mail's link, as an applicant does.
  const reply = await applyAndConfirm(runtime, aForm({ siret: testSiret(n), structureName, requestedAreaM2: 10 }));
  await eventually(async () => (await application(reply.body.applicationId)).status === 'AWAITING_DECISION', 15_000);
  return reply.body as { applicationId: string; executionArn: string };
}

/** What every page is checked for, then its screenshot. */
async function checkPage(name: string): Promise<void> {
  await page.locator('main[aria-busy]').waitFor({ state: 'detached' });
  expect(await axeViolations(page), name).toEqual([]);
  expect(await fitsWidth(page), name).toBe(true);
  await page.screenshot({ path: `${ARTIFACTS}/back-office-${name}.png`, fullPage: true });
}

/** Goes to a page through the navigation, as a person would, and waits for its heading. */
async function open(section: string, heading: string | RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Rubriques' }).getByRole('link', { name: section }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** A CSV file chosen in a form's file input. */
const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });

/** Clicks what downloads, and returns the file's name and text. */
async function downloaded(click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, unknown];
  return { name: download.suggestedFilename(), text: readFileSync((await download.path())!, 'utf8') };
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  runtime = await startTestRuntime();
  browser = await launchChromium();
  context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1024, height: 800 }, acceptDownloads: true });
  page = await context.newPage();
  watchErrors(page, pageErrors);
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('the back-office in Chromium', () => {
  it('asks for the token, refuses a wrong one, then opens on what needs attention first', async () => {
    await page.goto(`${runtime.url}/admin`);
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await checkPage('connexion');
    await page.getByLabel('Jeton d’accès administrateur').fill('pas-le-bon-jeton');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('alert').filter({ hasText: 'Connexion refusée ou expirée' }).waitFor();
    await page.getByLabel('Jeton d’accès administrateur').fill(TOKEN);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    // The route's heading has the focus, and the title names the page.
    expect(await page.evaluate('document.activeElement.tagName')).toBe('H1');
    expect(await page.title()).toBe('Accueil — Espace de l’équipe');
    for (const heading of ['Décisions attendues', 'Exécutions en échec', 'Brouillons à approuver', 'Campagnes en cours'])
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
  }, 60_000);

  it('approves an application from its page (checks, estimate, history) and rejects another from the home page with a reason', async () => {
    const approved = await submitAndWait(901, 'Atelier Vélo du Seignanx');
    const rejected = await submitAndWait(902, 'Garage Solidaire Landais');
    await open('Accueil', 'Accueil');
    const card = page.locator(`li.task[data-id="${approved.applicationId}"]`);
    await card.getByRole('heading', { name: 'Candidature de Atelier Vélo du Seignanx' }).waitFor();
    await checkPage('accueil');

    // Approve, from the application's own page
    await card.getByRole('link', { name: 'Voir la candidature' }).click();
    await page.getByRole('heading', { level: 1, name: 'Candidature de Atelier Vélo du Seignanx' }).waitFor();
    const main = page.locator('main');
    await main.getByText('Conformes : forme juridique acceptée').waitFor();
    expect(await page.locator('#dossier').textContent()).toContain('SCIC');
    expect(await page.locator('#estimation').textContent()).toMatch(/Contribution trimestrielle estimée : [\d\s\u202f]+,\d\d\s€/);
    await checkPage('candidature');
    await page.getByLabel('Approuver').check();
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await main.getByRole('status').filter({ hasText: 'Candidature approuvée.' }).waitFor();
    await eventually(async () => (await application(approved.applicationId)).status === 'ACTIVE', 15_000);
    await page.reload();
    await page.locator('#historique').getByRole('cell', { name: 'Membre actif' }).first().waitFor();

    // Reject, from the home page's card, with the reason the applicant will read
    await open('Accueil', 'Accueil');
    const other = page.locator(`li.task[data-id="${rejected.applicationId}"]`);
    await other.getByRole('button', { name: 'Refuser' }).click();
    const reason = other.getByLabel(/Motif/);
    expect(await page.evaluate('document.activeElement.tagName')).toBe('TEXTAREA');
    await reason.fill('Activité hors du périmètre du pôle');
    await other.getByRole('button', { name: 'Confirmer : refuser' }).click();
    await page
      .locator('main')
      .getByRole('status')
      .filter({ hasText: 'Refuser : Candidature de Garage Solidaire Landais — fait.' })
      .waitFor();
    expect(await application(rejected.applicationId)).toMatchObject({
      status: 'REJECTED',
      decision: { reason: 'Activité hors du périmètre du pôle' },
    });

    // The list, filtered by status
    await open('Candidatures', 'Candidatures');
    await page.getByLabel('Statut').selectOption('REJECTED');
    // The unfiltered list shows this application too: the filtered one is the one at the filter's address.
    await page.waitForURL(/#\/candidatures\?statut=REJECTED$/);
    await expect.poll(() => page.locator('#applications-table tbody tr').count()).toBe(1);
    await page.locator('#applications-table').getByRole('link', { name: 'Garage Solidaire Landais' }).waitFor();
    await checkPage('candidatures');
  }, 90_000);

  it('opens a failed execution on its state machine, reads the failing step’s error and input, and redrives it', async () => {
    const failing = await submitAndWait(903, 'Ressourcerie de Tarnos');
    runtime.lambdas.injectFault('ActivateMember', { times: Infinity, error: 'Error' });
    await call(runtime, 'POST', `/admin/applications/${failing.applicationId}/decision`, { headers: ADMIN, body: { decision: 'APPROVE' } });
    expect((await runtime.engine.settled(failing.executionArn)).status).toBe('FAILED');
    runtime.lambdas.clearFaults();

    // From the home page, one click to the failed execution
    await open('Accueil', 'Accueil');
    await page
      .locator('#en-echec')
      .getByRole('link', { name: new RegExp(failing.applicationId) })
      .click();
    await page.getByRole('heading', { level: 1, name: `Adhésion d’un membre — ${failing.applicationId}` }).waitFor();
    expect(await page.textContent('#execution-status')).toContain('En échec');

    // The graph: each state marked, the failing one flagged, its error and input opened
    const graph = page.locator('svg.graph');
    const state = (name: string) => graph.locator(`[data-state="${name}"]`);
    expect(await state('RecordApplication').getAttribute('data-mark')).toBe('SUCCEEDED');
    expect(await state('NotifyWelcome').getAttribute('data-mark')).toBe('NOT_RUN');
    expect(await state('ActivateMember').getAttribute('class')).toContain('failing');
    expect(await state('ActivateMember').getAttribute('aria-label')).toBe(
      'Activation du membre ActivateMember En échec, tâche, étape de l’échec',
    );
    // Each box reads the step's French label, and its ASL name in small for engineers; every line fits its box.
    expect(await state('ActivateMember').locator('text').allTextContents()).toEqual([
      'Activation du membre',
      'ActivateMember',
      '✗ En échec',
    ]);
    const overflowing = await graph.evaluate((svg) =>
      [...svg.querySelectorAll('.state')].flatMap((box) => {
        const width = Number(box.querySelector('rect')!.getAttribute('width'));
        return [...box.querySelectorAll('text')]
          .filter((text) => (text as unknown as { getComputedTextLength(): number }).getComputedTextLength() > width - 8)
          .map((text) => `${box.getAttribute('data-state')}: ${text.textContent}`);
      }),
    );
    expect(overflowing).toEqual([]);
    expect(await page.locator('#failure-titre').textContent()).toBe('Étape en échec : Activation du membre');
    expect(await page.textContent('#failure-state')).toBe('ActivateMember');
    expect(await page.textContent('#failure-error')).toBe('Error');
    expect(
      await page
        .locator('#failure dd')
        .filter({ has: page.locator('#failure-error') })
        .textContent(),
    ).toBe('Erreur technique inattendue (Error)');
    expect(await page.locator('#state-detail h3').textContent()).toBe('Étape Activation du membre ActivateMember');
    expect(await page.locator('#timeline tbody th').allTextContents()).toEqual(
      expect.arrayContaining([
        'Enregistrement de la candidature RecordApplication',
        'Activation du membre ActivateMember (étape de l’échec)',
      ]),
    );
    expect(await page.textContent('#failure-cause')).toBe('Injected fault in ActivateMember');
    expect(await page.textContent('#failure-input')).toContain(failing.applicationId);
    expect(await page.getAttribute('#state-detail', 'data-state')).toBe('ActivateMember');
    await checkPage('execution-en-echec');

    // Another state, with the keyboard: its own passage
    await state('RecordApplication').focus();
    await page.keyboard.press('Enter');
    await page.locator('#state-detail[data-state="RecordApplication"]').waitFor();
    expect(await page.evaluate('document.activeElement.id')).toBe('state-detail');
    expect(await page.textContent('#state-detail')).toContain('Réussie');

    // « Relancer », confirmed: the page follows the execution to its success
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Relancer' }).click();
    await page.locator('#execution-status [data-status="SUCCEEDED"]').waitFor({ timeout: 30_000 });
    expect(await state('ActivateMember').getAttribute('data-mark')).toBe('SUCCEEDED');
    expect(await page.locator('#failure').count()).toBe(0);
    expect((await application(failing.applicationId)).status).toBe('ACTIVE');
    await checkPage('execution-relancee');

    // The list of executions, filtered
    await open('Exécutions', 'Exécutions');
    await page.getByLabel('Workflow').selectOption('member-onboarding');
    await page.locator('#executions-table').getByRole('link', { name: failing.applicationId }).waitFor();
    await checkPage('executions');
  }, 90_000);

  it('imports a quarter’s files (a bad line shown against the file, then fixed), runs it, reviews, downloads and approves its drafts', async () => {
    await open('Trimestres', 'Trimestres');
    await checkPage('trimestres');
    await page.getByLabel('Autre trimestre').fill(QUARTER);
    await page.getByRole('button', { name: 'Ouvrir' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rapprochement du 3e trimestre 2026' }).waitFor();

    // A cost file with a bad amount on its line 3: refused whole, the line shown as the file has it
    const costs = page.locator('#donnees-costs');
    const bad = 'categorie;montant;cle;libelle\nCharges du bâtiment;12 000,00;surface;Loyer\nAccueil mutualisé;six mille;egal;\n';
    await costs.getByLabel(/Fichier CSV/).setInputFiles(csvFile('couts-T3.csv', bad));
    await costs.getByRole('button', { name: 'Importer' }).click();
    const errors = costs.locator('.import-errors');
    await errors.getByRole('alert').waitFor();
    const row = errors.locator('tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.locator('th').textContent()).toBe('3');
    expect(await row.locator('code').textContent()).toBe('Accueil mutualisé;six mille;egal;');
    expect(await row.locator('td').last().textContent()).toContain('six mille');
    expect(await page.evaluate('document.activeElement.className')).toContain('notice');
    await checkPage('trimestre-erreurs');

    // Fixed, then the subsidies
    await costs.getByLabel(/Fichier CSV/).setInputFiles(csvFile('couts-T3.csv', bad.replace('six mille', '6 000,00')));
    await costs.getByRole('button', { name: 'Importer' }).click();
    await page
      .locator('main')
      .getByRole('status')
      .filter({ hasText: 'Coûts par catégorie : 2 lignes importées depuis « couts-T3.csv ».' })
      .waitFor();
    const subsidies = page.locator('#donnees-subsidies');
    await subsidies
      .getByLabel(/Fichier CSV/)
      .setInputFiles(csvFile('subventions-T3.csv', 'financeur;montant;affectation\nRégion Nouvelle-Aquitaine;3 000,00;\n'));
    await subsidies.getByRole('button', { name: 'Importer' }).click();
    await page.locator('#donnees-subsidies .input-state', { hasText: '1 ligne importée(s)' }).waitFor();

    // Run: the page follows the run until the drafts are there
    await page.getByRole('button', { name: 'Lancer le rapprochement' }).click();
    await page.locator('#approbation').waitFor({ timeout: 30_000 });
    expect(await page.locator('#categories-table tbody tr').count()).toBe(2);
    expect(await page.locator('#statements-table thead').textContent()).toContain('Charges du bâtiment');
    expect(await page.locator('#statements-table tbody tr').count()).toBeGreaterThanOrEqual(14);
    expect(await page.textContent('#brouillons')).toContain('Reste à charge des membres');
    await checkPage('trimestre-brouillons');

    // Downloads: the accounting CSV and one member's printable statement
    const csv = await downloaded(() => page.getByRole('button', { name: /Télécharger les relevés/ }).click());
    expect(csv.name).toBe(`releves-${QUARTER}.csv`);
    expect(csv.text).toMatch(/^\uFEFFtrimestre;siret;membre;rubrique;cle;montant/);
    const statement = await downloaded(() =>
      page
        .locator('#statements-table tbody tr')
        .first()
        .getByRole('button', { name: /Relevé imprimable/ })
        .click(),
    );
    expect(statement.name).toMatch(new RegExp(`^releve-${QUARTER}-\\d{14}\\.html$`));
    expect(statement.text).toContain('<!doctype html>');

    // Approve: posted, then mailed
    await page.getByLabel(/Approuver : comptabiliser/).check();
    await page.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.locator('main').getByRole('status').filter({ hasText: 'Relevés du 3e trimestre 2026 approuvés' }).waitFor();
    await page.locator('main p').filter({ hasText: 'Statut :' }).locator('[data-status="SUCCEEDED"]').waitFor({ timeout: 30_000 });
    expect(await page.textContent('main')).toContain('Relevés comptabilisés');
    await checkPage('trimestre-comptabilise');
  }, 120_000);

  it('imports companies with a report of the lines left out, launches a campaign from its live count, and follows it to its report', async () => {
    await open('Entreprises et campagnes', 'Entreprises et campagnes');
    const file = [
      'siret;nom;naf;tranche effectif;commune;email',
      `${testSiret(951)};Menuiserie Duhalde;16.23Z;10-49;Tarnos;rh@menuiserie-duhalde.example.fr`,
      `${testSiret(952)};Transports Lafitte;49.41A;pas une tranche;Tarnos;contact@lafitte.example.fr`,
    ].join('\n');
    await page.getByLabel(/Fichier des entreprises/).setInputFiles(csvFile('entreprises.csv', file));
    await page.getByRole('button', { name: 'Importer' }).click();
    const report = page.locator('#import-report');
    await report.getByText('1 entreprise importée ; 1 ligne refusée (1 erreur).').waitFor();
    expect(await report.locator('tbody th').allTextContents()).toEqual(['3']);
    expect(await report.locator('tbody code').textContent()).toContain('Transports Lafitte');
    await checkPage('entreprises-import');

    // The count follows the filters as they are ticked
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Entreprises et campagnes' }).waitFor();
    const count = page.locator('#target-count');
    const total = Number((await count.textContent())!.match(/sur (\d+)/)![1]);
    const commune = page.getByRole('group', { name: 'Communes' }).locator('label', { hasText: /^\s*Tarnos \(\d+\)$/ });
    const tarnos = Number(/\((\d+)\)/.exec((await commune.textContent())!)![1]);
    await commune.locator('input').check();
    await count.filter({ hasText: `${tarnos} entreprises ciblées sur ${total}` }).waitFor();
    expect(tarnos).toBeLessThan(total);
    await page.getByLabel('Titre').fill('Enquête GTEC Tarnos');
    await page.getByLabel('Identifiant (facultatif)').fill('gtec-tarnos');
    await checkPage('campagnes');
    await page.getByRole('button', { name: 'Lancer la campagne' }).click();

    // Followed: invitations out, an answer in
    await page.getByRole('heading', { level: 1, name: 'Campagne « Enquête GTEC Tarnos »' }).waitFor();
    const progress = page.locator('#progress-table tbody td');
    await eventually(async () => (await progress.allTextContents()).slice(0, 2).join('|') === `${tarnos}|${tarnos}`, 20_000);
    const link = await eventually(async () =>
      (await outbox(runtime)).map((m) => /survey\/([A-Za-z0-9_-]{22})\/page/.exec(mailText(m))?.[1]).find((t) => t),
    );
    const answer = {
      answers: {
        difficulties: 'non',
        training_needs: ['securite'],
        hiring: [{ jobFamily: 'btp', count: 1, contractType: 'CDI', horizon: '3-6M' }],
      },
    };
    expect((await call(runtime, 'POST', `/survey/${link}/answers`, { body: answer })).status).toBe(200);
    await eventually(async () => (await progress.nth(3).textContent()) === '1', 10_000);
    await checkPage('campagne-en-cours');

    // An invitation a crash left « en cours d’envoi » shows, once past its lease, as interrupted
    const crashedAt = new Date(runtime.clock.now().getTime() - MAIL_SENDING_LEASE_MS - 60_000).toISOString();
    const key = `${campaignMailPrefix('gtec-tarnos')}INVITE#${testSiret(953)}`;
    expect(
      await claimMail(
        POLE,
        key,
        { to: 'rh@example.fr', subject: 'Invitation' },
        crashedAt,
        crashedAt,
        Math.floor(Date.now() / 1000) + 86_400,
      ),
    ).toBe(true);
    await page.locator('#progress').getByText('1 envoi interrompu depuis plus de 5 minutes', { exact: false }).waitFor();

    // Past its reminders and its close (the virtual clock): its report and its export
    runtime.clock.advance(31 * DAY);
    await page.locator('#report-link').waitFor({ timeout: 30_000 });
    expect(await page.textContent('main')).toContain('Résultats publiés');
    // Reminded: the invited companies that had not answered, at each reminder.
    expect(Number(await progress.nth(2).textContent())).toBeGreaterThanOrEqual(tarnos - 1);
    await checkPage('campagne-publiee');
    const results = await downloaded(() => page.getByRole('button', { name: 'Télécharger les résultats (CSV)' }).click());
    expect(results.name).toBe('gtec-gtec-tarnos.csv');
    await page.locator('#report-link').click();
    await page.locator('h2', { hasText: 'Recrutements prévus dans les 12 mois' }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/back-office-campagne-rapport.png`, fullPage: true });
  }, 120_000);

  it('finds a SIRET blocked by an orphan claim from the home page and frees it with « Libérer », once confirmed', async () => {
    // What a confirmation killed between the SIRET's claim and the application's record leaves, past the grace period.
    const siret = testSiret(905);
    await claimSiret(POLE, siret, `app-${siret}-crashed0000`, runtime.clock.now().toISOString());
    runtime.clock.advance(ORPHAN_CLAIM_AFTER_MS + 60_000);

    // The campaign's report page is open (no navigation there): back to the back-office, signed in still.
    await page.goto(`${runtime.url}/admin#/`);
    await page.getByRole('heading', { level: 1, name: 'Accueil' }).waitFor();
    const attention = page.locator('#siret-a-liberer');
    expect(await attention.textContent()).toContain('1 SIRET bloqué par une réservation orpheline ou périmée');
    await attention.getByRole('link', { name: 'les voir et les libérer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Candidatures' }).waitFor();
    const row = page.locator('#siret-claims-table tbody tr', { has: page.getByRole('rowheader', { name: siret }) });
    expect(await row.textContent()).toContain('Orpheline : aucune candidature enregistrée');
    expect(await row.textContent()).toContain('Inexistante');
    await checkPage('siret-bloques');

    // Dismissed, nothing happens; confirmed, the SIRET is free and the row is gone.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await row.getByRole('button', { name: `Libérer le SIRET ${siret}` }).click();
    expect((await getSiretClaim(POLE, siret))?.state).toBe('PENDING');
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toBe(`Libérer le SIRET ${siret} ? Une nouvelle candidature pourra le réserver.`);
      void dialog.accept();
    });
    await row.getByRole('button', { name: `Libérer le SIRET ${siret}` }).click();
    await page
      .locator('main')
      .getByRole('status')
      .filter({ hasText: `SIRET ${siret} libéré par ` })
      .waitFor();
    await page.locator('#siret-bloques').getByText('Aucun SIRET bloqué par une réservation orpheline ou périmée.').waitFor();
    expect(await getSiretClaim(POLE, siret)).toMatchObject({ state: 'RELEASED', releasedBy: 'animation@pole-sud-aquitain.fr' });
    await open('Accueil', 'Accueil');
    expect(await page.locator('#siret-a-liberer').count()).toBe(0);
  }, 60_000);

  it('shows the building’s occupancy and the members with the values in force, at 1024 px and on a tablet', async () => {
    await page.goto(`${runtime.url}/admin#/membres`);
    await page.getByRole('heading', { level: 1, name: 'Membres et bâtiment' }).waitFor();
    expect(await page.locator('#members-table').getByRole('rowheader', { name: 'Atelier Vélo du Seignanx' }).count()).toBe(1);
    expect(await page.textContent('#surface-libre')).toMatch(/Surface libre : [\d\s\u202f]+ m²/);
    await checkPage('membres');
    await page.setViewportSize({ width: 768, height: 1024 });
    for (const hash of ['#/', '#/trimestres', '#/campagnes']) {
      await page.goto(`${runtime.url}/admin${hash}`);
      await page.locator('main h1').waitFor();
      await page.locator('main[aria-busy]').waitFor({ state: 'detached' });
      expect(await fitsWidth(page), hash).toBe(true);
    }
    await page.screenshot({ path: `${ARTIFACTS}/back-office-tablette.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRMATION_VALID_HOURS, secondsUntilTomorrow } from '../../domain/confirmation.ts';
import { hashToken } from '../../domain/tokens.ts';
import type { Runtime } from '../../local/runtime.ts';
import { resetConfig } from '../../ports/config.ts';
import { type Mailer, mailer, setMailer } from '../../ports/mailer.ts';
import { putPoleIfAbsent } from '../../store/poles.ts';
import { applyAndConfirm, mailedLinks, pathOf } from '../support/applicant.ts';
import { aForm, LATE_START_IN_WORDS, testSiret } from '../support/forms.ts';
import { ADMIN, allItems, call, eventually, mailText, outbox, POLE, startTestRuntime } from '../support/runtime.ts';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startTestRuntime();
});
afterAll(() => runtime.stop());

const HOUR = 3_600_000;
const submit = (form: unknown) => call(runtime, 'POST', `/poles/${POLE}/applications`, { body: form });
const tokenOf = (link: string) => link.split('/').at(-1)!;

/** A page as a browser gets it: status, headers and the HTML text. */
async function page(path: string): Promise<{ status: number; headers: Headers; html: string }> {
  const res = await fetch(`${runtime.url}${path}`, { redirect: 'manual' });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

/** The items an application left: its pending form, SIRET claim, application, counters. */
async function itemsOf(applicationId: string, siret: string) {
  const items = await allItems();
  return {
    pending: items.find((i) => i.SK === `PENDING#${applicationId}`),
    claim: items.find((i) => i.SK === `SIRET#${siret}`),
    application: items.find((i) => i.SK === `APPLICATION#${applicationId}`),
    counters: items.filter((i) => String(i.PK).endsWith('#LIMITS') && String(i.SK).includes(`#${siret}#`)),
  };
}

/** Runs `act` and checks that the table is exactly as before (and no execution started: they would write). */
async function writesNothing(act: () => Promise<unknown>): Promise<void> {
  const before = await allItems();
  const executions = (await runtime.engine.list('member-onboarding')).length;
  await act();
  expect(await allItems()).toEqual(before);
  expect((await runtime.engine.list('member-onboarding')).length).toBe(executions);
}

const executionsOf = async (siret: string) =>
  (await runtime.engine.list('member-onboarding')).filter((e) => e.name.includes(`app-${siret}-`));

describe('email confirmation before anything is claimed', () => {
  it('a valid form waits as a pending form (TTL 48 h, tokens only hashed): one mail with its two links, no claim, no workflow', async () => {
    const form = aForm({ siret: testSiret(801) });
    const reply = await submit(form);
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ status: 'PENDING_CONFIRMATION', applicationId: expect.stringMatching(/^app-/), mailed: true });
    expect(reply.body.message).toContain(form.contact.email);
    const { pending, claim, application } = await itemsOf(reply.body.applicationId, form.siret);
    expect(claim).toBeUndefined();
    expect(application).toBeUndefined();
    expect(await executionsOf(form.siret)).toEqual([]);
    expect(pending).toMatchObject({ state: 'PENDING', form });
    const submittedAt = Date.parse(pending!.submittedAt as string);
    expect(pending!.ttl).toBe(Math.floor((submittedAt + CONFIRMATION_VALID_HOURS * HOUR) / 1000));
    expect(pending!.expiresAt).toBe(new Date(submittedAt + CONFIRMATION_VALID_HOURS * HOUR).toISOString());

    const mail = (await outbox(runtime)).find((m) => mailText(m).includes(`/applications/${reply.body.applicationId}/confirm/`))!;
    expect(mail).toContain(`To: ${form.contact.email}`);
    expect(mailText(mail)).toMatch(/Confirmer ma candidature/);
    const links = (await mailedLinks(runtime, reply.body.applicationId))!;
    expect(links.confirm.startsWith(runtime.url)).toBe(true);
    // The table knows the tokens' hashes, never the tokens.
    expect(pending).toMatchObject({
      confirmTokenHash: hashToken(tokenOf(links.confirm)),
      statusTokenHash: hashToken(tokenOf(links.status)),
    });
    const table = JSON.stringify(await allItems());
    for (const link of [links.confirm, links.status]) expect(table).not.toContain(tokenOf(link));
  });

  it('opening the link changes nothing; its button confirms: SIRET claimed, workflow started, the form leaves the pending item; again changes nothing', async () => {
    const form = aForm({ siret: testSiret(802) });
    const { body } = await submit(form);
    const links = (await mailedLinks(runtime, body.applicationId))!;

    // A mail scanner fetching the link: a page with a button, nothing else.
    await writesNothing(async () => {
      const shown = await page(pathOf(links.confirm));
      expect(shown.status).toBe(200);
      expect(shown.html).toContain('Confirmer ma candidature</button>');
    });
    expect(await executionsOf(form.siret)).toEqual([]);

    const confirmed = await call(runtime, 'POST', pathOf(links.confirm));
    expect(confirmed).toMatchObject({ status: 202, body: { status: 'CONFIRMED', applicationId: body.applicationId } });
    expect(await executionsOf(form.siret)).toHaveLength(1);
    await eventually(async () => (await itemsOf(body.applicationId, form.siret)).application?.status === 'AWAITING_DECISION');
    const { pending, claim } = await itemsOf(body.applicationId, form.siret);
    expect(claim).toMatchObject({ state: 'PENDING', applicationId: body.applicationId });
    expect(pending).toMatchObject({ state: 'CONFIRMED', confirmedAt: expect.any(String) });
    expect(pending).not.toHaveProperty('form');
    expect(pending!.ttl as number).toBeGreaterThan(Date.now() / 1000 + 300 * 86_400);

    const mailsBefore = (await outbox(runtime)).length;
    const again = await call(runtime, 'POST', pathOf(links.confirm));
    expect(again).toMatchObject({ status: 200, body: { status: 'CONFIRMED', executionArn: confirmed.body.executionArn } });
    const resent = await submit(form);
    expect(resent).toMatchObject({ status: 200, body: { status: 'CONFIRMED', applicationId: body.applicationId } });
    expect(await executionsOf(form.siret)).toHaveLength(1);
    expect((await outbox(runtime)).length).toBe(mailsBefore);
  });

  it('a wrong or malformed token, or an unknown application: the same 404, on the button and on the pages', async () => {
    const { body } = await submit(aForm({ siret: testSiret(803) }));
    const links = (await mailedLinks(runtime, body.applicationId))!;
    const wrong = pathOf(links.confirm).replace(/[^/]+$/, 'A'.repeat(22));
    const other = pathOf(links.confirm).replace(body.applicationId, 'app-70000000000000-0000000000');
    await writesNothing(async () => {
      for (const path of [wrong, other, `${pathOf(links.confirm)}x`]) expect((await call(runtime, 'POST', path)).status, path).toBe(404);
      // The status link's token does not confirm.
      const status = await call(runtime, 'POST', pathOf(links.status).replace('/status/', '/confirm/'));
      expect(status.body.error).toMatchObject({ code: 'NOT_FOUND', message: 'Ce lien de confirmation n’est pas valable.' });
      for (const path of [
        pathOf(links.status).replace(/[^/]+$/, 'B'.repeat(22)),
        pathOf(links.status).replace(body.applicationId, 'nope'),
      ]) {
        const shown = await page(path);
        expect(shown.status, path).toBe(404);
        expect(shown.headers.get('content-type')).toContain('text/html');
        expect(shown.html).toMatch(/Page introuvable/);
      }
    });
  });

  it('an unconfirmed form claims nothing and expires: after 48 h its link answers 410; sent again, it gets a new link', async () => {
    const form = aForm({ siret: testSiret(804) });
    const { body } = await submit(form);
    const links = (await mailedLinks(runtime, body.applicationId))!;
    runtime.clock.advance(CONFIRMATION_VALID_HOURS * HOUR + 60_000);

    const late = await call(runtime, 'POST', pathOf(links.confirm));
    expect(late).toMatchObject({ status: 410, body: { error: { code: 'CONFIRMATION_EXPIRED' } } });
    const { claim, application } = await itemsOf(body.applicationId, form.siret);
    expect(claim).toBeUndefined();
    expect(application).toBeUndefined();
    expect(await executionsOf(form.siret)).toEqual([]);
    const status = await page(pathOf(links.status));
    expect(status.html).toContain('Expirée sans confirmation');

    const again = await submit(form);
    expect(again).toMatchObject({ status: 202, body: { status: 'PENDING_CONFIRMATION', applicationId: body.applicationId, mailed: true } });
    const fresh = (await mailedLinks(runtime, body.applicationId))!;
    expect(fresh.confirm).not.toBe(links.confirm);
    expect((await call(runtime, 'POST', pathOf(links.confirm))).status).toBe(404); // the old link died with its form
    expect((await call(runtime, 'POST', pathOf(fresh.confirm))).status).toBe(202);
  });

  it('at most 3 pending forms a day per address and per SIRET: the 4th is a 429 naming the field, Retry-After until midnight, nothing written', async () => {
    const contact = { ...aForm().contact, email: 'association.pressee@exemple.fr' };
    for (const n of [811, 812, 813]) expect((await submit(aForm({ siret: testSiret(n), contact }))).status).toBe(202);
    await writesNothing(async () => {
      const fourth = await submit(aForm({ siret: testSiret(814), contact: { ...contact, email: 'Association.Pressee@exemple.fr' } }));
      expect(fourth).toMatchObject({ status: 429, body: { error: { code: 'DAILY_LIMIT_REACHED', field: 'contact.email' } } });
      expect(fourth.body.error.message).toMatch(/cette adresse e-mail/);
      const retryAfter = Number(fourth.headers.get('retry-after'));
      expect(Math.abs(retryAfter - secondsUntilTomorrow(runtime.clock.now()))).toBeLessThanOrEqual(5);
      expect(fourth.body.error.retryAfterS).toBe(retryAfter);
    });

    const siret = testSiret(815);
    for (const i of [1, 2, 3]) {
      expect((await submit(aForm({ siret, desks: i, contact: { ...contact, email: `autre-${i}@exemple.fr` } }))).status).toBe(202);
    }
    await writesNothing(async () => {
      const fourth = await submit(aForm({ siret, desks: 4, contact: { ...contact, email: 'autre-4@exemple.fr' } }));
      expect(fourth).toMatchObject({ status: 429, body: { error: { code: 'DAILY_LIMIT_REACHED', field: 'siret' } } });
    });

    // The next day starts afresh.
    runtime.clock.advance(secondsUntilTomorrow(runtime.clock.now()) * 1000 + 1000);
    expect((await submit(aForm({ siret: testSiret(814), contact }))).status).toBe(202);
  });

  it('a confirmation mail that cannot be sent: 503, and the table as it was; sent again later, it goes', async () => {
    const form = aForm({ siret: testSiret(820) });
    const working: Mailer = mailer();
    setMailer({
      send: async () => {
        throw Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });
      },
    });
    try {
      await writesNothing(async () => {
        const reply = await submit(form);
        expect(reply).toMatchObject({ status: 503, body: { error: { code: 'BUSY' } } });
        expect(reply.headers.get('retry-after')).toBe('2');
      });
    } finally {
      setMailer(working);
    }
    expect((await submit(form)).body).toMatchObject({ status: 'PENDING_CONFIRMATION', mailed: true });
  });
});

describe("the applicant's status page", () => {
  it('shows where the application stands, in French, with dates, and nothing else', async () => {
    const form = aForm({ siret: testSiret(830), structureName: 'Ressourcerie des Barthes' });
    const { body } = await submit(form);
    const links = (await mailedLinks(runtime, body.applicationId))!;
    const status = async () => (await page(pathOf(links.status))).html;

    const waiting = await status();
    expect(waiting).toContain('En attente de confirmation');
    expect(waiting).toContain('Ressourcerie des Barthes');
    expect(waiting).toMatch(/Formulaire envoyé<\/dt><dd>\d{1,2} \p{L}+ \d{4} à \d\d:\d\d/u);

    const { body: confirmed } = await call(runtime, 'POST', pathOf(links.confirm));
    await eventually(async () => (await status()).includes('Examinée par le comité de pilotage'));
    const withCommittee = await status();
    expect(withCommittee).toContain('Transmise au comité de pilotage');
    expect(withCommittee).toMatch(/se prononcera au plus tard le \d{1,2} \p{L}+ \d{4}/u);

    await call(runtime, 'POST', `/admin/applications/${body.applicationId}/decision`, {
      headers: ADMIN,
      body: { decision: 'REJECT', reason: 'Activité hors du périmètre du pôle' },
    });
    await runtime.engine.settled(confirmed.executionArn);
    const decided = await status();
    expect(decided).toContain('Refusée');
    expect(decided).toContain('Motif : Activité hors du périmètre du pôle');
    // No internal code, no contact data, no one else's application.
    for (const secret of [
      'REJECTED',
      'AWAITING_DECISION',
      'RECEIVED',
      form.contact.email,
      form.contact.phone,
      form.siret,
      'Atelier Solidaire',
    ]) {
      expect(decided).not.toContain(secret);
    }
  });

  it('an accepted application says from when the structure is a member', async () => {
    const form = aForm({ siret: testSiret(831), requestedAreaM2: 5 });
    const confirmed = await applyAndConfirm(runtime, form);
    const links = (await mailedLinks(runtime, confirmed.body.applicationId))!;
    await eventually(async () => (await page(pathOf(links.status))).html.includes('Examinée par le comité'));
    await call(runtime, 'POST', `/admin/applications/${confirmed.body.applicationId}/decision`, {
      headers: ADMIN,
      body: { decision: 'APPROVE' },
    });
    await runtime.engine.settled(confirmed.body.executionArn);
    const html = (await page(pathOf(links.status))).html;
    expect(html).toContain('Acceptée');
    expect(html).toContain(`membre du pôle à compter du ${LATE_START_IN_WORDS}`);
  });
});

describe('public pages', () => {
  it('/ leads to the landing page of the one pôle served; with several, it lists them', async () => {
    const home = await page('/');
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe(`/poles/${POLE}`);

    await putPoleIfAbsent({
      poleId: 'pole-bearn',
      name: 'Pôle Béarn Solidaire',
      territory: 'Béarn',
      committeeEmail: 'comite@bearn.example.fr',
    });
    process.env.POLE_IDS = `${POLE},pole-bearn,pole-sans-profil`;
    resetConfig();
    try {
      const list = await page('/');
      expect(list.status).toBe(200);
      expect(list.html).toContain('<a href="/poles/pole-sud-aquitain">Pôle Sud Aquitain</a>');
      expect(list.html).toContain('<a href="/poles/pole-bearn">Pôle Béarn Solidaire</a> — Béarn');
      expect(list.html).not.toContain('pole-sans-profil');
    } finally {
      process.env.POLE_IDS = POLE;
      resetConfig();
    }
  });

  it("a pôle's landing page says who it is, what it offers and how to apply; an unknown pôle is a French 404 page", async () => {
    const landing = await page(`/poles/${POLE}`);
    expect(landing.status).toBe(200);
    expect(landing.html).toContain('<h1>Pôle Sud Aquitain</h1>');
    expect(landing.html).toContain('Seignanx (Landes)');
    expect(landing.html).toContain('Un accueil mutualisé et des salles de réunion');
    expect(landing.html).toContain(`href="/poles/${POLE}/apply"`);
    // Without its own presentation, a pôle offers the shared services of the form.
    const bearn = await page('/poles/pole-bearn');
    expect(bearn.html).toContain('<li>Accueil mutualisé</li>');
    for (const path of ['/poles/pole-inconnu', '/poles/Pas_Un_Pole', '/poles/pole-inconnu/apply']) {
      const missing = await page(path);
      expect(missing.status, path).toBe(404);
      expect(missing.html).toContain('<html lang="fr">');
      expect(missing.html).toContain('Page introuvable');
    }
  });

  it('the form page lists every field with its label, and its choices from the lists', async () => {
    const form = await page(`/poles/${POLE}/apply`);
    expect(form.status).toBe(200);
    for (const text of [
      'Nom de la structure',
      'Numéro SIRET',
      'SCIC — société coopérative d’intérêt collectif',
      'Entreprise solidaire d’utilité sociale (agrément ESUS)',
      'Accueil mutualisé',
      'Adresse e-mail',
      'Date d’arrivée souhaitée',
    ]) {
      expect(form.html).toContain(text);
    }
    expect(form.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
  });
});

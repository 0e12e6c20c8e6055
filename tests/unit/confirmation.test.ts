import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApplicationPart, applicantStatus, type PendingPart } from '../../domain/applicant-status.ts';
import { applicationFormSchema } from '../../domain/application.ts';
import {
  applicantLinks,
  CONFIRMATION_VALID_HOURS,
  confirmationDeadline,
  confirmationMail,
  countersExpireAt,
  dailyCounters,
  secondsUntilTomorrow,
  ttlOf,
} from '../../domain/confirmation.ts';
import { nextParisMidnight } from '../../domain/dates.ts';
import { backOfficeApplicationLink, committeeReminderMail } from '../../domain/mails.ts';
import { siretProblem, withLuhnDigit } from '../../domain/siret.ts';
import { toFieldIssues } from '../../domain/validation.ts';
import { FUNCTIONS, ROUTES } from '../../functions/catalog.ts';
import { FIELDS, type FormField, SIRET_CHECK } from '../../functions/onboarding/application-form-page.html.ts';
import { aForm } from '../support/forms.ts';

const HOUR = 3_600_000;

describe('the daily limit of pending forms', () => {
  it('counts an address whatever its case, by its hash only, and a SIRET, per Paris day', () => {
    const at = new Date('2026-07-14T21:30:00Z'); // 23:30 in Paris
    const [email, siret] = dailyCounters(aForm({ contact: { ...aForm().contact, email: ' Maite@Exemple.FR ' } }), at);
    expect(email).toEqual({ field: 'contact.email', key: expect.stringMatching(/^EMAIL#[0-9a-f]{64}#2026-07-14$/) });
    expect(email!.key).not.toMatch(/maite|exemple/i);
    expect(dailyCounters(aForm({ contact: { ...aForm().contact, email: 'maite@exemple.fr' } }), at)[0]).toEqual(email);
    expect(siret).toEqual({ field: 'siret', key: `SIRET#${aForm().siret}#2026-07-14` });
    // Half an hour later it is the 15th in Paris: a new day, new counters.
    expect(dailyCounters(aForm(), new Date('2026-07-14T22:30:00Z'))[1]!.key).toMatch(/#2026-07-15$/);
  });

  it.each([
    ['summer (UTC+2)', '2026-07-14T12:00:00Z', '2026-07-14T22:00:00.000Z'],
    ['winter (UTC+1)', '2026-01-10T22:59:00Z', '2026-01-10T23:00:00.000Z'],
    ['after midnight in Paris, before it in UTC', '2026-01-10T23:30:00Z', '2026-01-11T23:00:00.000Z'],
    ['the eve of the spring change', '2026-03-28T12:00:00Z', '2026-03-28T23:00:00.000Z'],
    ['the eve of the autumn change', '2026-10-24T12:00:00Z', '2026-10-24T22:00:00.000Z'],
  ])('starts again at midnight in Paris: %s', (_, now, midnight) => {
    expect(nextParisMidnight(new Date(now)).toISOString()).toBe(midnight);
    expect(secondsUntilTomorrow(new Date(now))).toBe((Date.parse(midnight) - Date.parse(now)) / 1000);
    expect(countersExpireAt(new Date(now)).getTime()).toBe(Date.parse(midnight) + 24 * HOUR);
  });

  it('a link is valid 48 hours; the TTL is in whole seconds', () => {
    const at = new Date('2026-07-14T10:00:00.500Z');
    expect(confirmationDeadline(at).toISOString()).toBe('2026-07-16T10:00:00.500Z');
    expect(ttlOf(confirmationDeadline(at))).toBe(Date.parse('2026-07-16T10:00:00Z') / 1000);
  });
});

describe('the confirmation mail and its links', () => {
  const links = applicantLinks('https://pole.example.fr', 'pole-sud-aquitain', 'app-73282932000074-0123456789', {
    confirm: 'c'.repeat(22),
    status: 's'.repeat(22),
  });

  it('says in French what to do before when, with both links, and what happens without confirmation', () => {
    const form = aForm();
    const mail = confirmationMail('Pôle Sud Aquitain', form, links, confirmationDeadline(new Date('2027-01-04T09:15:00Z')));
    expect(mail.subject).toBe('Confirmez votre candidature au Pôle Sud Aquitain');
    expect(mail.text).toContain(`Bonjour ${form.contact.name},`);
    expect(mail.text).toContain('avant le 6 janvier 2027 à 10:15');
    expect(mail.text).toContain(links.confirm);
    expect(mail.text).toContain(links.status);
    expect(mail.text).toContain(`effacé au bout de ${CONFIRMATION_VALID_HOURS} heures`);
  });

  it('leads to the routes of the catalog: the confirmation page, its button, the status page', () => {
    const routeOf = (method: string, link: string) =>
      ROUTES.find((r) => r.method === method && new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(new URL(link).pathname))?.fn;
    expect(routeOf('GET', links.confirm)).toBe('ConfirmationPage');
    expect(routeOf('POST', links.confirm)).toBe('ConfirmApplication');
    expect(routeOf('GET', links.status)).toBe('ApplicationStatusPage');
    expect(FUNCTIONS.ConfirmApplication.starts).toEqual(['member-onboarding']);
    expect(FUNCTIONS.SubmitApplication).not.toHaveProperty('starts');
  });

  it("the committee's reminder opens the application in the back-office page, not a JSON route, and names the legal form in French", () => {
    const link = backOfficeApplicationLink('https://pole.example.fr', 'app-73282932000074-0123456789');
    expect(link).toBe('https://pole.example.fr/admin#/applications/app-73282932000074-0123456789');
    expect(ROUTES.find((r) => r.method === 'GET' && r.path === new URL(link).pathname)?.fn).toBe('AdminPage');
    const mail = committeeReminderMail('Pôle Sud Aquitain', aForm({ legalForm: 'EMPLOYERS_GROUP' }), { daysLeft: 23, link });
    expect(mail.text).toContain('(groupement d’employeurs, 80 m², 3.5 ETP)');
    expect(mail.text).not.toContain('EMPLOYERS_GROUP');
  });
});

describe("the form page's SIRET check, as typed", () => {
  const pageCheck = new Function(`${SIRET_CHECK}; return siretProblem;`)() as (siret: string) => string | null;
  const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));

  it('agrees with domain/siret.ts on any 14 digits, on valid SIRETs, on La Poste and on other shapes', () => {
    fc.assert(fc.property(digits(14), (s) => pageCheck(s) === siretProblem(s)));
    fc.assert(fc.property(digits(13), (s) => pageCheck(withLuhnDigit(s)) === null));
    fc.assert(fc.property(digits(5), (s) => pageCheck(`356000000${s}`) === siretProblem(`356000000${s}`)));
    for (const odd of ['', '1234', '123456789012345', '7328293200007A', ' 73282932000074']) expect(pageCheck(odd)).toBe(siretProblem(odd));
  });
});

describe("the form page's messages", () => {
  it('has its own French message for what the API reports of a number typed wrong: more than two decimals, a fraction of a desk', () => {
    const bad = { ...aForm(), requestedAreaM2: 33.333, fte: 0.755, desks: 2.5 };
    const issues = toFieldIssues(applicationFormSchema.safeParse(bad, { reportInput: true }).error!.issues);
    expect(issues.map((i) => `${i.field}:${i.rule}`)).toEqual(['requestedAreaM2:max_decimals', 'desks:type:int', 'fte:max_decimals']);
    for (const issue of issues) expect(FIELDS[issue.field as FormField].messages[issue.rule], issue.field).toMatch(/^Indiquez /);
  });
});

describe("the applicant's status, as the status page shows it", () => {
  const now = new Date('2027-01-10T10:00:00Z');
  const pending: PendingPart = { state: 'PENDING', submittedAt: '2027-01-09T09:00:00Z', expiresAt: '2027-01-11T09:00:00Z' };
  const confirmed: PendingPart = { ...pending, state: 'CONFIRMED', confirmedAt: '2027-01-09T09:30:00Z' };
  const history = (...statuses: [string, string?][]) =>
    statuses.map(([status, reason], i) => ({
      at: `2027-01-0${i + 1}T10:00:00Z`,
      status,
      by: 'x',
      ...(reason && { reason }),
    })) as ApplicationPart['history'];
  const application = (status: ApplicationPart['status'], h: ApplicationPart['history'], extra: Partial<ApplicationPart> = {}) => ({
    status,
    history: h,
    startDate: '2027-03-01',
    committeeExpiresAt: '2027-02-08T09:30:00Z',
    ...extra,
  });

  it('waiting for its confirmation, then expired without it', () => {
    expect(applicantStatus(pending, undefined, now)).toMatchObject({
      stage: 'PENDING_CONFIRMATION',
      label: 'En attente de confirmation',
      explanation: expect.stringContaining('avant le 11 janvier 2027 à 10:00'),
      events: [{ label: 'Formulaire envoyé', at: '9 janvier 2027 à 10:00' }],
    });
    expect(applicantStatus(pending, undefined, new Date('2027-01-11T09:00:00Z'))).toMatchObject({
      stage: 'UNCONFIRMED',
      label: 'Expirée sans confirmation',
    });
  });

  it('received, with the committee, accepted, refused with its reason, expired: each with its dates', () => {
    expect(applicantStatus(confirmed, undefined, now)).toMatchObject({ stage: 'RECEIVED', label: 'Reçue' });
    const withCommittee = applicantStatus(confirmed, application('AWAITING_DECISION', history(['RECEIVED'], ['AWAITING_DECISION'])), now);
    expect(withCommittee).toMatchObject({
      stage: 'WITH_COMMITTEE',
      explanation: expect.stringContaining('au plus tard le 8 février 2027'),
    });
    expect(withCommittee.events.map((e) => e.label)).toEqual([
      'Formulaire envoyé',
      'Adresse e-mail confirmée, candidature reçue',
      'Transmise au comité de pilotage',
    ]);
    const accepted = applicantStatus(
      confirmed,
      application('ACTIVE', history(['RECEIVED'], ['AWAITING_DECISION'], ['APPROVED'], ['ACTIVE'])),
      now,
    );
    expect(accepted).toMatchObject({
      stage: 'ACCEPTED',
      label: 'Acceptée',
      explanation: expect.stringContaining('à compter du 1 mars 2027'),
    });
    const refused = applicantStatus(
      confirmed,
      application('REJECTED', history(['RECEIVED'], ['AWAITING_DECISION'], ['REJECTED', 'Hors périmètre']), {
        decision: { decision: 'REJECT', reason: 'Hors périmètre' },
      }),
      now,
    );
    expect(refused).toMatchObject({ stage: 'REJECTED', label: 'Refusée', explanation: expect.stringContaining('Motif : Hors périmètre') });
    expect(
      applicantStatus(confirmed, application('EXPIRED', history(['RECEIVED'], ['AWAITING_DECISION'], ['EXPIRED'])), now),
    ).toMatchObject({
      stage: 'EXPIRED',
      label: 'Expirée',
    });
  });

  it('a failure the staff are fixing shows the step it happened in, and a step done again after it shows once', () => {
    const failed = applicantStatus(
      confirmed,
      application('FAILED', history(['RECEIVED'], ['AWAITING_DECISION'], ['APPROVED'], ['FAILED'])),
      now,
    );
    expect(failed).toMatchObject({ stage: 'ACCEPTED' });
    const redriven = applicantStatus(
      confirmed,
      application('ACTIVE', history(['RECEIVED'], ['AWAITING_DECISION'], ['APPROVED'], ['FAILED'], ['APPROVED'], ['ACTIVE'])),
      now,
    );
    expect(redriven.events.map((e) => e.label)).toEqual([
      'Formulaire envoyé',
      'Adresse e-mail confirmée, candidature reçue',
      'Transmise au comité de pilotage',
      'Acceptée par le comité de pilotage',
      'Votre structure est membre du pôle',
    ]);
    expect(JSON.stringify(redriven)).not.toMatch(/FAILED|APPROVED|AWAITING/);
  });
});

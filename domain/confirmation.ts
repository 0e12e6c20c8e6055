import { createHash } from 'node:crypto';
import type { ApplicationForm } from './application.ts';
import { frenchDateTime, nextParisMidnight, parisDate } from './dates.ts';

/**
 * The applicant confirms the email address before anything is claimed (docs/onboarding.md#email-confirmation):
 * the form waits as a pending form, its link valid CONFIRMATION_VALID_HOURS, and each address
 * and each SIRET may leave at most DAILY_PENDING_LIMIT pending forms a day.
 */

/** How long the confirmation link is valid, and the pending form kept (then expired by the table's TTL). */
export const CONFIRMATION_VALID_HOURS = 48;

/** Pending forms a day (Paris calendar day) per email address and per SIRET. */
export const DAILY_PENDING_LIMIT = 3;

/** How long the status link keeps working once the form is confirmed (the marker item's TTL). */
export const STATUS_LINK_VALID_DAYS = 365;

const HOUR = 3_600_000;

/** When a form submitted at `submittedAt` can no longer be confirmed. */
export const confirmationDeadline = (submittedAt: Date): Date => new Date(submittedAt.getTime() + CONFIRMATION_VALID_HOURS * HOUR);

/** An instant as DynamoDB's TTL attribute wants it: whole seconds since the epoch. */
export const ttlOf = (instant: Date): number => Math.floor(instant.getTime() / 1000);

/** What the daily limit counts, each with the form field a refusal names. */
export interface DailyCounter {
  field: 'contact.email' | 'siret';
  /** The counter's key: the kind, the value (an address only as its SHA-256) and the Paris day. */
  key: string;
}

/** The counters a new pending form takes on `day`: its address (case-insensitive) and its SIRET. */
export function dailyCounters(form: ApplicationForm, now: Date): DailyCounter[] {
  const day = parisDate(now);
  const address = createHash('sha256').update(form.contact.email.trim().toLowerCase(), 'utf8').digest('hex');
  return [
    { field: 'contact.email', key: `EMAIL#${address}#${day}` },
    { field: 'siret', key: `SIRET#${form.siret}#${day}` },
  ];
}

/** When a day's counters may be forgotten (the TTL of their items): the day after theirs is over. */
export const countersExpireAt = (now: Date): Date => new Date(nextParisMidnight(now).getTime() + 24 * HOUR);

/** Seconds until the counters start again from zero (Retry-After of a refusal): the next Paris midnight. */
export const secondsUntilTomorrow = (now: Date): number =>
  Math.max(1, Math.ceil((nextParisMidnight(now).getTime() - now.getTime()) / 1000));

/** The French refusal of a form beyond the daily limit, naming what was counted. */
export function dailyLimitMessage(field: DailyCounter['field']): string {
  const what = field === 'siret' ? 'ce numéro SIRET' : 'cette adresse e-mail';
  return `Trop de candidatures en attente de confirmation aujourd’hui pour ${what} (${DAILY_PENDING_LIMIT} au plus par jour). Confirmez celles déjà envoyées à l’aide du lien reçu par e-mail, ou réessayez demain.`;
}

/** The links a confirmation mail carries: confirm (a page with a button) and follow the application. */
export interface ApplicantLinks {
  confirm: string;
  status: string;
}

/** The confirmation mail, in French. */
export function confirmationMail(
  poleName: string,
  form: ApplicationForm,
  links: ApplicantLinks,
  deadline: Date,
): { subject: string; text: string } {
  return {
    subject: `Confirmez votre candidature au ${poleName}`,
    text: [
      `Bonjour ${form.contact.name},`,
      '',
      `Une candidature de ${form.structureName} (SIRET ${form.siret}) au ${poleName} a été déposée avec cette adresse e-mail.`,
      '',
      `Pour la confirmer, ouvrez ce lien avant le ${frenchDateTime(deadline)}, puis cliquez sur « Confirmer ma candidature » :`,
      links.confirm,
      '',
      'Suivre votre candidature (lien personnel, à ne pas transmettre) :',
      links.status,
      '',
      `Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : sans confirmation, rien n’est engagé et le formulaire est effacé au bout de ${CONFIRMATION_VALID_HOURS} heures.`,
      '',
      `L’équipe d’animation du ${poleName}`,
    ].join('\n'),
  };
}

/**
 * The applicant's two personal links: the confirmation page (GET shows a button, whose POST
 * confirms) and the status page. Their paths are routes of functions/catalog.ts (a unit test
 * checks they match).
 */
export function applicantLinks(
  baseUrl: string,
  poleId: string,
  applicationId: string,
  tokens: { confirm: string; status: string },
): ApplicantLinks {
  const application = `${baseUrl}/poles/${poleId}/applications/${applicationId}`;
  return { confirm: `${application}/confirm/${tokens.confirm}`, status: `${application}/status/${tokens.status}` };
}

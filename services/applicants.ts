import { type ApplicantStatusView, applicantStatus } from '../domain/applicant-status.ts';
import { type ApplicationForm, applicationIdOf } from '../domain/application.ts';
import {
  applicantLinks,
  confirmationDeadline,
  confirmationMail,
  countersExpireAt,
  DAILY_PENDING_LIMIT,
  type DailyCounter,
  dailyCounters,
  dailyLimitMessage,
  STATUS_LINK_VALID_DAYS,
  secondsUntilTomorrow,
  ttlOf,
} from '../domain/confirmation.ts';
import { addDays } from '../domain/dates.ts';
import { NotFoundError, TooSoonError } from '../domain/errors.ts';
import { executionName } from '../domain/poles.ts';
import { hashToken, isTokenShaped, newToken } from '../domain/tokens.ts';
import { publicBaseUrl } from '../ports/config.ts';
import { mailer } from '../ports/mailer.ts';
import { workflowEngine } from '../ports/workflow-engine.ts';
import { type Application, getApplication } from '../store/applications.ts';
import { giveBackDailyUnit, takeDailyUnit } from '../store/daily-counters.ts';
import {
  deletePendingApplication,
  getPendingApplication,
  markConfirmed,
  type PendingApplication,
  putPendingApplication,
} from '../store/pending-applications.ts';
import { getPole } from '../store/poles.ts';
import { startOnboarding } from './onboarding.ts';

/**
 * What an applicant does (docs/onboarding.md#email-confirmation): submit the form, which waits as a
 * pending form until the emailed link confirms it; confirm, which claims the SIRET and starts the
 * onboarding; follow the application on the status page.
 */

export type SubmitOutcome =
  | { status: 'PENDING_CONFIRMATION'; applicationId: string; confirmBefore: string; mailed: boolean }
  | { status: 'CONFIRMED'; applicationId: string };

/** A pending form that still holds its id: confirmed, or waiting and not expired at `now`. */
const isLive = (pending: PendingApplication, now: Date): boolean =>
  pending.state === 'CONFIRMED' || Date.parse(pending.expiresAt) > now.getTime();

const outcomeOf = (pending: PendingApplication, mailed: boolean): SubmitOutcome =>
  pending.state === 'CONFIRMED'
    ? { status: 'CONFIRMED', applicationId: pending.applicationId }
    : { status: 'PENDING_CONFIRMATION', applicationId: pending.applicationId, confirmBefore: pending.expiresAt, mailed };

/**
 * Takes a unit of each of the day's counters, or none: a counter at its limit gives back those
 * taken before it and refuses the form (429 naming the field, Retry-After until midnight).
 */
async function takeDailyUnits(poleId: string, counters: readonly DailyCounter[], now: Date): Promise<void> {
  const ttl = ttlOf(countersExpireAt(now));
  const taken: DailyCounter[] = [];
  for (const counter of counters) {
    if (await takeDailyUnit(poleId, counter.key, DAILY_PENDING_LIMIT, ttl)) {
      taken.push(counter);
      continue;
    }
    await giveBack(poleId, taken);
    throw new TooSoonError(dailyLimitMessage(counter.field), secondsUntilTomorrow(now), { field: counter.field }, 'DAILY_LIMIT_REACHED');
  }
}

const giveBack = (poleId: string, counters: readonly DailyCounter[]) =>
  Promise.all(counters.map((counter) => giveBackDailyUnit(poleId, counter.key)));

/**
 * A submitted form: recorded as pending (TTL 48 h) with the hashes of two fresh tokens, and the
 * confirmation mail sent with both links. Nothing is claimed and no workflow starts. The same form
 * sent again while its first submission still counts gets the same answer and no second mail, and
 * is not counted again. Every write is undone when a later step fails, so a refused or failed
 * submission leaves the table as it was.
 */
export async function requestApplication(poleId: string, form: ApplicationForm, now: Date): Promise<SubmitOutcome> {
  const baseUrl = publicBaseUrl(); // before any write: a misconfigured function fails having done nothing
  const pole = await getPole(poleId);
  const applicationId = applicationIdOf(poleId, form);
  const existing = await getPendingApplication(poleId, applicationId);
  if (existing && isLive(existing, now)) return outcomeOf(existing, false);

  const tokens = { confirm: newToken(), status: newToken() };
  const deadline = confirmationDeadline(now);
  const pending: PendingApplication = {
    poleId,
    applicationId,
    state: 'PENDING',
    form,
    confirmTokenHash: hashToken(tokens.confirm),
    statusTokenHash: hashToken(tokens.status),
    submittedAt: now.toISOString(),
    expiresAt: deadline.toISOString(),
    ttl: ttlOf(deadline),
  };
  // The pending form first: of identical forms sent at once (a double click), one is recorded and
  // counted, the others answer as it does.
  if (!(await putPendingApplication(pending, now.toISOString()))) {
    const first = await getPendingApplication(poleId, applicationId);
    return first && isLive(first, now) ? outcomeOf(first, false) : requestApplication(poleId, form, now);
  }
  const counters = dailyCounters(form, now);
  try {
    await takeDailyUnits(poleId, counters, now);
  } catch (error) {
    await deletePendingApplication(poleId, applicationId, pending.confirmTokenHash);
    throw error;
  }
  const mail = confirmationMail(pole.name, form, applicantLinks(baseUrl, poleId, applicationId, tokens), deadline);
  try {
    await mailer().send({ to: form.contact.email, ...mail });
  } catch (error) {
    await deletePendingApplication(poleId, applicationId, pending.confirmTokenHash);
    await giveBack(poleId, counters);
    throw error;
  }
  return outcomeOf(pending, true);
}

export type ConfirmOutcome =
  | { outcome: 'confirmed' | 'already-confirmed'; applicationId: string; executionArn: string }
  | { outcome: 'expired'; expiredAt: string };

/** The pending form a personal link opens, or the same 404 for a wrong token and an unknown form. */
async function openPending(poleId: string, applicationId: string, token: string, which: 'confirm' | 'status'): Promise<PendingApplication> {
  const pending = isTokenShaped(token) ? await getPendingApplication(poleId, applicationId) : undefined;
  const expected = which === 'confirm' ? pending?.confirmTokenHash : pending?.statusTokenHash;
  if (!pending || expected !== hashToken(token)) {
    throw new NotFoundError(which === 'confirm' ? 'Ce lien de confirmation n’est pas valable.' : 'Ce lien de suivi n’est pas valable.');
  }
  return pending;
}

/**
 * The applicant confirms: the SIRET is claimed and the onboarding started exactly as a form used
 * to be on submission (409 naming the pending application if the SIRET is taken; the form stays
 * pending, to be confirmed once the SIRET is free again), then the pending form becomes a marker
 * without the form. Confirming again changes nothing; each step is idempotent, so a retry after a
 * failure in between completes it.
 */
export async function confirmApplication(poleId: string, applicationId: string, token: string, now: Date): Promise<ConfirmOutcome> {
  const pending = await openPending(poleId, applicationId, token, 'confirm');
  const executionArn = workflowEngine().executionArnOf('member-onboarding', executionName(poleId, applicationId));
  if (pending.state === 'CONFIRMED') return { outcome: 'already-confirmed', applicationId, executionArn };
  if (Date.parse(pending.expiresAt) <= now.getTime()) return { outcome: 'expired', expiredAt: pending.expiresAt };
  const started = await startOnboarding(poleId, applicationId, pending.form!, now.toISOString());
  const first = await markConfirmed(poleId, applicationId, now.toISOString(), ttlOf(addDays(now, STATUS_LINK_VALID_DAYS)));
  return { outcome: first ? 'confirmed' : 'already-confirmed', applicationId, executionArn: started.executionArn };
}

/** What the status page shows: the pôle's name, the structure's (once known) and where the application stands. */
export async function followApplication(
  poleId: string,
  applicationId: string,
  token: string,
  now: Date,
): Promise<{ poleName: string; structureName?: string; view: ApplicantStatusView }> {
  const pending = await openPending(poleId, applicationId, token, 'status');
  const [pole, application] = await Promise.all([
    getPole(poleId),
    pending.state === 'CONFIRMED' ? findApplication(poleId, applicationId) : undefined,
  ]);
  const structureName = application?.form.structureName ?? pending.form?.structureName;
  const view = applicantStatus(
    pending,
    application && {
      status: application.status,
      history: application.history,
      ...(application.decision && { decision: application.decision }),
      startDate: application.form.startDate,
      committeeExpiresAt: application.committee.expiresAt,
    },
    now,
  );
  return { poleName: pole.name, ...(structureName && { structureName }), view };
}

/** The application, or undefined while the workflow has not recorded it yet (a moment after confirmation). */
const findApplication = (poleId: string, applicationId: string): Promise<Application | undefined> =>
  getApplication(poleId, applicationId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });

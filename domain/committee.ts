import { type ApplicationForm, LEGAL_FORMS } from './application.ts';
import { LEGAL_FORM_LABELS } from './application-labels.ts';
import { addDays } from './dates.ts';

/** The committee is reminded every 7 days; without a decision the application expires after 30. */
export const REMINDER_EVERY_DAYS = 7;
export const EXPIRY_DAYS = 30;

export interface CommitteeSchedule {
  /** Absolute dates (ISO instants) of the reminders, then of the expiry. */
  remindAt: string[];
  expiresAt: string;
}

/** A wait's absolute dates from its start: a reminder every `everyDays`, the end after `expiryDays`. */
export function reminderSchedule(from: Date, everyDays: number, expiryDays: number): CommitteeSchedule {
  const remindAt: string[] = [];
  for (let day = everyDays; day < expiryDays; day += everyDays) remindAt.push(addDays(from, day).toISOString());
  return { remindAt, expiresAt: addDays(from, expiryDays).toISOString() };
}

/** Dates fixed once, when the application is recorded, so a restart neither loses nor repeats them. */
export const committeeSchedule = (submittedAt: Date): CommitteeSchedule => reminderSchedule(submittedAt, REMINDER_EVERY_DAYS, EXPIRY_DAYS);

export type CommitteeStep = { kind: 'expired' } | { kind: 'wait'; waitSeconds: number; dueReminder?: number };

/**
 * What the workflow does next while the committee has not decided: expire, or wait until the next
 * reminder or the expiry, sending first the latest reminder that is due (index into remindAt).
 */
export function nextCommitteeStep(schedule: CommitteeSchedule, now: Date): CommitteeStep {
  const t = now.getTime();
  const expiresAt = Date.parse(schedule.expiresAt);
  if (t >= expiresAt) return { kind: 'expired' };
  const due = schedule.remindAt.map(Date.parse).filter((at) => at <= t).length - 1;
  const next = [...schedule.remindAt.map(Date.parse), expiresAt].find((at) => at > t)!;
  return { kind: 'wait', waitSeconds: Math.max(1, Math.ceil((next - t) / 1000)), ...(due >= 0 && { dueReminder: due }) };
}

export interface PoleRules {
  acceptedLegalForms: readonly ApplicationForm['legalForm'][];
}

/** Legal forms a pôle accepts unless it says otherwise: all but "other", which the committee reviews by hand. */
export const DEFAULT_RULES: PoleRules = { acceptedLegalForms: LEGAL_FORMS.filter((f) => f !== 'OTHER') };

/** The automatic checks (docs/onboarding.md#steps); each failed check gives a French reason the applicant reads. */
export function automaticChecks(form: ApplicationForm, rules: PoleRules, freeM2: number): string[] {
  const reasons: string[] = [];
  if (!rules.acceptedLegalForms.includes(form.legalForm)) {
    reasons.push(`La forme juridique « ${LEGAL_FORM_LABELS[form.legalForm]} » n’est pas acceptée par le pôle.`);
  }
  if (form.requestedAreaM2 > freeM2) {
    reasons.push(`La surface demandée (${form.requestedAreaM2} m²) dépasse la surface libre du bâtiment (${freeM2} m²).`);
  }
  return reasons;
}

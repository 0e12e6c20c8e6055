import { type ApplicationStatus, statusBeforeFailure } from './application.ts';
import { EXPIRY_DAYS } from './committee.ts';
import { CONFIRMATION_VALID_HOURS } from './confirmation.ts';
import { frenchDate, frenchDateTime } from './dates.ts';

/**
 * What the applicant's status page shows (docs/onboarding.md#the-applicants-status-page): where the
 * application stands and when each step happened, in French, and nothing else — no internal code,
 * no one else's data, no failure the staff are fixing (an application in a failed step shows the
 * step it was in).
 */

/** The pending form's part: when it was sent, until when it can be confirmed, whether it was. */
export interface PendingPart {
  state: 'PENDING' | 'CONFIRMED';
  submittedAt: string;
  expiresAt: string;
  confirmedAt?: string;
}

/** The application's part, once the workflow has recorded it. */
export interface ApplicationPart {
  status: ApplicationStatus;
  history: readonly { at: string; status: ApplicationStatus; reason?: string }[];
  decision?: { decision: 'APPROVE' | 'REJECT'; reason?: string };
  startDate: string;
  committeeExpiresAt: string;
}

export type ApplicantStage = 'PENDING_CONFIRMATION' | 'UNCONFIRMED' | 'RECEIVED' | 'WITH_COMMITTEE' | 'ACCEPTED' | 'REJECTED' | 'EXPIRED';

export const APPLICANT_STAGE_LABELS: Record<ApplicantStage, string> = {
  PENDING_CONFIRMATION: 'En attente de confirmation',
  UNCONFIRMED: 'Expirée sans confirmation',
  RECEIVED: 'Reçue',
  WITH_COMMITTEE: 'Examinée par le comité de pilotage',
  ACCEPTED: 'Acceptée',
  REJECTED: 'Refusée',
  EXPIRED: 'Expirée',
};

export interface ApplicantStatusView {
  stage: ApplicantStage;
  /** The stage in French (APPLICANT_STAGE_LABELS). */
  label: string;
  /** What it means for the applicant, and what comes next. */
  explanation: string;
  /** What happened, oldest first, with French dates. */
  events: { label: string; at: string }[];
}

const stageOfStatus = (status: ApplicationStatus, history: ApplicationPart['history']): ApplicantStage => {
  const open = status === 'FAILED' ? statusBeforeFailure(history) : status;
  if (open === 'AWAITING_DECISION') return 'WITH_COMMITTEE';
  if (open === 'APPROVED' || open === 'ACTIVE') return 'ACCEPTED';
  if (open === 'REJECTED' || open === 'EXPIRED') return open;
  return 'RECEIVED';
};

/** What each recorded status change tells the applicant (none for the staff's own steps). */
const EVENT_LABELS: Partial<Record<ApplicationStatus, string>> = {
  AWAITING_DECISION: 'Transmise au comité de pilotage',
  APPROVED: 'Acceptée par le comité de pilotage',
  ACTIVE: 'Votre structure est membre du pôle',
  REJECTED: 'Refusée',
  EXPIRED: 'Expirée sans décision du comité',
};

/** The status page's content for a pending form (and its application, once recorded) at `now`. */
export function applicantStatus(pending: PendingPart, application: ApplicationPart | undefined, now: Date): ApplicantStatusView {
  const events = [{ label: 'Formulaire envoyé', at: frenchDateTime(pending.submittedAt) }];
  if (pending.state === 'PENDING') {
    const expired = now.getTime() >= Date.parse(pending.expiresAt);
    const stage: ApplicantStage = expired ? 'UNCONFIRMED' : 'PENDING_CONFIRMATION';
    const explanation = expired
      ? `L’adresse e-mail n’a pas été confirmée dans les ${CONFIRMATION_VALID_HOURS} heures : la candidature n’a pas été enregistrée et le formulaire est effacé. Vous pouvez en déposer une nouvelle.`
      : `Ouvrez le lien reçu par e-mail et cliquez sur « Confirmer ma candidature » avant le ${frenchDateTime(pending.expiresAt)}. Sans confirmation, la candidature ne sera pas enregistrée.`;
    return { stage, label: APPLICANT_STAGE_LABELS[stage], explanation, events };
  }
  events.push({ label: 'Adresse e-mail confirmée, candidature reçue', at: frenchDateTime(pending.confirmedAt ?? pending.submittedAt) });
  const stage = application ? stageOfStatus(application.status, application.history) : 'RECEIVED';
  for (const entry of application?.history ?? []) {
    const label = EVENT_LABELS[entry.status];
    // A step done again after a failure (a redrive) is not news to the applicant.
    if (label && !events.some((e) => e.label === label)) events.push({ label, at: frenchDateTime(entry.at) });
  }
  return { stage, label: APPLICANT_STAGE_LABELS[stage], explanation: explain(stage, application), events };
}

function explain(stage: ApplicantStage, application: ApplicationPart | undefined): string {
  switch (stage) {
    case 'WITH_COMMITTEE':
      return `Le comité de pilotage l’examine ; il se prononcera au plus tard le ${frenchDate(application!.committeeExpiresAt)}. Vous recevrez sa décision par e-mail.`;
    case 'ACCEPTED':
      return `Bienvenue ! Votre structure est membre du pôle à compter du ${frenchDate(application!.startDate)}. Les détails vous ont été envoyés par e-mail.`;
    case 'REJECTED':
      return `La candidature n’a pas été retenue. Motif : ${application?.decision?.reason ?? 'décision du comité de pilotage'}.`;
    case 'EXPIRED':
      return `Le comité de pilotage n’a pas pu se prononcer dans le délai de ${EXPIRY_DAYS} jours. Vous pouvez déposer une nouvelle candidature.`;
    default:
      return `La candidature est enregistrée ; elle va être soumise au comité de pilotage, qui se prononce dans les ${EXPIRY_DAYS} jours.`;
  }
}

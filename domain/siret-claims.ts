import type { ApplicationStatus } from './application.ts';
import { APPLICATION_STATUS_LABELS } from './application-labels.ts';
import { ConflictError } from './errors.ts';
import { when } from './format.ts';
import { ORPHAN_CLAIM_AFTER_MS } from './limits.ts';

/**
 * What blocks a SIRET and whether the staff may free it (docs/rules.md#siret): a pending claim
 * whose application was never recorded (an orphan) or ended (stale) holds the SIRET for nothing;
 * a live application or a member holds it for a reason, and is never released from here. A pure
 * module: the service reads the items, this decides.
 */

export const CLAIM_STATES = ['PENDING', 'MEMBER', 'RELEASED'] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];

/** A claim's state as the staff read it. */
export const CLAIM_STATE_LABELS: Record<ClaimState, string> = {
  PENDING: 'Réservé par une candidature',
  MEMBER: 'Réservé par un membre',
  RELEASED: 'Libéré',
};

/**
 * What a claim is, seen with its holding application:
 * LIVE — an application still under way holds it; CONFIRMING — no application yet, but the claim is
 * younger than ORPHAN_CLAIM_AFTER_MS (its confirmation may be recording it); ORPHAN — no application,
 * older than that; STALE — its application has ended (refused, expired) but the claim was not freed;
 * MEMBER — a member's; RELEASED — free.
 */
export const CLAIM_DIAGNOSES = ['LIVE', 'CONFIRMING', 'ORPHAN', 'STALE', 'MEMBER', 'RELEASED'] as const;
export type ClaimDiagnosis = (typeof CLAIM_DIAGNOSES)[number];

export const CLAIM_DIAGNOSIS_LABELS: Record<ClaimDiagnosis, string> = {
  LIVE: 'Candidature en cours',
  CONFIRMING: 'Confirmation en cours d’enregistrement',
  ORPHAN: 'Orpheline : aucune candidature enregistrée',
  STALE: 'Périmée : la candidature est terminée',
  MEMBER: 'Membre du pôle',
  RELEASED: 'Libre',
};

/**
 * Statuses after which an application holds nothing: it was refused or expired. FAILED is not one:
 * its execution stopped at a step that a redrive resumes (statusBeforeFailure), so its claim is live.
 */
export const FINAL_APPLICATION_STATUSES: readonly ApplicationStatus[] = ['REJECTED', 'EXPIRED'];

/** A claim as stored (store/siret-claims.ts). */
export interface SiretClaimRecord {
  siret: string;
  state: ClaimState;
  /** The application id, or for a member holding its SIRET itself (imported, founding), the SIRET. */
  holder: string;
  claimedAt: string;
  memberId?: string;
  /** Who freed it from the back-office, and when (the release route). */
  releasedBy?: string;
  releasedAt?: string;
}

/** The holding application, as far as a claim's diagnosis needs it. */
export interface HoldingApplication {
  status: ApplicationStatus;
}

/** Whether a claim with no application is old enough to be an orphan at `now`. */
export const orphanAgeReached = (claimedAt: string, now: Date): boolean => Date.parse(claimedAt) <= now.getTime() - ORPHAN_CLAIM_AFTER_MS;

/** What a claim is, given its holding application (undefined: none recorded) at `now`. */
export function diagnose(claim: SiretClaimRecord, application: HoldingApplication | undefined, now: Date): ClaimDiagnosis {
  if (claim.state !== 'PENDING') return claim.state;
  if (!application) return orphanAgeReached(claim.claimedAt, now) ? 'ORPHAN' : 'CONFIRMING';
  return FINAL_APPLICATION_STATUSES.includes(application.status) ? 'STALE' : 'LIVE';
}

/** A claim as the admin routes answer it (GET /admin/siret-claims, POST …/release). */
export interface SiretClaimView {
  siret: string;
  state: ClaimState;
  stateLabel: string;
  holder: { applicationId?: string; memberId?: string };
  claimedAt: string;
  /** The holding application: whether it exists and its status (pending claims only). */
  application?: { exists: boolean; status?: ApplicationStatus; statusLabel?: string };
  diagnosis: ClaimDiagnosis;
  diagnosisLabel: string;
  orphan: boolean;
  stale: boolean;
  /** Whether the release route frees it now (an orphan or a stale claim). */
  releasable: boolean;
  released?: { by: string; at: string };
}

/** A claim and its holding application, as the back-office and the command line show them. */
export function claimView(claim: SiretClaimRecord, application: HoldingApplication | undefined, now: Date): SiretClaimView {
  const diagnosis = diagnose(claim, application, now);
  const holder =
    claim.state === 'MEMBER'
      ? { memberId: claim.memberId ?? claim.siret, ...(claim.holder !== claim.siret && { applicationId: claim.holder }) }
      : { applicationId: claim.holder };
  return {
    siret: claim.siret,
    state: claim.state,
    stateLabel: CLAIM_STATE_LABELS[claim.state],
    holder,
    claimedAt: claim.claimedAt,
    ...(claim.state === 'PENDING' && {
      application: application
        ? { exists: true, status: application.status, statusLabel: APPLICATION_STATUS_LABELS[application.status] }
        : { exists: false },
    }),
    diagnosis,
    diagnosisLabel: CLAIM_DIAGNOSIS_LABELS[diagnosis],
    orphan: diagnosis === 'ORPHAN',
    stale: diagnosis === 'STALE',
    releasable: diagnosis === 'ORPHAN' || diagnosis === 'STALE',
    ...(claim.releasedBy && claim.releasedAt && { released: { by: claim.releasedBy, at: claim.releasedAt } }),
  };
}

/**
 * Why a claim may not be released, as the 409 the staff read (what holds it and what to do instead);
 * null when it may (an orphan or a stale claim) or is free already.
 */
export function releaseRefusal(view: SiretClaimView): ConflictError | null {
  const { siret, holder } = view;
  switch (view.diagnosis) {
    case 'MEMBER':
      return new ConflictError(
        'CLAIM_HELD_BY_MEMBER',
        `Le SIRET ${siret} est celui d’un membre du pôle (${holder.memberId}) : il ne se libère pas ici. Un membre quitte le pôle par l’enregistrement de son départ (page Membres et bâtiment, ou pole-admin member leave).`,
        { field: 'siret', memberId: holder.memberId },
      );
    case 'LIVE':
      return new ConflictError(
        'CLAIM_HELD_BY_APPLICATION',
        `Le SIRET ${siret} est réservé par la candidature ${holder.applicationId}, toujours en cours (${view.application!.statusLabel!.toLowerCase()}) : ${nextStep(view.application!.status!)}`,
        { field: 'siret', applicationId: holder.applicationId, status: view.application!.status },
      );
    case 'CONFIRMING':
      return new ConflictError(
        'CLAIM_BEING_CONFIRMED',
        `Le SIRET ${siret} vient d’être réservé (${when(view.claimedAt)}) par une confirmation peut-être en train d’enregistrer sa candidature ${holder.applicationId} : réessayez dans quelques minutes.`,
        { field: 'siret', applicationId: holder.applicationId, claimedAt: view.claimedAt },
      );
    default:
      return null;
  }
}

/** What the staff do instead of releasing the SIRET of an application under way. */
function nextStep(status: ApplicationStatus): string {
  if (status === 'AWAITING_DECISION')
    return 'le SIRET sera libéré si le comité la refuse ou si elle expire ; refusez-la depuis sa page si elle ne doit pas aboutir.';
  if (status === 'APPROVED' || status === 'ACTIVE')
    return 'elle est approuvée, la structure devient membre ; voyez son exécution si elle est bloquée.';
  if (status === 'FAILED')
    return 'son exécution s’est arrêtée sur une étape en échec ; relancez-la depuis la page Exécutions une fois la cause corrigée.';
  return 'ses contrôles automatiques sont en cours ; si son exécution est en échec ou arrêtée, relancez-la depuis la page Exécutions.';
}

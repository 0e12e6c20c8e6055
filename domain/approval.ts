import { type CommitteeSchedule, reminderSchedule } from './committee.ts';
import { euros } from './contribution.ts';
import type { Credits } from './reconciliation.ts';
import type { PendingTask } from './tasks.ts';

/**
 * The wait for the staff's approval of a quarter's statements (docs/reconciliation.md#approval):
 * a reminder every 7 days from the draft, and after 30 days the run ends — the draft can no
 * longer be approved, the admin page shows the run failed with the reason below, and a new run
 * of the quarter computes a fresh draft.
 */
export const APPROVAL_REMINDER_EVERY_DAYS = 7;
export const APPROVAL_EXPIRY_DAYS = 30;

/** Dates fixed once per draft, so a restart neither loses nor repeats a reminder. */
export const approvalSchedule = (computedAt: Date): CommitteeSchedule =>
  reminderSchedule(computedAt, APPROVAL_REMINDER_EVERY_DAYS, APPROVAL_EXPIRY_DAYS);

/** Why a draft stopped waiting, as the quarter's history and the failed run show it. */
export const approvalExpiredReason = (quarter: string): string =>
  `Validation non reçue dans les ${APPROVAL_EXPIRY_DAYS} jours : les relevés du trimestre ${quarter} ne sont plus approuvables. Vérifiez les données puis relancez le rapprochement du trimestre.`;

export interface DraftForApproval {
  quarter: string;
  computedAt: string;
  totalNetCents: number;
  members: number;
  carriedOut: Credits;
  approvalWait: CommitteeSchedule;
}

/** The reminder mailed to the staff while a quarter's drafts await approval. */
export function approvalReminderMail(
  poleName: string,
  draft: DraftForApproval,
  daysLeft: number,
  link: string,
): { subject: string; text: string } {
  return {
    subject: `${poleName} — relevés du trimestre ${draft.quarter} en attente de validation`,
    text: [
      'Bonjour,',
      '',
      `Les relevés des frais mutualisés du trimestre ${draft.quarter} attendent votre validation (${draft.members} membre(s), reste à charge ${euros(draft.totalNetCents)}).`,
      `Sans validation, ils ne seront plus approuvables dans ${daysLeft} jour(s) et le rapprochement devra être relancé.`,
      '',
      `Pour les vérifier puis les approuver : ${link}`,
      '',
      `L’équipe d’animation du ${poleName}`,
    ].join('\n'),
  };
}

/** A quarter's drafts as a task of the admin page: approve, or send back to be computed again. */
export function statementsApprovalTask(draft: DraftForApproval): PendingTask {
  const path = `/admin/reconciliations/${draft.quarter}/decision`;
  const carried = draft.carriedOut.unearmarkedCents + draft.carriedOut.earmarked.reduce((s, e) => s + e.cents, 0);
  return {
    kind: 'STATEMENTS_APPROVAL',
    id: draft.quarter,
    title: `Relevés du trimestre ${draft.quarter}`,
    waitingSince: draft.computedAt,
    dueAt: draft.approvalWait.expiresAt,
    details: [
      { label: 'Membres', value: String(draft.members) },
      { label: 'Reste à charge réparti', value: euros(draft.totalNetCents) },
      { label: 'Crédit reporté au trimestre suivant', value: euros(carried) },
      { label: 'Relevés', value: `/admin/reconciliations/${draft.quarter}/statements` },
    ],
    actions: [
      { action: 'approve', label: 'Approuver', method: 'POST', path, body: { decision: 'APPROVE' } },
      { action: 'reject', label: 'Recalculer', method: 'POST', path, body: { decision: 'REJECT' }, reasonField: 'reason' },
    ],
  };
}

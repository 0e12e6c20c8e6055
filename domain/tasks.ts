import type { ApplicationForm, ApplicationStatus } from './application.ts';
import type { CommitteeSchedule } from './committee.ts';
import { type ContributionEstimate, euros } from './contribution.ts';
import { longDate, squareMetres } from './format.ts';

/**
 * Something that waits for a person (docs/back-office.md#what-the-staff-do): an application for the committee today, a quarter's
 * statements to approve tomorrow. Each kind says how to act on it, so the admin page and the
 * command-line tool handle a new kind without knowing it.
 */
export interface PendingTask {
  kind: 'APPLICATION_DECISION' | (string & {});
  /** What `pole-admin approve <id>` names. */
  id: string;
  title: string;
  waitingSince: string;
  /** When waiting ends by itself (an application expires). */
  dueAt?: string;
  /** What a person needs to decide, as French label → value. */
  details: { label: string; value: string }[];
  actions: TaskAction[];
}

export interface TaskAction {
  action: 'approve' | 'reject';
  label: string;
  method: 'POST';
  /** Admin API path, from the API's root. */
  path: string;
  body: Record<string, unknown>;
  /** The body field a person must fill in (a rejection's reason). */
  reasonField?: string;
}

/** What an application awaiting the committee shows of itself. */
interface AwaitingApplication {
  applicationId: string;
  form: ApplicationForm;
  submittedAt: string;
  committee: CommitteeSchedule;
  estimate?: ContributionEstimate | null;
  history: { at: string; status: ApplicationStatus }[];
}

export function applicationDecisionTask(application: AwaitingApplication): PendingTask {
  const { applicationId, form } = application;
  const path = `/admin/applications/${applicationId}/decision`;
  return {
    kind: 'APPLICATION_DECISION',
    id: applicationId,
    title: `Candidature de ${form.structureName}`,
    waitingSince: application.history.findLast((h) => h.status === 'AWAITING_DECISION')?.at ?? application.submittedAt,
    dueAt: application.committee.expiresAt,
    details: [
      { label: 'SIRET', value: form.siret },
      { label: 'Activité', value: form.activity },
      { label: 'Surface demandée', value: squareMetres(form.requestedAreaM2) },
      { label: 'Postes de travail', value: String(form.desks) },
      { label: 'Début souhaité', value: longDate(form.startDate) },
      ...(application.estimate
        ? [{ label: 'Contribution estimée', value: `${euros(application.estimate.totalCents)} par trimestre` }]
        : []),
    ],
    actions: [
      { action: 'approve', label: 'Approuver', method: 'POST', path, body: { decision: 'APPROVE' } },
      { action: 'reject', label: 'Refuser', method: 'POST', path, body: { decision: 'REJECT' }, reasonField: 'reason' },
    ],
  };
}

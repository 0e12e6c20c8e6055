import { nextCommitteeStep } from '../../domain/committee.ts';
import { euros } from '../../domain/contribution.ts';
import { backOfficeApplicationLink, committeeReminderMail } from '../../domain/mails.ts';
import { clock } from '../../ports/clock.ts';
import { mailer } from '../../ports/mailer.ts';
import { pageBaseUrl } from '../../services/links.ts';
import { sendOnce } from '../../services/mail.ts';
import { getApplication } from '../../store/applications.ts';
import { getPole } from '../../store/poles.ts';
import { taskHandler } from '../common/task.ts';
import { applicationRef } from './schemas.ts';

/** The wait's timeout once decided: a safeguard only, the decision answers the wait at once. */
const DECIDED_WAIT_SECONDS = 3600;

/**
 * Workflow task, before each wait for the committee: sends the reminder that is due (once, keyed
 * by its index), then says how long to wait until the next reminder or the expiry — or that the
 * application has expired. All dates are the absolute ones stored on the application.
 */
export const handler = taskHandler(applicationRef, async ({ poleId, applicationId }) => {
  const now = clock().now();
  const application = await getApplication(poleId, applicationId);
  // Started again (restart, redrive) after the decision: RequestDecision hands it back at once,
  // so nothing is due and the application cannot expire any more.
  if (application.decision) return { expired: false, waitSeconds: DECIDED_WAIT_SECONDS };
  const step = nextCommitteeStep(application.committee, now);
  if (step.kind === 'expired') return { expired: true, waitSeconds: 0 };
  if (step.dueReminder !== undefined && application.status === 'AWAITING_DECISION') {
    const pole = await getPole(poleId);
    const daysLeft = Math.ceil((Date.parse(application.committee.expiresAt) - now.getTime()) / 86_400_000);
    const mail = committeeReminderMail(pole.name, application.form, {
      daysLeft,
      link: backOfficeApplicationLink(pageBaseUrl(pole), applicationId),
      estimate: application.estimate ? euros(application.estimate.totalCents) : undefined,
    });
    await sendOnce(
      poleId,
      `REMINDER-${step.dueReminder + 1}#${applicationId}`,
      { to: pole.committeeEmail, ...mail },
      mailer(),
      now.toISOString(),
    );
  }
  return { expired: false, waitSeconds: step.waitSeconds };
});

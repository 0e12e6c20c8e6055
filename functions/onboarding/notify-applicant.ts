import * as z from 'zod';
import { euros } from '../../domain/contribution.ts';
import { rejectionMail, welcomeMail } from '../../domain/mails.ts';
import { clock } from '../../ports/clock.ts';
import { mailer } from '../../ports/mailer.ts';
import { sendOnce } from '../../services/mail.ts';
import { getApplication } from '../../store/applications.ts';
import { getPole } from '../../store/poles.ts';
import { taskHandler } from '../common/task.ts';
import { applicationRef } from './schemas.ts';

/** Workflow task: the French mail that tells the applicant the outcome, sent at most once. */
export const handler = taskHandler(
  applicationRef.extend({ kind: z.enum(['WELCOME', 'REJECTION', 'EXPIRY']) }),
  async ({ poleId, applicationId, kind }) => {
    const [pole, application] = await Promise.all([getPole(poleId), getApplication(poleId, applicationId)]);
    const content =
      kind === 'WELCOME'
        ? welcomeMail(pole.name, application.form, application.estimate ? euros(application.estimate.totalCents) : undefined)
        : kind === 'EXPIRY'
          ? rejectionMail(pole.name, application.form, 'le comité de pilotage n’a pas pu statuer dans le délai de 30 jours')
          : rejectionMail(pole.name, application.form, application.decision?.reason ?? 'décision du comité de pilotage');
    const { sent } = await sendOnce(
      poleId,
      `${kind}#${applicationId}`,
      { to: application.form.contact.email, ...content },
      mailer(),
      clock().now().toISOString(),
    );
    return { kind, sent };
  },
);

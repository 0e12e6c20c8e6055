import * as z from 'zod';
import { applicationFormSchema, applicationIdOf, startDateProblem } from '../../domain/application.ts';
import { parisDate } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { executionName, poleIdSchema } from '../../domain/poles.ts';
import { clock } from '../../ports/clock.ts';
import { workflowEngine } from '../../ports/workflow-engine.ts';
import { claimSiret } from '../../store/applications.ts';
import { getPole } from '../../store/poles.ts';
import { httpHandler, json } from '../shared/http.ts';

/** POST /poles/{poleId}/applications — the public application form (docs/onboarding.md#the-form). */
export const handler = httpHandler(
  { auth: 'public', path: z.object({ poleId: poleIdSchema }), body: applicationFormSchema },
  async ({ path: { poleId }, body: form }) => {
    const now = clock().now();
    const problem = startDateProblem(form, parisDate(now));
    if (problem) throw new ValidationError([{ field: 'startDate', rule: 'not_in_past', message: problem }]);
    await getPole(poleId);
    const applicationId = applicationIdOf(poleId, form);
    await claimSiret(poleId, form.siret, applicationId, now.toISOString());
    const execution = await workflowEngine().start('member-onboarding', executionName(poleId, applicationId), {
      poleId,
      applicationId,
      form,
    });
    return json(
      202,
      {
        applicationId,
        executionArn: execution.executionArn,
        message: 'Candidature reçue. Elle sera examinée par le comité de pilotage.',
      },
      { location: `/admin/applications/${applicationId}` },
    );
  },
);

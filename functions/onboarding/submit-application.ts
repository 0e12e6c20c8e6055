import * as z from 'zod';
import { applicationFormSchema, startDateProblem } from '../../domain/application.ts';
import { parisDate } from '../../domain/dates.ts';
import { ValidationError } from '../../domain/errors.ts';
import { poleIdSchema } from '../../domain/ids.ts';
import { clock } from '../../ports/clock.ts';
import { submitApplication } from '../../services/onboarding.ts';
import { httpHandler, json } from '../shared/http.ts';

/** POST /poles/{poleId}/applications — the public application form (docs/onboarding.md#the-form). */
export const handler = httpHandler(
  { auth: 'public', path: z.object({ poleId: poleIdSchema }), body: applicationFormSchema },
  async ({ path: { poleId }, body: form }) => {
    const now = clock().now();
    const today = parisDate(now);
    const problem = startDateProblem(form, today);
    if (problem)
      throw new ValidationError([
        { field: 'startDate', rule: form.startDate < today ? 'not_in_past' : 'max_years_ahead', message: problem },
      ]);
    const { applicationId, executionArn } = await submitApplication(poleId, form, now.toISOString());
    return json(
      202,
      {
        applicationId,
        executionArn,
        message: 'Candidature reçue. Elle sera examinée par le comité de pilotage.',
      },
      { location: `/admin/applications/${applicationId}` },
    );
  },
);

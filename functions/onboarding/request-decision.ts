import * as z from 'zod';
import { clock } from '../../ports/clock.ts';
import { awaitCommitteeDecision } from '../../services/onboarding.ts';
import { taskHandler } from '../common/task.ts';
import { applicationRef } from './schemas.ts';

/**
 * Workflow task (`.waitForTaskToken`): keeps the committee's task token on the application, where
 * the admin decision endpoint finds it. If the application was decided already (the execution was
 * started again after an interruption), it resumes the workflow itself with that decision.
 */
export const handler = taskHandler(
  applicationRef.extend({ taskToken: z.string().min(1) }),
  async ({ poleId, applicationId, taskToken }) => {
    const application = await awaitCommitteeDecision(poleId, applicationId, taskToken, clock().now().toISOString());
    return { status: application.status };
  },
);

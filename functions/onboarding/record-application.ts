import { getApplication } from '../../store/applications.ts';
import { logger } from '../common/logger.ts';
import { taskHandler } from '../common/task.ts';
import { applicationRef } from './schemas.ts';

/**
 * Workflow task, the first: the application recorded at its confirmation (form and committee dates),
 * read back by its keys, since the execution carries no form (docs/rules.md#personal-data). A
 * missing application fails the execution here, before anything is decided.
 */
export const handler = taskHandler(applicationRef, async ({ poleId, applicationId }) => {
  const application = await getApplication(poleId, applicationId);
  logger.info('application recorded', { poleId, applicationId, status: application.status });
  return { status: application.status };
});

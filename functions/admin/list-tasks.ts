import { pendingTasks } from '../../services/tasks.ts';
import { httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/** GET /admin/tasks — what waits for a person in the admin's pôle, each with its approve/reject actions. */
export const handler = httpHandler(ADMIN_ROUTES.ListTasks, async ({ admin }) => {
  const tasks = await pendingTasks(admin.poleId);
  return { tasks, count: tasks.length };
});

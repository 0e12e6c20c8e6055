import { WORKFLOW_NAMES } from '../../workflows/names.ts';
import { htmlPage } from '../shared/html.ts';
import { httpHandler } from '../shared/http.ts';
import { adminPage } from './admin-page.html.ts';
import { ADMIN_ROUTES } from './schemas.ts';

// The same document for everyone: rendered once per cold start.
const PAGE = htmlPage(adminPage(WORKFLOW_NAMES));

/**
 * GET /admin — the admins' web page. Public, as it holds no data: the page asks for the admin's
 * token and calls the admin API (JWT-protected in AWS) with it.
 */
export const handler = httpHandler(ADMIN_ROUTES.AdminPage, async () => PAGE);

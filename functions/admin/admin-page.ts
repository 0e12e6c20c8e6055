import { WORKFLOW_NAMES } from '../../workflows/names.ts';
import { htmlPage } from '../shared/html.ts';
import { httpHandler } from '../shared/http.ts';
import { adminPage } from './admin-page.html.ts';

// The same document for everyone: rendered once per cold start.
const PAGE = htmlPage(adminPage(WORKFLOW_NAMES));

/**
 * GET /admin — the admins' web page. Public, as it holds no data: the page asks for the admin's
 * token and calls the admin API (JWT-protected in AWS) with it.
 */
export const handler = httpHandler({ auth: 'public' }, async () => PAGE);

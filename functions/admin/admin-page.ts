import { WORKFLOW_NAMES } from '../../workflows/catalog.ts';
import { httpHandler } from '../shared/http.ts';
import { ADMIN_PAGE_HEADERS, adminPageHtml } from './admin-page.html.ts';

// The same document for everyone: rendered once per cold start.
const PAGE = adminPageHtml(WORKFLOW_NAMES);

/**
 * GET /admin — the admins' web page. Public, as it holds no data: the page asks for the admin's
 * token and calls the admin API (JWT-protected in AWS) with it. Security headers pin its script.
 */
export const handler = httpHandler({ auth: 'public' }, async () => ({ statusCode: 200, headers: ADMIN_PAGE_HEADERS, body: PAGE }));

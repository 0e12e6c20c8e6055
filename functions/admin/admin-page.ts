import files from '#back-office/page' with { type: 'json' };
import { htmlPage } from '../shared/html.ts';
import { httpHandler } from '../shared/http.ts';
import { backOfficePage } from './admin-page.html.ts';
import { ADMIN_ROUTES } from './schemas.ts';

// The same document for everyone: rendered once per cold start.
const PAGE = htmlPage(backOfficePage(files));

/**
 * GET /admin — the staff's back-office (web/): a page that loads the built script and style sheet
 * (GET /admin/assets/{file}) and holds no data. Public, as the script asks for the admin's
 * sign-in and calls the admin API (JWT-protected in AWS) with it.
 */
export const handler = httpHandler(ADMIN_ROUTES.AdminPage, async () => PAGE);

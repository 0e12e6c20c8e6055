import { WORKFLOW_NAMES } from '../../workflows/names.ts';
import { htmlPage } from '../shared/html.ts';
import { type HttpResult, httpHandler } from '../shared/http.ts';
import { signInSettings } from '../shared/sign-in-script.ts';
import { adminPage } from './admin-page.html.ts';
import { ADMIN_ROUTES } from './schemas.ts';

// The same document for everyone: rendered on the first request of a cold start, with its sign-in.
let page: HttpResult | undefined;

/**
 * GET /admin — the admins' web page. Public, as it holds no data: the page signs the admin in
 * (Cognito's managed login in AWS, the configured token locally) and calls the admin API with the token.
 */
export const handler = httpHandler(ADMIN_ROUTES.AdminPage, async () => {
  page ??= htmlPage(adminPage(WORKFLOW_NAMES, signInSettings()));
  return page;
});

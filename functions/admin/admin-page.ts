import files from '#back-office/page' with { type: 'json' };
import { htmlPage } from '../common/html.ts';
import { type HttpResult, httpHandler } from '../common/http.ts';
import { signInSettings } from '../common/sign-in-script.ts';
import { backOfficePage } from './admin-page.html.ts';
import { ADMIN_ROUTES } from './schemas.ts';

// The same document for everyone: rendered on the first request of a cold start, with its sign-in.
let page: HttpResult | undefined;

/**
 * GET /admin — the staff's back-office (web/): a page that loads the built script and style sheet
 * (GET /admin/assets/{file}) and holds no data. Public, as the page signs the admin in (Cognito's
 * managed login in AWS, the configured token locally) and calls the admin API with the token.
 */
export const handler = httpHandler(ADMIN_ROUTES.AdminPage, async () => {
  page ??= htmlPage(backOfficePage(files, signInSettings()));
  return page;
});

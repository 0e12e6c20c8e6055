import { htmlPage } from '../common/html.ts';
import { type HttpResult, httpHandler } from '../common/http.ts';
import { signInSettings } from '../common/sign-in-script.ts';
import { reportPage } from './campaign-report-page.html.ts';
import { GTEC_ROUTES } from './schemas.ts';

// The same document for every campaign: rendered on the first request of a cold start, with its sign-in.
let page: HttpResult | undefined;

/** GET /admin/campaigns/{campaignId}/report — the French results page with charts (public: it holds no data; staff sign in on it). */
export const handler = httpHandler(GTEC_ROUTES.CampaignReportPage, async () => {
  page ??= htmlPage(reportPage(signInSettings()));
  return page;
});

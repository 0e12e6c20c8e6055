import { htmlPage } from '../shared/html.ts';
import { httpHandler } from '../shared/http.ts';
import { REPORT_PAGE } from './campaign-report-page.html.ts';
import { GTEC_ROUTES } from './schemas.ts';

const PAGE = htmlPage(REPORT_PAGE);

/** GET /admin/campaigns/{campaignId}/report — the French results page with charts (public: it holds no data). */
export const handler = httpHandler(GTEC_ROUTES.CampaignReportPage, async () => PAGE);

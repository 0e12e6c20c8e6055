import * as z from 'zod';
import { httpHandler } from '../shared/http.ts';
import { REPORT_PAGE_HEADERS, REPORT_PAGE_HTML } from './campaign-report-page.html.ts';

/** GET /admin/campaigns/{campaignId}/report — the French results page with charts (public: it holds no data). */
export const handler = httpHandler({ auth: 'public', path: z.object({ campaignId: z.string().min(1).max(60) }) }, async () => ({
  statusCode: 200,
  headers: REPORT_PAGE_HEADERS,
  body: REPORT_PAGE_HTML,
}));

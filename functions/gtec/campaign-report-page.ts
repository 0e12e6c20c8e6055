import * as z from 'zod';
import { campaignIdSchema } from '../../domain/ids.ts';
import { htmlPage } from '../shared/html.ts';
import { type HttpResult, httpHandler } from '../shared/http.ts';
import { signInSettings } from '../shared/sign-in-script.ts';
import { reportPage } from './campaign-report-page.html.ts';

// The same document for every campaign: rendered on the first request of a cold start, with its sign-in.
let page: HttpResult | undefined;

/** GET /admin/campaigns/{campaignId}/report — the French results page with charts (public: it holds no data; staff sign in on it). */
export const handler = httpHandler({ auth: 'public', path: z.object({ campaignId: campaignIdSchema }) }, async () => {
  page ??= htmlPage(reportPage(signInSettings()));
  return page;
});

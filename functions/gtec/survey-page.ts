import { httpHandler } from '../shared/http.ts';
import { surveyPath } from './schemas.ts';
import { SURVEY_PAGE_HEADERS, SURVEY_PAGE_HTML } from './survey-page.html.ts';

/** GET /survey/{token}/page — the French answer page a company opens from its mail (it holds no data). */
export const handler = httpHandler({ auth: 'public', path: surveyPath }, async () => ({
  statusCode: 200,
  headers: SURVEY_PAGE_HEADERS,
  body: SURVEY_PAGE_HTML,
}));

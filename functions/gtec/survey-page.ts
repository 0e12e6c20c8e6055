import { htmlPage } from '../common/html.ts';
import { httpHandler } from '../common/http.ts';
import { GTEC_ROUTES } from './schemas.ts';
import { SURVEY_PAGE } from './survey-page.html.ts';

const PAGE = htmlPage(SURVEY_PAGE);

/** GET /survey/{token}/page — the French answer page a company opens from its mail (it holds no data). */
export const handler = httpHandler(GTEC_ROUTES.SurveyPage, async () => PAGE);

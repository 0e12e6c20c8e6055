import { ROUTES } from '../catalog.ts';
import { htmlPage } from '../common/html.ts';
import { httpHandler } from '../common/http.ts';
import { apiDocument } from '../common/openapi.ts';
import { referencePage } from './api-reference-page.html.ts';
import { API_ROUTES, ROUTE_CONTRACTS } from './schemas.ts';

// The same document for everyone, rendered once per cold start from the OpenAPI document.
const PAGE = htmlPage(referencePage(apiDocument(ROUTES, ROUTE_CONTRACTS)));

/** GET /api-docs — the API reference in French, read from the OpenAPI document (no script, nothing from elsewhere). */
export const handler = httpHandler(API_ROUTES.ApiReferencePage, async () => PAGE);

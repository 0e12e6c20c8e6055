import { ROUTES } from '../catalog.ts';
import { httpHandler } from '../common/http.ts';
import { apiDocument } from '../common/openapi.ts';
import { API_ROUTES, ROUTE_CONTRACTS } from './schemas.ts';

// Built once per cold start, from the catalog and the contracts the handlers validate with.
const BODY = JSON.stringify(apiDocument(ROUTES, ROUTE_CONTRACTS));

/** GET /openapi.json — the API's OpenAPI 3.1 document (public: integrating the application form needs it). */
export const handler = httpHandler(API_ROUTES.ApiDocument, async () => ({
  statusCode: 200,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'public, max-age=300',
    'x-content-type-options': 'nosniff',
  },
  body: BODY,
}));

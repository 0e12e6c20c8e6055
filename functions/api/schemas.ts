import * as z from 'zod';
import { ADMIN_ROUTES } from '../admin/schemas.ts';
import type { FunctionId } from '../catalog.ts';
import { type RouteContract, route } from '../common/contract.ts';
import { GTEC_ROUTES } from '../gtec/schemas.ts';
import { ONBOARDING_ROUTES } from '../onboarding/schemas.ts';

const TAG = 'Documentation';

/** The routes that describe the API. */
export const API_ROUTES = {
  ApiDocument: route({
    auth: 'public',
    tag: TAG,
    summary: 'Ce document : la description OpenAPI 3.1 de l’API',
    responses: {
      200: { description: 'Le document OpenAPI 3.1 (JSON).', json: z.record(z.string(), z.unknown()).meta({ title: 'OpenAPI 3.1' }) },
    },
  }),
  ApiReferencePage: route({
    auth: 'public',
    tag: TAG,
    summary: 'La référence de l’API, lisible dans un navigateur',
    responses: { 200: { description: 'La page.', html: 'Chaque route, ses paramètres, son corps et ses réponses, en français.' } },
  }),
};

/**
 * Every route's contract, by the id of the function that serves it: what `httpHandler` enforces
 * in each entry, and what the OpenAPI document says (tests/unit/openapi.test.ts checks both ways).
 */
export const ROUTE_CONTRACTS: Partial<Record<FunctionId, RouteContract>> = {
  ...ONBOARDING_ROUTES,
  ...ADMIN_ROUTES,
  ...GTEC_ROUTES,
  ...API_ROUTES,
};

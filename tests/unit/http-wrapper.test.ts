import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import * as z from 'zod';
import { ConflictError, TooSoonError } from '../../domain/errors.ts';
import { handler as getApplication } from '../../functions/admin/get-application.ts';
import { type Admin, type HttpResult, httpHandler, json, rawBody } from '../../functions/common/http.ts';
import { logger } from '../../functions/common/logger.ts';
import { publicBaseUrl, resetConfig } from '../../ports/config.ts';
import { ADMIN_CLAIMS, apiEvent, type EventInit, lambdaContext } from '../support/events.ts';

const body = (result: HttpResult) => JSON.parse(result.body ?? 'null');
const call = (
  handler: (event: ReturnType<typeof apiEvent>, context: ReturnType<typeof lambdaContext>) => Promise<HttpResult>,
  init: EventInit,
) => handler(apiEvent(init), lambdaContext());

const named = (name: string) => Object.assign(new Error(`${name} (from the SDK)`), { name });

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  errors = vi.spyOn(logger, 'error');
});
afterEach(() => {
  vi.restoreAllMocks();
  resetConfig();
});

describe('httpHandler: authentication', () => {
  const seen = vi.fn();
  const adminRoute = httpHandler({ auth: 'admin' }, async ({ admin }) => {
    seen(admin);
    return { poleId: admin.poleId };
  });

  it('answers 401 to an admin route without the authorizer’s claims, and never runs the handler', async () => {
    seen.mockClear();
    const claimSets: (Record<string, string> | undefined)[] = [
      undefined,
      { sub: 'x' },
      { 'custom:pole': 'pole-sud-aquitain' },
      { ...ADMIN_CLAIMS, 'custom:pole': '' },
    ];
    for (const claims of claimSets) {
      const result = await call(adminRoute, { claims });
      expect(result.statusCode).toBe(401);
      expect(body(result).error.code).toBe('UNAUTHENTICATED');
    }
    expect(seen).not.toHaveBeenCalled();
  });

  it('hands the admin (pôle and subject) to the handler, typed: no `admin!` on an admin route, none on a public one', async () => {
    const result = await call(adminRoute, { claims: ADMIN_CLAIMS });
    expect(result.statusCode).toBe(200);
    expect(seen).toHaveBeenCalledWith({ poleId: 'pole-sud-aquitain', subject: 'animation@pole-sud-aquitain.fr' });
    const publicRoute = httpHandler({ auth: 'public' }, async ({ admin }) => {
      expectTypeOf(admin).toEqualTypeOf<undefined>();
      // @ts-expect-error — a public route has no admin
      return { pole: admin.poleId };
    });
    expect((await call(publicRoute, { claims: ADMIN_CLAIMS })).statusCode).toBe(500); // reading it would crash, hence the type
    httpHandler({ auth: 'admin' }, async ({ admin }) => {
      expectTypeOf(admin).toEqualTypeOf<Admin>();
      return {};
    });
  });
});

describe('httpHandler: input', () => {
  const route = httpHandler(
    {
      auth: 'public',
      path: z.object({ poleId: z.string().regex(/^[a-z-]+$/) }),
      query: z.strictObject({ limit: z.coerce.number().int().max(10).optional() }),
      body: z.strictObject({ name: z.string().min(1), count: z.number().int() }),
    },
    async ({ path, query, body }) => ({ path, query, body }),
  );
  const ok = { route: '/poles/{poleId}', method: 'POST', pathParameters: { poleId: 'pole-sud-aquitain' } };

  it('parses and validates body, path and query, and answers a plain object as 200 JSON', async () => {
    const result = await call(route, { ...ok, queryStringParameters: { limit: '3' }, body: { name: 'Atelier', count: 2 } });
    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8' });
    expect(body(result)).toEqual({ path: { poleId: 'pole-sud-aquitain' }, query: { limit: 3 }, body: { name: 'Atelier', count: 2 } });
  });

  it('reads a base64-encoded body', async () => {
    const text = Buffer.from(JSON.stringify({ name: 'Forgé', count: 1 })).toString('base64');
    const result = await call(route, { ...ok, body: text, isBase64Encoded: true, headers: { 'content-type': 'application/json' } });
    expect(body(result).body).toEqual({ name: 'Forgé', count: 1 });
  });

  it('answers 415 to a body that is not JSON, naming the content-type', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', '']) {
      const result = await call(route, { ...ok, body: 'name=Atelier', headers: { 'content-type': contentType } });
      expect(result.statusCode).toBe(415);
      expect(body(result).error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type' });
    }
  });

  it('a route that reads its body as text (CSV imports) names the media types it takes in its 415', async () => {
    const importing = httpHandler({ auth: 'public' }, async ({ event }) => rawBody(event, ['text/csv', 'application/json']));
    const refused = await call(importing, { method: 'POST', body: '<xml/>', headers: { 'content-type': 'application/xml' } });
    expect(refused.statusCode).toBe(415);
    expect(body(refused).error.message).toBe('Le corps de la requête doit être un fichier CSV (text/csv) ou du JSON (application/json).');
    const csv = await call(importing, { method: 'POST', body: 'siret;nom\n', headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(body(csv)).toEqual({ contentType: 'text/csv', text: 'siret;nom\n' });
  });

  it('answers 400 to malformed JSON and to an empty body', async () => {
    const bad = await call(route, { ...ok, body: '{"name": ', headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(bad.statusCode).toBe(400);
    expect(body(bad).error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ field: '(body)', rule: 'json' }] });
    const empty = await call(route, { ...ok, headers: { 'content-type': 'application/json' } });
    expect(body(empty).error.issues).toEqual([expect.objectContaining({ field: '(body)', rule: 'required' })]);
  });

  it('answers 400 naming each field and rule of a failing schema, in the body, the path and the query', async () => {
    const result = await call(route, {
      ...ok,
      pathParameters: { poleId: 'Pôle!' },
      queryStringParameters: { limit: '50', extra: '1' },
      body: { name: '', count: 1.5, colour: 'bleu' },
    });
    expect(result.statusCode).toBe(400);
    const issues = body(result).error.issues.map(({ field, rule }: { field: string; rule: string }) => `${field} ${rule}`);
    expect(issues).toEqual(['path.poleId format:regex']); // the path is checked first: nothing else is read
    const inQuery = await call(route, { ...ok, queryStringParameters: { limit: '50', extra: '1' }, body: { name: 'A', count: 1 } });
    expect(
      body(inQuery)
        .error.issues.map((i: { field: string; rule: string }) => `${i.field} ${i.rule}`)
        .sort(),
    ).toEqual(['query.extra unknown_field', 'query.limit max']);
    const inBody = await call(route, { ...ok, body: { name: '', count: 1.5, colour: 'bleu' } });
    expect(
      body(inBody)
        .error.issues.map((i: { field: string; rule: string }) => `${i.field} ${i.rule}`)
        .sort(),
    ).toEqual(['colour unknown_field', 'count type:int', 'name min_length']);
  });
});

describe('httpHandler: errors', () => {
  const throwing = (error: unknown) =>
    httpHandler({ auth: 'public' }, async () => {
      throw error;
    });

  it('passes a structured result through untouched', async () => {
    const result = await call(
      httpHandler({ auth: 'public' }, async () => json(202, { started: true }, { location: '/x' })),
      {},
    );
    expect(result).toMatchObject({ statusCode: 202, headers: { location: '/x' } });
    expect(body(result)).toEqual({ started: true });
  });

  it('maps a typed error to its status (409) with its code and French message', async () => {
    const result = await call(throwing(new ConflictError('SIRET_PENDING', 'Une candidature est déjà en cours.', { siret: '1' })), {});
    expect(result.statusCode).toBe(409);
    expect(body(result).error).toEqual({ code: 'SIRET_PENDING', message: 'Une candidature est déjà en cours.', siret: '1' });
  });

  it('answers 429 with Retry-After to a request that came again too soon (TooSoonError)', async () => {
    const result = await call(throwing(new TooSoonError('Patientez quelques secondes.', 4)), {});
    expect(result.statusCode).toBe(429);
    expect(result.headers).toMatchObject({ 'retry-after': '4' });
    expect(body(result).error).toMatchObject({ code: 'TOO_SOON', retryAfterS: 4 });
  });

  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'TooManyRequestsException'])(
    'answers 503 with Retry-After when AWS throttles (%s): not the caller’s fault, worth retrying',
    async (name) => {
      const result = await call(throwing(named(name)), {});
      expect(result.statusCode).toBe(503);
      expect(result.headers).toMatchObject({ 'retry-after': '2' });
      expect(body(result).error.code).toBe('BUSY');
      expect(errors).not.toHaveBeenCalled();
    },
  );

  it('answers 500 INTERNAL to anything unexpected, logs it, and tells the caller nothing of it', async () => {
    const result = await call(throwing(new TypeError('Cannot read properties of undefined (reading "secret")')), {});
    expect(result.statusCode).toBe(500);
    expect(body(result)).toEqual({ error: { code: 'INTERNAL', message: expect.stringMatching(/^Erreur interne/) } });
    expect(result.body).not.toContain('secret');
    expect(errors).toHaveBeenCalledWith('unexpected error', {
      error: expect.objectContaining({ name: 'TypeError', message: expect.stringContaining('secret') }),
    });
  });
});

describe('httpHandler: a bad environment is a server fault', () => {
  const usesBaseUrl = httpHandler({ auth: 'public' }, async () => ({ url: publicBaseUrl() }));

  it('answers 500, not 400, logging which variable is wrong without naming it to the caller', async () => {
    vi.stubEnv('PUBLIC_BASE_URL', 'pas une adresse');
    const result = await call(usesBaseUrl, {});
    expect(result.statusCode).toBe(500);
    expect(body(result).error.code).toBe('INTERNAL');
    expect(result.body).not.toMatch(/PUBLIC_BASE_URL|env/);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(JSON.stringify(errors.mock.calls[0])).toContain('PUBLIC_BASE_URL');
    vi.unstubAllEnvs();
  });

  it('a real handler whose table is not configured answers 500 and logs TABLE_NAME, before any request to DynamoDB', async () => {
    vi.stubEnv('TABLE_NAME', undefined);
    const result = await getApplication(
      apiEvent({
        route: '/admin/applications/{applicationId}',
        pathParameters: { applicationId: 'app-73282932000074-0123456789' },
        claims: ADMIN_CLAIMS,
      }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toContain('TABLE_NAME');
    expect(JSON.stringify(errors.mock.calls)).toContain('TABLE_NAME');
    vi.unstubAllEnvs();
  });

  it('reads each concern once: the value is kept until the configuration is reset', async () => {
    vi.stubEnv('PUBLIC_BASE_URL', 'https://pole.example.fr/');
    expect(body(await call(usesBaseUrl, {}))).toEqual({ url: 'https://pole.example.fr' });
    vi.stubEnv('PUBLIC_BASE_URL', 'https://autre.example.fr');
    expect(body(await call(usesBaseUrl, {}))).toEqual({ url: 'https://pole.example.fr' });
    resetConfig();
    expect(body(await call(usesBaseUrl, {}))).toEqual({ url: 'https://autre.example.fr' });
    vi.unstubAllEnvs();
  });
});

import { gzipSync } from 'node:zlib';
import assets from '#back-office/assets' with { type: 'json' };
import { HttpError, httpHandler } from '../common/http.ts';
import { ADMIN_ROUTES } from './schemas.ts';

/** A built file's name: content-hashed, so it may be cached for a year and never revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

// API Gateway's HTTP API does not compress: each file gzipped once per cold start (the script: ~97 KB, ~36 KB gzipped).
const gzipped = new Map<string, string>();
const gzipOf = (file: string, body: string): string => {
  const known = gzipped.get(file);
  if (known !== undefined) return known;
  const base64 = gzipSync(body, { level: 9 }).toString('base64');
  gzipped.set(file, base64);
  return base64;
};

/**
 * GET /admin/assets/{file} — the back-office's script and style sheet, from the build that web/build.ts
 * made when the stack was synthesized or the embedded runtime started (bundled into this function
 * as a JSON module); gzipped for a browser that accepts it. Public, as the files hold no data, like
 * the page that loads them.
 */
export const handler = httpHandler(ADMIN_ROUTES.BackOfficeAsset, async ({ path: { file }, event }) => {
  const asset = Object.hasOwn(assets, file) ? assets[file] : undefined;
  if (!asset) throw new HttpError(404, 'NOT_FOUND', 'Fichier introuvable.', { field: 'file' });
  const headers = {
    'content-type': asset.contentType,
    'cache-control': IMMUTABLE,
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
  };
  if (!/\bgzip\b/i.test(event.headers?.['accept-encoding'] ?? '')) return { statusCode: 200, headers, body: asset.body };
  return {
    statusCode: 200,
    headers: { ...headers, 'content-encoding': 'gzip' },
    body: gzipOf(file, asset.body),
    isBase64Encoded: true,
  };
});

import * as z from 'zod';
import assets from '#back-office/assets' with { type: 'json' };
import { HttpError, httpHandler } from '../shared/http.ts';

/** A built file's name: content-hashed, so it may be cached for a year and never revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * GET /admin/assets/{file} — the back-office's script and style sheet, from the build that web/build.ts
 * made when the stack was synthesized or the embedded runtime started (bundled into this function
 * as a JSON module). Public, as the files hold no data, like the page that loads them.
 */
export const handler = httpHandler(
  { auth: 'public', path: z.object({ file: z.string().regex(/^[\w.-]{1,100}$/) }) },
  async ({ path: { file } }) => {
    const asset = Object.hasOwn(assets, file) ? assets[file] : undefined;
    if (!asset) throw new HttpError(404, 'NOT_FOUND', 'Fichier introuvable.', { field: 'file' });
    return {
      statusCode: 200,
      headers: { 'content-type': asset.contentType, 'cache-control': IMMUTABLE, 'x-content-type-options': 'nosniff' },
      body: asset.body,
    };
  },
);

/**
 * Generated hostile requests over every route of the catalog, shared by the hostile-input test and
 * `npm run bench` (bench/hostile.ts): wrong types, huge strings, bad JSON, bad charsets, path
 * traversal, formula cells, control and bidi characters, oversized lists, missing or invalid tokens.
 * None of them may get a 5xx, and none may write anything.
 */
import fc from 'fast-check';
import { MAX_FILTER_VALUES } from '../../domain/limits.ts';
import { ROUTES, type RouteSpec } from '../../functions/catalog.ts';
import { DEMO_ADMIN } from '../../local/runtime.ts';

const DEMO_ADMIN_TOKEN = DEMO_ADMIN.token;

/** Strings that have broken parsers elsewhere: injections, odd unicode, separators, formulas, huge ones. */
export const nasty = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    "' OR 1=1 --",
    '"; DROP TABLE x; --',
    '<script>alert(1)</script>',
    '${jndi:ldap://x}',
    '../../etc/passwd',
    '..%2f..%2fetc%2fpasswd',
    '%00',
    '\u0000',
    '\u202e\u200b\ufeff',
    'Structure\u202Egpj.exe',
    'a\r\nSet-Cookie: x=1',
    '=HYPERLINK("http://evil.example","x")',
    "+1+cmd|' /C calc'!A0",
    '-2+3',
    '@SUM(A1:A9)',
    '\t=1+1',
    '🏢🇫🇷',
    'NaN',
    '-0',
    '1e309',
    '__proto__',
    'constructor',
    'toString',
    'app-00000000000000-0000000000',
    '2026-Q5',
    'ROW#1',
    'POLE#autre-pole',
    '73282932000074',
    '35600000000048',
  ),
  fc.nat({ max: 3 }).map((n) => 'x'.repeat(10 ** (n + 2))),
);

/** A request body: bytes (or none) and the content type it claims. */
export interface HostileBody {
  payload: string | Buffer;
  contentType: string;
}

const json = (v: unknown): string => JSON.stringify(v);

/** Bodies: random JSON, deep nesting, near-valid shapes with hostile values, oversized lists, CSV with formulas, Latin-1 bytes, non-JSON text. */
const payload: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map(json),
  fc.nat({ max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc
    .record({
      structureName: nasty,
      siret: nasty,
      decision: nasty,
      reason: nasty,
      leaveDate: nasty,
      title: nasty,
      requestedAreaM2: fc.oneof(fc.double(), fc.bigInt().map(String)),
      fte: fc.constantFrom(0.30000000000000004, -1, 1e308, '1'),
      startDate: fc.constantFrom('9999-12-31', '0000-00-00', '2026-02-30', ''),
    })
    .map(json),
  // Lists past their limit: a campaign filter of thousands of communes, rows of a quarter's inputs.
  fc
    .nat({ max: 20 * MAX_FILTER_VALUES })
    .map((n) => json({ title: 'x', filters: { communes: Array.from({ length: n }, (_, i) => `C${i}`) } })),
  fc.nat({ max: 5000 }).map((n) => json(Array.from({ length: n }, () => ({ category: '=1+1', key: 'EQUAL', amountCents: 1 })))),
  // CSV: formula cells, odd headers, duplicated columns, blank lines.
  fc
    .tuple(
      fc.constantFrom('siret,name,email', 'constructor,toString', 'siret,siret', ''),
      fc.array(nasty, { maxLength: 20 }),
      fc.nat({ max: 5000 }),
    )
    .map(([header, cells, blanks]) => `${header}\n${cells.map((c) => `${c},${c},${c}`).join('\n')}${'\n'.repeat(blanks)}`),
  // « Bâtiment » in Latin-1: not UTF-8.
  nasty.map((s) => Buffer.from(json({ structureName: `B\u00e2timent ${s.slice(0, 100)}` }), 'latin1')),
  nasty,
);

/** Content types, with and without charsets, some of them nonsense. */
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=iso-8859-1',
  'application/json; charset=klingon',
  'text/csv',
  'text/csv; charset=windows-1252',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
);

/** The Authorization header: the right token, none, or a wrong one. */
const authorization = fc.constantFrom<string | undefined>(
  `Bearer ${DEMO_ADMIN_TOKEN}`,
  `Bearer ${DEMO_ADMIN_TOKEN}`,
  undefined,
  'Bearer ',
  'Bearer wrong-token',
  `Basic ${Buffer.from(`admin:${DEMO_ADMIN_TOKEN}`).toString('base64')}`,
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  `bearer ${DEMO_ADMIN_TOKEN}x`,
);

const segment = nasty.map((s) => encodeURIComponent(s.slice(0, 300)) || 'x');

/** One generated request against one route of the catalog. */
export interface HostileRequest {
  route: RouteSpec;
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

/** A hostile request on any route: path parameters, query, headers and body all generated. */
export const hostileRequest: fc.Arbitrary<HostileRequest> = fc
  .record({
    route: fc.constantFrom(...ROUTES),
    params: fc.array(segment, { minLength: 3, maxLength: 3 }),
    query: fc.option(fc.dictionary(fc.constantFrom('limit', 'next', 'status', 'poleId', '__proto__'), segment, { maxKeys: 3 }), {
      nil: undefined,
    }),
    body: fc.record({ payload, contentType }),
    authorization,
  })
  .map(({ route, params, query, body, authorization }) => {
    let i = 0;
    const path = route.path.replace(/\{[^}]+\}/g, () => params[i++]!);
    const search =
      query && Object.keys(query).length > 0
        ? `?${Object.entries(query)
            .map(([k, v]) => `${k}=${v}`)
            .join('&')}`
        : '';
    const headers: Record<string, string> = {
      ...(authorization && { authorization }),
      ...(body.contentType && { 'content-type': body.contentType }),
    };
    return { route, path: `${path}${search}`, method: route.method, headers, ...(route.method !== 'GET' && { body: body.payload }) };
  });

/** Sends one generated request; returns its status, content type and body text. */
export async function sendHostile(baseUrl: string, req: HostileRequest): Promise<{ status: number; contentType: string; text: string }> {
  const res = await fetch(`${baseUrl}${req.path}`, { method: req.method, headers: req.headers, body: req.body });
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', text: await res.text() };
}

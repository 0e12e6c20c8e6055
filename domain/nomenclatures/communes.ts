import { brotliDecompressSync } from 'node:zlib';
import { clip, fold, withoutSpaces } from '../text.ts';
import { COMMUNES_BROTLI_BASE64, DEPARTEMENTS } from './communes-data.ts';

/**
 * French communes by their INSEE code (Code officiel géographique). A company keeps its commune's
 * code, so that filters and results never depend on how a file spelt the name; pages show the
 * name. Files name a commune by its code, its name (any case, with or without accents or hyphens,
 * `ST`/`STE` for Saint/Sainte, a trailing `CEDEX`), its postal code, or a name and a postal code.
 */
export interface Commune {
  /** INSEE code: 5 characters, `2A`/`2B` in Corsica. */
  code: string;
  name: string;
  postalCodes: string[];
}

let lines: string[] | undefined;
let byName: Map<string, number[]> | undefined;
let byPostalCode: Map<string, number[]> | undefined;
let departements: Map<string, string> | undefined;

/** The communes' lines, inflated from the generated module (pure computation, no I/O). */
export const communeLines = (): string => brotliDecompressSync(Buffer.from(COMMUNES_BROTLI_BASE64, 'base64')).toString('utf8');

// Built on first use, and only what a lookup needs: the lines sorted by code (a code is found by
// binary search, with no index), then a map from folded name, or from postal code, to line numbers.
// A cold start that needs no commune pays nothing; the first name lookup pays for folding 35,000
// names, not for 35,000 objects.
const sorted = (): string[] => (lines ??= communeLines().split('\n'));
const field = (line: string, n: 1 | 2): string => line.split('|', 3)[n] ?? '';
const names = () => (byName ??= indexBy((line) => [fold(field(line, 1))]));
const postalCodes = () => (byPostalCode ??= indexBy((line) => field(line, 2).split(' ').filter(Boolean)));

function indexBy(keysOf: (line: string) => string[]): Map<string, number[]> {
  const map = new Map<string, number[]>();
  sorted().forEach((line, i) => {
    for (const key of keysOf(line)) {
      const group = map.get(key);
      if (group) group.push(i);
      else map.set(key, [i]);
    }
  });
  return map;
}

const communeAt = (i: number): Commune => {
  const [code, name, postal] = sorted()[i]!.split('|') as [string, string, string];
  return { code, name, postalCodes: postal ? postal.split(' ') : [] };
};

function byCode(code: string): Commune | undefined {
  const list = sorted();
  let [low, high] = [0, list.length - 1];
  while (low <= high) {
    const mid = (low + high) >> 1;
    const at = list[mid]!.slice(0, 5);
    if (at === code) return communeAt(mid);
    if (at < code) low = mid + 1;
    else high = mid - 1;
  }
  return undefined;
}

/** The département of a commune code: `40312` → `40`, `2A004` → `2A`, `97411` → `974`. */
export const departementOf = (communeCode: string): string => communeCode.slice(0, communeCode.startsWith('97') ? 3 : 2);

/** The name of a commune, by INSEE code, or undefined. */
export const communeName = (code: string): string | undefined => byCode(code)?.name;

/** The name of a département, by code (`40` → Landes), or undefined. */
export const departementName = (code: string): string | undefined => departementNames().get(code);

const departementNames = () => (departements ??= new Map(DEPARTEMENTS.split('\n').map((line) => line.split('|') as [string, string])));

/** What a name is compared by: `Saint-André-de-Seignanx`, `ST ANDRE DE SEIGNANX` and `Saint André de Seignanx` are one. */
export function communeKey(name: string): string {
  let text = name.trim().replace(/\s+cedex(?:\s+\d+)?$/i, '');
  const article = /^(.*?)\s*\((l['’]|le|la|les)\)$/i.exec(text); // « Havre (Le) », as some registers write it
  if (article) text = `${article[2]} ${article[1]}`;
  return fold(text)
    .split(' ')
    .map((w) => (w === 'st' ? 'saint' : w === 'ste' ? 'sainte' : w))
    .join(' ');
}

export interface CommuneQuery {
  /** INSEE code. */
  code?: string;
  /** Name, possibly followed by its département in brackets: `Saint-Barthélemy (40)`. */
  name?: string;
  postalCode?: string;
}

export type CommuneResolution = { commune: Commune } | { problem: { of: keyof CommuneQuery; rule: CommuneRule; message: string } };

export type CommuneRule =
  | 'required'
  | 'commune_code_unknown'
  | 'commune_unknown'
  | 'commune_ambiguous'
  | 'postal_code_unknown'
  | 'postal_code_ambiguous';

const problem = (of: keyof CommuneQuery, rule: CommuneRule, message: string): CommuneResolution => ({ problem: { of, rule, message } });

/** A code a spreadsheet shortened (`1001` for `01001`) gets its leading zero back. */
const fiveDigits = (code: string): string => (/^\d{4}$/.test(code) ? `0${code}` : code);

/**
 * Finds a commune. A code wins over a name. A name shared by several communes (1,500 names are)
 * is settled by the postal code, then by the département given with the name or by the postal
 * code's, then by `prefer`, the départements of the pôle's territory; otherwise it is refused,
 * listing the candidates. A postal code alone must designate one commune.
 */
export function resolveCommune(query: CommuneQuery, prefer: readonly string[] = []): CommuneResolution {
  const code = query.code && fiveDigits(withoutSpaces(query.code).toUpperCase());
  if (code) {
    const commune = byCode(code);
    return commune ? { commune } : problem('code', 'commune_code_unknown', `Code commune INSEE inconnu : « ${clip(code)} ».`);
  }
  const postalCode = query.postalCode && fiveDigits(withoutSpaces(query.postalCode));
  const given = query.name?.trim();
  if (given) {
    const withDepartement = /^(.*?)\s*\((\d{2,3}|2[AB])\)$/i.exec(given);
    const name = withDepartement ? withDepartement[1]! : given;
    const candidates = (names().get(communeKey(name)) ?? []).map(communeAt);
    if (candidates.length === 0)
      return problem(
        'name',
        'commune_unknown',
        `Commune inconnue : « ${clip(name)} ». Vérifiez l’orthographe, ou donnez le code commune INSEE.`,
      );
    const departement = withDepartement
      ? withDepartement[2]!.toUpperCase()
      : postalCode && !postalCode.startsWith('20')
        ? departementOf(postalCode)
        : undefined;
    const found = narrow(candidates, [
      (c) => !!postalCode && c.postalCodes.includes(postalCode),
      (c) => departementOf(c.code) === departement,
      (c) => prefer.includes(departementOf(c.code)),
    ]);
    if (found) return { commune: found };
    const listed = candidates
      .slice(0, 6)
      .map((c) => `${departementName(departementOf(c.code)) ?? departementOf(c.code)} (${c.code})`)
      .join(', ');
    return problem(
      'name',
      'commune_ambiguous',
      `Plusieurs communes s’appellent « ${clip(name)} » : ${listed}${candidates.length > 6 ? ' …' : ''}. ` +
        `Précisez le code postal, le département (« ${clip(name)} (40) ») ou le code commune INSEE.`,
    );
  }
  if (postalCode) {
    const candidates = (postalCodes().get(postalCode) ?? []).map(communeAt);
    if (candidates.length === 1) return { commune: candidates[0]! };
    if (candidates.length === 0)
      return problem(
        'postalCode',
        'postal_code_unknown',
        `Code postal inconnu : « ${clip(postalCode)} » (un code CEDEX ne désigne pas une commune) : indiquez aussi la commune.`,
      );
    return problem(
      'postalCode',
      'postal_code_ambiguous',
      `Le code postal ${postalCode} couvre plusieurs communes (${candidates.map((c) => c.name).join(', ')}) : indiquez aussi la commune.`,
    );
  }
  return problem('name', 'required', 'La commune est obligatoire.');
}

/** Applies each test in turn while more than one candidate remains; a test that keeps none is skipped. */
function narrow(candidates: Commune[], tests: ((c: Commune) => boolean)[]): Commune | undefined {
  let left = candidates;
  for (const test of tests) {
    if (left.length === 1) break;
    const kept = left.filter(test);
    if (kept.length > 0) left = kept;
  }
  return left.length === 1 ? left[0] : undefined;
}

/** An INSEE commune code as written in a filter or a cell: five digits, or `2A`/`2B` and three digits. */
export const isCommuneCode = (text: string): boolean => /^(?:\d{5}|2[AB]\d{3})$/i.test(text.trim());

import type { Questionnaire } from '../../domain/gtec/questionnaire.ts';
import type { Cell, PublishedResults } from '../../domain/gtec/results.ts';

/**
 * An adversary of published GTEC results: from the published output alone (and what anyone
 * knows: the questionnaire, the number of targets of each segment), it writes every relation the
 * figures obey as linear equations over unknowns (the masked figures, and the complements a share
 * or a count implies), then tries to pin each unknown down two ways:
 *  - linear algebra: an unknown is determined when its unit vector lies in the row space of the
 *    equations (exact integer elimination, rank comparison);
 *  - bounds: each unknown lies between 0 (1 for a masked cell of a table that shows any cell:
 *    zeros are shown) and its public bound (a segment's targets); the equations propagate them.
 * It returns the unknowns it could determine, with their values.
 */

interface Variable {
  name: string;
  known?: number;
  lower: number;
  upper: number;
}
/** Σ coefficient × variable = constant. */
interface Equation {
  terms: [name: string, coefficient: number][];
  constant: number;
}

const value = (c: Cell): number | undefined => ('masked' in c ? undefined : c.value);
const rate = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10);

/** Builds the system the published results imply. The questionnaire is the campaign's frozen copy. */
export function systemOf(
  results: PublishedResults,
  questionnaire: Questionnaire,
): { variables: Map<string, Variable>; equations: Equation[] } {
  const variables = new Map<string, Variable>();
  const equations: Equation[] = [];
  const variable = (name: string, known: number | undefined, lower: number, upper: number) =>
    variables.set(name, { name, known, lower: known ?? lower, upper: known ?? upper });
  const T = results.targets;
  const A = value(results.respondents);
  variable('respondents', A, 0, T);
  if (value(results.responseRate) !== undefined && A === undefined) throw new Error('a response rate is shown without its count');

  // Each breakdown adds up to the respondents; a shown rate gives its row's count (targets are public).
  for (const table of results.bySegment) {
    const someShown = table.rows.some((r) => !('masked' in r.respondents));
    for (const row of table.rows) {
      const known = value(row.respondents);
      const fromRate = value(row.responseRate);
      if (fromRate !== undefined && (known === undefined || rate(known, row.targets) !== fromRate))
        throw new Error('rate and count disagree');
      variable(`${table.dimension}:${row.key}`, known, someShown ? 1 : 0, row.targets);
    }
    if (table.rows.length > 0)
      equations.push({
        terms: [...table.rows.map((r): [string, number] => [`${table.dimension}:${r.key}`, 1]), ['respondents', -1]],
        constant: 0,
      });
  }

  // Hiring: both tables add up to the total.
  variable('hiring', value(results.hiring.total), 0, Number.POSITIVE_INFINITY);
  for (const [name, rows] of [
    ['job', results.hiring.byJobFamily],
    ['contract', results.hiring.byContractType],
  ] as const) {
    const someShown = rows.some((r) => !('masked' in r.people));
    for (const row of rows) variable(`${name}:${row.key}`, value(row.people), someShown ? 1 : 0, Number.POSITIVE_INFINITY);
    equations.push({ terms: [...rows.map((r): [string, number] => [`${name}:${r.key}`, 1]), ['hiring', -1]], constant: 0 });
  }

  // Difficulties (a required question): yes + no = respondents; a shown share with a shown count gives yes.
  const share = value(results.difficulties.share);
  if (share !== undefined && A === undefined) throw new Error('a share is shown without its base');
  const yes = share === undefined ? undefined : Array.from({ length: A! + 1 }, (_, y) => y).find((y) => rate(y, A!) === share);
  variable('difficulties:yes', yes, 0, T);
  variable('difficulties:no', yes === undefined ? undefined : A! - yes, 0, T);
  equations.push({
    terms: [
      ['difficulties:yes', 1],
      ['difficulties:no', 1],
      ['respondents', -1],
    ],
    constant: 0,
  });

  // Training needs: each theme's count and its complement among respondents.
  const training = questionnaire.questions.find((q) => q.id === 'training_needs');
  for (const o of training?.kind === 'multiple' ? training.options : []) {
    const count = results.trainingNeeds.ranked.find((t) => t.key === o.value)?.companies;
    variable(`training:${o.value}`, count, 0, T);
    variable(`training-not:${o.value}`, count === undefined || A === undefined ? undefined : A - count, 0, T);
    equations.push({
      terms: [
        [`training:${o.value}`, 1],
        [`training-not:${o.value}`, 1],
        ['respondents', -1],
      ],
      constant: 0,
    });
  }
  return { variables, equations };
}

const abs = (n: bigint) => (n < 0n ? -n : n);
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? abs(a) : gcd(b, a % b));

/** Rank of an integer matrix, by fraction-free elimination (exact). */
export function rank(matrix: readonly (readonly number[])[]): number {
  const rows = matrix.map((r) => r.map(BigInt));
  const width = rows[0]?.length ?? 0;
  let r = 0;
  for (let col = 0; col < width && r < rows.length; col++) {
    const pivot = rows.findIndex((row, i) => i >= r && row[col] !== 0n);
    if (pivot < 0) continue;
    [rows[r], rows[pivot]] = [rows[pivot]!, rows[r]!];
    const p = rows[r]!;
    for (let i = 0; i < rows.length; i++) {
      if (i === r || rows[i]![col] === 0n) continue;
      const f = rows[i]![col]!;
      const next = rows[i]!.map((x, j) => x * p[col]! - p[j]! * f);
      const g = next.reduce(gcd, 0n) || 1n;
      rows[i] = next.map((x) => x / g);
    }
    r++;
  }
  return r;
}

/** The unknowns the adversary pins down, with how: by the linear system alone, or with the bounds. */
export function derive(results: PublishedResults, questionnaire: Questionnaire): Map<string, { by: 'linear' | 'bounds'; value?: number }> {
  const { variables, equations } = systemOf(results, questionnaire);
  const unknowns = [...variables.values()].filter((v) => v.known === undefined).map((v) => v.name);
  const column = new Map(unknowns.map((name, i) => [name, i]));
  const matrix = equations
    .map((e) => {
      const row = unknowns.map(() => 0);
      for (const [name, c] of e.terms) if (column.has(name)) row[column.get(name)!]! += c;
      return row;
    })
    .filter((row) => row.some((x) => x !== 0));
  const found = new Map<string, { by: 'linear' | 'bounds'; value?: number }>();
  const base = rank(matrix);
  unknowns.forEach((name, i) => {
    const unit = unknowns.map((_, j) => (j === i ? 1 : 0));
    if (rank([...matrix, unit]) === base) found.set(name, { by: 'linear' });
  });

  // Bounds: each equation narrows each of its unknowns from the others' bounds, to a fixed point.
  const bounds = new Map([...variables.values()].map((v) => [v.name, { lower: v.lower, upper: v.upper }]));
  for (let changed = true, rounds = 0; changed && rounds < 1000; rounds++) {
    changed = false;
    for (const e of equations) {
      for (const [name, c] of e.terms) {
        let low = 0;
        let high = 0;
        for (const [other, d] of e.terms) {
          if (other === name) continue;
          const b = bounds.get(other)!;
          low += d > 0 ? d * b.lower : d * b.upper;
          high += d > 0 ? d * b.upper : d * b.lower;
        }
        // c × x = constant − others
        const [from, to] = c > 0 ? [(e.constant - high) / c, (e.constant - low) / c] : [(e.constant - low) / c, (e.constant - high) / c];
        const b = bounds.get(name)!;
        const lower = Math.max(b.lower, Math.ceil(from));
        const upper = Math.min(b.upper, Math.floor(to));
        if (lower > b.lower || upper < b.upper) {
          bounds.set(name, { lower, upper });
          changed = true;
        }
      }
    }
  }
  for (const name of unknowns) {
    const b = bounds.get(name)!;
    if (b.lower === b.upper && !found.has(name)) found.set(name, { by: 'bounds', value: b.lower });
  }
  return found;
}

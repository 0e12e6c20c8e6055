import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SIZE_BANDS } from '../../domain/gtec/companies.ts';
import { coarsen, isProtected, maskTable } from '../../domain/gtec/confidentiality.ts';
import { DEFAULT_GTEC_QUESTIONNAIRE as Q } from '../../domain/gtec/default-questionnaire.ts';
import type { Answers, HiringLine } from '../../domain/gtec/questionnaire.ts';
import { type PublishedResults, publishResults, type Response, resultsCsv, type Target } from '../../domain/gtec/results.ts';
import { derive, rank, systemOf } from '../support/adversary.ts';

// A campaign as a list of companies, each with its segment and, if it answered, its answers.
interface Company extends Omit<Target, 'siret'> {
  answers?: Answers;
}
const campaign = (companies: readonly Company[]) => ({
  targets: companies.map((c, i): Target => ({ siret: `s${i}`, naf: c.naf, sizeBand: c.sizeBand, commune: c.commune })),
  responses: companies.flatMap((c, i): Response[] => (c.answers ? [{ siret: `s${i}`, answers: c.answers }] : [])),
});
const publish = (companies: readonly Company[]) => {
  const { targets, responses } = campaign(companies);
  return publishResults(Q, targets, responses);
};

const FAMILIES = Q.questions.find((q) => q.kind === 'hiring')!;
const THEMES = (Q.questions.find((q) => q.id === 'training_needs') as { options: { value: string }[] }).options.map((o) => o.value);

/**
 * The truth the adversary must not reach, computed here independently of the code under test:
 * the companies behind each figure, and the complements that shares and counts imply.
 */
function sensitive(companies: readonly Company[]): Map<string, number> {
  const out = new Map<string, number>();
  const few = (n: number) => n > 0 && n < 3;
  const respondents = companies.filter((c) => c.answers);
  const A = respondents.length;
  const yes = respondents.filter((c) => c.answers!.difficulties === 'oui').length;
  if (few(A - yes)) out.set('difficulties:no', A - yes);
  if (few(yes)) out.set('difficulties:yes', yes);
  for (const theme of THEMES) {
    const n = respondents.filter((c) => (c.answers!.training_needs as string[] | undefined)?.includes(theme)).length;
    if (few(n)) out.set(`training:${theme}`, n);
    if (few(A - n)) out.set(`training-not:${theme}`, A - n);
  }
  return out;
}

/** Every way the published output could leak: what the adversary derives, and shown figures on too few companies. */
function leaks(companies: readonly Company[], results: PublishedResults = publish(companies)): string[] {
  const found: string[] = [];
  const { variables } = systemOf(results, Q);
  const truth = sensitive(companies);
  // Masked figures (unknowns the output hides) must stay unknown, whatever the adversary does.
  for (const [name, how] of derive(results, Q)) {
    const derivedOnly = name.startsWith('difficulties:no') || name.startsWith('training-not:');
    if (!derivedOnly || truth.has(name)) found.push(`${name} derived (${how.by})`);
  }
  // Complements computed from shown figures must not rest on 1 or 2 companies.
  for (const [name, v] of variables)
    if (v.known !== undefined && truth.has(name)) found.push(`${name} = ${v.known} shown or implied, on too few companies`);
  // No shown row covers fewer than 3 targets; no shown count of companies is 1 or 2.
  for (const table of results.bySegment)
    for (const row of table.rows) {
      if (row.targets < 3) found.push(`${table.dimension}:${row.key} covers ${row.targets} targets`);
      if ('value' in row.respondents && row.respondents.value > 0 && row.respondents.value < 3)
        found.push(`${table.dimension}:${row.key} shows ${row.respondents.value} respondents`);
    }
  // Shown hiring figures rest on at least 3 companies.
  const lines = companies.flatMap((c, i) => ((c.answers?.hiring as HiringLine[] | undefined) ?? []).map((l) => ({ ...l, company: i })));
  const families = new Set(FAMILIES.kind === 'hiring' ? FAMILIES.jobFamilies.map((f) => f.value) : []);
  const behind = (pick: (l: (typeof lines)[number]) => boolean) => new Set(lines.filter(pick).map((l) => l.company)).size;
  for (const row of results.hiring.byJobFamily) {
    const n = behind((l) => (families.has(l.jobFamily) ? l.jobFamily : 'rome') === row.key);
    if ('value' in row.people && n > 0 && n < 3) found.push(`job:${row.key} shown on ${n} companies`);
  }
  for (const row of results.hiring.byContractType) {
    const n = behind((l) => l.contractType === row.key);
    if ('value' in row.people && n > 0 && n < 3) found.push(`contract:${row.key} shown on ${n} companies`);
  }
  const hiring = behind(() => true);
  if ('value' in results.hiring.total && hiring > 0 && hiring < 3) found.push(`hiring total shown on ${hiring} companies`);
  return found;
}

// Shapes of answers.
const line = (jobFamily: string, count: number, contractType: HiringLine['contractType'] = 'CDI'): HiringLine => ({
  jobFamily,
  count,
  contractType,
  horizon: '0-3M',
});
const answer = (difficulties: 'oui' | 'non', training: string[] = [], hiring: HiringLine[] = []): Answers => ({
  difficulties,
  training_needs: training,
  hiring,
});
const at = (commune: string, answers?: Answers, naf = '43.21A', sizeBand = '0-9'): Company => ({ naf, sizeBand, commune, answers });
const times = (n: number, company: Company): Company[] => Array.from({ length: n }, () => company);

describe('the adversary itself', () => {
  it('computes exact ranks', () => {
    expect(
      rank([
        [1, 1, 0],
        [0, 1, 1],
        [1, 2, 1],
      ]),
    ).toBe(2);
    expect(
      rank([
        [2, 4],
        [3, 7],
      ]),
    ).toBe(2);
    expect(rank([])).toBe(0);
  });

  // Leaky outputs, as the masking before secondary suppression published them: the adversary finds each leak.
  const base = [...times(5, at('Tarnos', answer('oui'))), at('Tarnos'), at('Ondres', answer('non')), ...times(3, at('Ondres'))];
  const reveal = (r: PublishedResults, dimension: string, key: string): PublishedResults => ({
    ...r,
    bySegment: r.bySegment.map((t) =>
      t.dimension !== dimension
        ? t
        : {
            ...t,
            rows: t.rows.map((row) => (row.key === key ? { ...row, respondents: { value: 5 }, responseRate: { value: 83.3 } } : row)),
          },
    ),
  });

  it('recomputes a masked segment from the total and the other segments (subtraction)', () => {
    const published = publish(base);
    expect(leaks(base, published)).toEqual([]);
    expect(leaks(base, reveal(published, 'commune', 'Tarnos'))).toContain('commune:Ondres derived (linear)');
  });

  it('recomputes the « no » side of a shown share (complement)', () => {
    const published = publish(base);
    expect(published.difficulties.share).toEqual({ masked: true });
    const shown: PublishedResults = { ...published, difficulties: { ...published.difficulties, share: { value: 83.3 } } };
    expect(leaks(base, shown)).toContain('difficulties:no = 1 shown or implied, on too few companies');
  });

  it('pins masked cells down by their bounds when they can only be ones', () => {
    // Three communes with one respondent each, two with none: masking the three alone leaves 1+1+1 = 3.
    const ones = [
      at('Biaudos', answer('oui')),
      ...times(2, at('Biaudos')),
      at('Ondres', answer('oui')),
      ...times(2, at('Ondres')),
      at('Tarnos', answer('oui')),
      ...times(2, at('Tarnos')),
      ...times(3, at('Biarrotte')),
    ];
    const published = publish(ones);
    expect(leaks(ones, published)).toEqual([]);
    const commune = published.bySegment.find((t) => t.dimension === 'commune')!;
    expect(commune.rows.every((r) => 'masked' in r.respondents)).toBe(true); // the whole table, zeros included
    const zeroShown: PublishedResults = {
      ...published,
      bySegment: published.bySegment.map((t) =>
        t.dimension !== 'commune'
          ? t
          : {
              ...t,
              rows: t.rows.map((r) => (r.key === 'Biarrotte' ? { ...r, respondents: { value: 0 }, responseRate: { value: 0 } } : r)),
            },
      ),
    };
    expect(leaks(ones, zeroShown)).toContain('commune:Biaudos derived (bounds)');
  });
});

describe('statistical confidentiality against the adversary', () => {
  it('one respondent: nothing computed from answers is shown', () => {
    const one = [at('Tarnos', answer('oui', ['securite'], [line('btp', 2)])), ...times(9, at('Tarnos'))];
    const r = publish(one);
    expect(leaks(one)).toEqual([]);
    expect(r).toMatchObject({
      targets: 10,
      respondents: { masked: true },
      responseRate: { masked: true },
      hiring: { total: { masked: true } },
    });
    expect(r.trainingNeeds.ranked).toEqual([]);
    expect(JSON.stringify(r)).not.toMatch(/"(people|respondents|share|responseRate)":\{"value"/);
  });

  it('all respondents in one segment: the other segments show 0, the lone one equals the total', () => {
    const oneSegment = [...times(4, at('Tarnos', answer('oui', ['securite']))), ...times(3, at('Tarnos')), ...times(5, at('Ondres'))];
    const r = publish(oneSegment);
    expect(leaks(oneSegment)).toEqual([]);
    expect(r.bySegment.find((t) => t.dimension === 'commune')!.rows.map((row) => [row.key, row.respondents])).toEqual([
      ['Ondres', { value: 0 }],
      ['Tarnos', { value: 4 }],
    ]);
  });

  it('a total equal to one shown part plus one masked part: both parts are masked', () => {
    const hiring = [
      ...times(4, at('Tarnos', answer('oui', [], [line('btp', 2)]))),
      at('Tarnos', answer('non', [], [line('btp', 1), line('production', 3, 'CDD')])),
    ];
    const r = publish(hiring);
    expect(leaks(hiring)).toEqual([]);
    expect(r.hiring.total).toEqual({ value: 12 });
    const job = Object.fromEntries(r.hiring.byJobFamily.map((row) => [row.key, row.people]));
    expect(job).toMatchObject({ btp: { masked: true }, production: { masked: true }, logistique: { value: 0 } });
    const contract = Object.fromEntries(r.hiring.byContractType.map((row) => [row.key, row.people]));
    expect(contract).toMatchObject({ CDI: { masked: true }, CDD: { masked: true }, INTERIM: { value: 0 } });
  });

  it('everyone answered, with segments too small to show', () => {
    const all = [
      ...times(3, at('Tarnos', answer('oui', ['langues']), '43.21A', '0-9')),
      at('Biaudos', answer('oui', ['langues']), '25.62B', '250+'),
      at('Ondres', answer('non', ['langues']), '56.10A', '10-49'),
    ];
    const r = publish(all);
    expect(leaks(all)).toEqual([]);
    const naf = r.bySegment.find((t) => t.dimension === 'nafSection')!;
    expect(naf.rows.every((row) => row.targets >= 3)).toBe(true);
  });

  it('holds on random campaigns', () => {
    const hiringLine = fc.record({
      jobFamily: fc.constantFrom('btp', 'production', 'logistique', 'H2913'),
      count: fc.integer({ min: 1, max: 4 }),
      contractType: fc.constantFrom('CDI', 'CDD', 'ALTERNANCE'),
      horizon: fc.constant('0-3M'),
    }) as fc.Arbitrary<HiringLine>;
    const answers = fc.record({
      difficulties: fc.constantFrom('oui', 'non'),
      training_needs: fc.subarray(THEMES.slice(0, 4)),
      hiring: fc.array(hiringLine, { maxLength: 2 }),
    }) as fc.Arbitrary<Answers>;
    const company = fc.record({
      naf: fc.constantFrom('43.21A', '25.62B', '56.10A'),
      sizeBand: fc.constantFrom(...SIZE_BANDS),
      commune: fc.constantFrom('Tarnos', 'Ondres', 'Biaudos', 'Biarrotte'),
      answers: fc.option(answers, { nil: undefined, freq: 2 }),
    });
    fc.assert(
      // (At least one company: with none, every figure is trivially 0.)
      fc.property(fc.array(company, { minLength: 1, maxLength: 24 }), (companies) => {
        const published = publish(companies);
        expect(leaks(companies, published)).toEqual([]);
        // The CSV renders the same output: as many « masqué » as masked cells.
        const csv = resultsCsv(published);
        const masked = (JSON.stringify(published).match(/"masked":true/g) ?? []).length + published.trainingNeeds.unranked.length;
        expect(csv.split('\r\n').filter((line) => line.endsWith(';masqué'))).toHaveLength(masked);
      }),
      { numRuns: 400 },
    );
  });
});

describe('what the published output may depend on', () => {
  it('lists fixed keys in a fixed order, and masked training needs without their rank', () => {
    const companies = [
      ...times(4, at('Tarnos', answer('oui', ['securite', 'numerique'], [line('btp', 1)]))),
      ...times(3, at('Ondres', answer('non'))),
      at('Ondres', answer('non', ['langues', 'transition'], [line('H2913', 1)])),
      at('Ondres', answer('non', ['langues'])),
    ];
    const swapped = companies.map((c) =>
      c.answers && (c.answers.training_needs as string[]).includes('langues') ? { ...c, answers: answer('non', ['transition']) } : c,
    );
    const [r, s] = [publish(companies), publish(swapped)];
    const jobKeys = [...(FAMILIES.kind === 'hiring' ? FAMILIES.jobFamilies.map((f) => f.value) : []), 'rome'];
    for (const x of [r, s]) {
      expect(x.hiring.byJobFamily.map((row) => row.key)).toEqual(jobKeys);
      expect(x.hiring.byContractType.map((row) => row.key)).toEqual(['CDI', 'CDD', 'ALTERNANCE', 'INTERIM', 'SAISONNIER']);
      // Masked themes: in the questionnaire's order, whatever their counts.
      expect(x.trainingNeeds.unranked.map((t) => t.key)).toEqual(THEMES.filter((t) => x.trainingNeeds.unranked.some((u) => u.key === t)));
    }
    expect(r.trainingNeeds.unranked.map((t) => t.key)).toEqual(['langues', 'transition']); // 2 and 1 companies
    expect(s.trainingNeeds.unranked.map((t) => t.key)).toEqual(['transition']); // 2 companies
    // The segments' keys come from the targets only, not from who answered.
    const noAnswers = publish(companies.map((c) => ({ ...c, answers: undefined })));
    expect(noAnswers.bySegment.map((t) => t.rows.map((row) => row.key))).toEqual(r.bySegment.map((t) => t.rows.map((row) => row.key)));
  });
});

describe('table masking', () => {
  it('adds the smallest non-zero shown cell to a lone primary cell', () => {
    const cells = [
      { value: 9, primary: false },
      { value: 0, primary: false },
      { value: 1, primary: true },
      { value: 4, primary: false },
    ];
    expect(maskTable(cells)).toEqual([false, false, true, true]);
  });

  it('needs at least two masked cells whose sum leaves room on both sides of their bounds', () => {
    const two = [
      { value: 1, primary: true, bound: 3 },
      { value: 1, primary: true, bound: 3 },
    ];
    expect(isProtected(two, [true, true], 1)).toBe(false); // 1 + 1 = 2: both are 1
    expect(isProtected(two, [true, true], 0)).toBe(true);
    const full = [
      { value: 3, primary: false, bound: 3 },
      { value: 4, primary: false, bound: 4 },
    ];
    expect(isProtected(full, [true, true], 0)).toBe(false); // 7 of 7: both full
  });

  it('groups segments of fewer than 3 targets, completing the group with the next smallest', () => {
    expect(
      coarsen(
        new Map([
          ['a', 5],
          ['b', 1],
          ['c', 4],
        ]),
      ),
    ).toEqual({ kept: ['a'], merged: ['b', 'c'] });
    expect(
      coarsen(
        new Map([
          ['a', 5],
          ['b', 1],
          ['c', 2],
        ]),
      ),
    ).toEqual({ kept: ['a'], merged: ['b', 'c'] });
    expect(
      coarsen(
        new Map([
          ['a', 5],
          ['b', 3],
        ]),
      ),
    ).toEqual({ kept: ['b', 'a'], merged: [] });
  });
});

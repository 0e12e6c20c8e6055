import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activeDays, nextQuarter, previousQuarter, quarterOf, quarterSpan } from '../../domain/quarters.ts';
import {
  CategoryWithoutPayer,
  type Credits,
  creditTotal,
  InconsistentData,
  NO_CREDITS,
  type ReconciliationInput,
  type ReconciliationResult,
  reconcile,
} from '../../domain/reconciliation.ts';

const empty = (over: Partial<ReconciliationInput>): ReconciliationInput => ({
  quarter: '2026-Q3',
  members: [],
  costLines: [],
  subsidies: [],
  carriedIn: NO_CREDITS,
  advances: [],
  usage: [],
  fixedShares: [],
  adjustments: [],
  ...over,
});

const member = (memberId: string, areaM2: number, fte: number, startDate = '2025-01-01', more: object = {}) => ({
  memberId,
  name: memberId,
  areaM2,
  fte,
  startDate,
  ...more,
});

const linesOf = (r: ReconciliationResult, category: string) =>
  Object.fromEntries(r.members.map((m) => [m.memberId, m.lines.find((l) => l.category === category)?.cents ?? 0]));

describe('quarters', () => {
  it('spans calendar quarters, start inclusive, end exclusive', () => {
    expect(quarterSpan('2026-Q3')).toEqual({ quarter: '2026-Q3', start: '2026-07-01', end: '2026-10-01', days: 92 });
    expect(quarterSpan('2024-Q1').days).toBe(91); // leap year
    expect(quarterSpan('2026-Q4').end).toBe('2027-01-01');
    expect([quarterOf('2026-03-31'), quarterOf('2026-04-01'), previousQuarter('2027-Q1'), nextQuarter('2026-Q4')]).toEqual([
      '2026-Q1',
      '2026-Q2',
      '2026-Q4',
      '2027-Q1',
    ]);
  });

  it('counts active days: start date inclusive, leave date exclusive', () => {
    const q3 = quarterSpan('2026-Q3');
    expect(activeDays(q3, '2025-01-01')).toBe(92);
    expect(activeDays(q3, '2026-09-30')).toBe(1);
    expect(activeDays(q3, '2026-01-01', '2026-07-02')).toBe(1);
    expect(activeDays(q3, '2026-10-01')).toBe(0);
    expect(activeDays(q3, '2026-01-01', '2026-07-01')).toBe(0);
  });
});

describe('reconcile — a worked example checked by hand', () => {
  // Q3 2026 has 92 days. A: 100 m², 2 FTE, all quarter. B: 50 m², 1 FTE, from 2026-08-16 (46 days).
  const result = reconcile(
    empty({
      members: [member('A', 100, 2), member('B', 50, 1, '2026-08-16')],
      costLines: [
        { category: 'Bâtiment', key: 'AREA', amountCents: 600_000 },
        { category: 'Bâtiment', key: 'AREA', amountCents: 300_000 },
        { category: 'Accueil', key: 'EQUAL', amountCents: 300_000 },
      ],
      // 600 € earmarked to Accueil nets it first (3 000 → 2 400 €); then 1 140 € unearmarked spread
      // by cost net of earmarks, 2 400 / 11 400 and 9 000 / 11 400: 240 € and 900 €.
      subsidies: [
        { funder: 'Région', amountCents: 114_000 },
        { funder: 'Communauté de communes', amountCents: 60_000, earmark: 'Accueil' },
      ],
      advances: [{ memberId: 'A', amountCents: 500_000 }],
      adjustments: [{ memberId: 'B', label: 'Correction 2026-Q2', amountCents: -1_000 }],
    }),
  );

  it('nets each category: earmarks first, then unearmarked by cost net of earmarks', () => {
    expect(result.categories).toEqual([
      { category: 'Accueil', key: 'EQUAL', grossCents: 300_000, earmarkedCents: 60_000, unearmarkedCents: 24_000, netCents: 216_000 },
      { category: 'Bâtiment', key: 'AREA', grossCents: 900_000, earmarkedCents: 0, unearmarkedCents: 90_000, netCents: 810_000 },
    ]);
    expect(result.carriedOut).toEqual(NO_CREDITS);
  });

  it('splits pro rata of area × days and of days, to the cent', () => {
    // Bâtiment: weights A 100×92 = 9200, B 50×46 = 2300 → A 4/5, B 1/5 of 8 100 € = 6 480 € / 1 620 €.
    // Accueil: weights 92 and 46 → A 2/3 of 2 160 € = 1 440 €, B 720 €.
    const [a, b] = result.members;
    expect(a!.lines).toEqual([
      { category: 'Accueil', key: 'EQUAL', cents: 144_000 },
      { category: 'Bâtiment', key: 'AREA', cents: 648_000 },
    ]);
    expect(b!.lines).toEqual([
      { category: 'Accueil', key: 'EQUAL', cents: 72_000 },
      { category: 'Bâtiment', key: 'AREA', cents: 162_000 },
    ]);
    expect(a!.balanceCents).toBe(792_000 - 500_000);
    expect(b!.balanceCents).toBe(234_000 - 1_000);
    expect(b!.activeDays).toBe(46);
    expect(b!.periods).toEqual([{ from: '2026-08-16', to: '2026-10-01', days: 46, areaM2: 50, fte: 1 }]);
  });

  it('stops with a French error naming a category nobody can carry, and its key', () => {
    const run = () =>
      reconcile(
        empty({
          members: [member('A', 10, 1)],
          costLines: [{ category: 'Salle polyvalente', key: 'USAGE', amountCents: 10_000 }],
        }),
      );
    expect(run).toThrow(CategoryWithoutPayer);
    expect(run).toThrow(/catégorie « Salle polyvalente » \(clé : usage\) a un reste à charge de 100,00\s€ mais aucun usage/);
  });

  it('names in French the data that contradicts itself', () => {
    expect(() =>
      reconcile(
        empty({
          members: [member('A', 10, 1)],
          costLines: [
            { category: 'Accueil', key: 'EQUAL', amountCents: 1 },
            { category: 'Accueil', key: 'AREA', amountCents: 1 },
          ],
        }),
      ),
    ).toThrow(/« Accueil » a deux clés de répartition \(part égale, surface\)/);
    expect(() => reconcile(empty({ members: [member('A', 10, 1)], advances: [{ memberId: 'Z', amountCents: 1 }] }))).toThrow(
      InconsistentData,
    );
  });
});

describe('reconcile — decimals are exact', () => {
  it('0,75 and 0,25 FTE share 100 cents as 75 and 25 (not 73 / 27)', () => {
    const r = reconcile(
      empty({
        members: [member('A', 0, 0.75), member('B', 0, 0.25)],
        costLines: [{ category: 'RH', key: 'HEADCOUNT', amountCents: 100 }],
      }),
    );
    expect(linesOf(r, 'RH')).toEqual({ A: 75, B: 25 });
  });

  it('33,3 m² and 66,7 m² share 1 000 € as 333 € and 667 €', () => {
    const r = reconcile(
      empty({
        members: [member('A', 33.3, 1), member('B', 66.7, 1)],
        costLines: [{ category: 'Bâtiment', key: 'AREA', amountCents: 100_000 }],
      }),
    );
    expect(linesOf(r, 'Bâtiment')).toEqual({ A: 33_300, B: 66_700 });
  });

  it('usage of 7,5 hours and FIXED weights of 0,5 count exactly', () => {
    const r = reconcile(
      empty({
        members: [member('A', 10, 1), member('B', 10, 1)],
        costLines: [
          { category: 'Salles', key: 'USAGE', amountCents: 10_000 },
          { category: 'Ingénierie', key: 'FIXED', amountCents: 9_000 },
        ],
        usage: [
          { memberId: 'A', category: 'Salles', units: 7.5 },
          { memberId: 'B', category: 'Salles', units: 2.5 },
        ],
        fixedShares: [
          { memberId: 'A', category: 'Ingénierie', weight: 0.5 },
          { memberId: 'B', category: 'Ingénierie', weight: 1 },
        ],
      }),
    );
    expect(linesOf(r, 'Salles')).toEqual({ A: 7_500, B: 2_500 });
    expect(linesOf(r, 'Ingénierie')).toEqual({ A: 3_000, B: 6_000 });
  });

  it('huge weights (m² × days in hundredths, sums past 2^53) stay exact', () => {
    const r = reconcile(
      empty({
        members: [member('A', 5000, 1000), member('B', 4999.99, 999.99)],
        costLines: [{ category: 'Bâtiment', key: 'AREA', amountCents: 100_000_000_000 }],
      }),
    );
    const shares = linesOf(r, 'Bâtiment');
    expect(shares.A! + shares.B!).toBe(100_000_000_000);
  });
});

describe('reconcile — members joining, leaving and changing mid-quarter', () => {
  // Q3 2026: 92 days. J joins on 2026-08-01 (61 days). L leaves on 2026-09-01 (62 days present).
  // C has 100 m² then 150 m² from 2026-09-01: 100 × 62 + 150 × 30 = 10 700 m²·days; 1 FTE then 0,5.
  const r = reconcile(
    empty({
      members: [
        member('C', 100, 1, '2025-01-01', { changes: [{ effectiveDate: '2026-09-01', areaM2: 150, fte: 0.5 }] }),
        member('J', 100, 1, '2026-08-01'),
        member('L', 100, 1, '2025-01-01', { leaveDate: '2026-09-01' }),
      ],
      costLines: [
        { category: 'Bâtiment', key: 'AREA', amountCents: 1_000_000 },
        { category: 'RH', key: 'HEADCOUNT', amountCents: 1_000_000 },
        { category: 'Accueil', key: 'EQUAL', amountCents: 215_000 },
      ],
    }),
  );

  it('weighs each period with the values then in force', () => {
    const c = r.members.find((m) => m.memberId === 'C')!;
    expect(c.periods).toEqual([
      { from: '2026-07-01', to: '2026-09-01', days: 62, areaM2: 100, fte: 1 },
      { from: '2026-09-01', to: '2026-10-01', days: 30, areaM2: 150, fte: 0.5 },
    ]);
    // AREA weights: C 10 700, J 6 100, L 6 200 of 23 000: 465 217,39…, 265 217,39…, 269 565,21… cents;
    // the cent left goes to the largest remainder, C and J tie (9 000 / 23 000 each): the lower id, C.
    expect(linesOf(r, 'Bâtiment')).toEqual({ C: 465_218, J: 265_217, L: 269_565 });
    // HEADCOUNT weights (hundredths × days): C 100 × 62 + 50 × 30 = 7 700, J 6 100, L 6 200 of 20 000.
    expect(linesOf(r, 'RH')).toEqual({ C: 385_000, J: 305_000, L: 310_000 });
    // EQUAL: 92, 61, 62 days of 215.
    expect(linesOf(r, 'Accueil')).toEqual({ C: 92_000, J: 61_000, L: 62_000 });
  });

  it('a leaver is present until the day before its leave date, a joiner from its start date', () => {
    expect(r.members.map((m) => [m.memberId, m.activeDays])).toEqual([
      ['C', 92],
      ['J', 61],
      ['L', 62],
    ]);
  });
});

describe('reconcile — subsidies and credits (rule 1)', () => {
  const two = [member('A', 10, 1), member('B', 10, 1)];

  it('an over-earmarked category goes to 0 and its excess is carried, still earmarked to it', () => {
    const r = reconcile(
      empty({
        members: two,
        costLines: [
          { category: 'Accueil', key: 'EQUAL', amountCents: 1_000 },
          { category: 'Bâtiment', key: 'AREA', amountCents: 5_000 },
        ],
        subsidies: [{ funder: 'Département', amountCents: 1_500, earmark: 'Accueil' }],
      }),
    );
    expect(r.categories.map((c) => [c.category, c.netCents])).toEqual([
      ['Accueil', 0],
      ['Bâtiment', 5_000],
    ]);
    // Not spent on Bâtiment: earmarked money stays with its category.
    expect(r.carriedOut).toEqual({ unearmarkedCents: 0, earmarked: [{ category: 'Accueil', cents: 500 }] });
  });

  it('an earmark to a category without cost this quarter is carried whole', () => {
    const r = reconcile(
      empty({
        members: two,
        costLines: [{ category: 'Accueil', key: 'EQUAL', amountCents: 1_000 }],
        subsidies: [{ funder: 'FSE', amountCents: 700, earmark: 'Formation' }],
      }),
    );
    expect(r.carriedOut.earmarked).toEqual([{ category: 'Formation', cents: 700 }]);
    expect(r.totalNetCents).toBe(1_000);
  });

  it('unearmarked money is carried only beyond the sum of the costs net of earmarks', () => {
    const r = reconcile(
      empty({
        members: two,
        costLines: [
          { category: 'Accueil', key: 'EQUAL', amountCents: 1_000 },
          { category: 'Bâtiment', key: 'AREA', amountCents: 3_000 },
        ],
        subsidies: [
          { funder: 'Région', amountCents: 5_000 },
          { funder: 'Département', amountCents: 400, earmark: 'Accueil' },
        ],
      }),
    );
    expect(r.categories.map((c) => [c.category, c.earmarkedCents, c.unearmarkedCents, c.netCents])).toEqual([
      ['Accueil', 400, 600, 0],
      ['Bâtiment', 0, 3_000, 0],
    ]);
    expect(r.carriedOut).toEqual({ unearmarkedCents: 1_400, earmarked: [] });
  });

  it('credits carried in are used like subsidies: earmarked on their category first', () => {
    const r = reconcile(
      empty({
        members: two,
        costLines: [
          { category: 'Accueil', key: 'EQUAL', amountCents: 1_000 },
          { category: 'Bâtiment', key: 'AREA', amountCents: 1_000 },
        ],
        carriedIn: { unearmarkedCents: 500, earmarked: [{ category: 'Accueil', cents: 300 }] },
      }),
    );
    // Accueil: 1 000 − 300 earmarked = 700; unearmarked 500 over 700 and 1 000: 206 (205,88…) and 294.
    expect(r.categories.map((c) => [c.category, c.earmarkedCents, c.unearmarkedCents, c.netCents])).toEqual([
      ['Accueil', 300, 206, 494],
      ['Bâtiment', 0, 294, 706],
    ]);
    expect(r.carriedOut).toEqual(NO_CREDITS);
    expect(r.members[0]!.credits).toEqual({
      in: { unearmarkedCents: 500, earmarked: [{ category: 'Accueil', cents: 300 }] },
      out: NO_CREDITS,
    });
  });

  it('a tie of remainders goes to the category whose name sorts first', () => {
    const r = reconcile(
      empty({
        members: two,
        costLines: [
          { category: 'B', key: 'EQUAL', amountCents: 100 },
          { category: 'A', key: 'EQUAL', amountCents: 100 },
        ],
        subsidies: [{ funder: 'Région', amountCents: 101 }],
      }),
    );
    expect(r.categories.map((c) => [c.category, c.unearmarkedCents])).toEqual([
      ['A', 51],
      ['B', 50],
    ]);
  });
});

describe('reconcile — properties over random members, changes, dates, decimals, costs and subsidies', () => {
  const KEYS = ['AREA', 'HEADCOUNT', 'EQUAL', 'USAGE', 'FIXED'] as const;
  const CATEGORIES = ['Accueil', 'Bâtiment', 'RH', 'Ménage', 'Salles'] as const;
  const day = fc.integer({ min: 0, max: 200 }).map((n) => new Date(Date.UTC(2026, 5, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const hundredths = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((h) => h / 100);
  const credits: fc.Arbitrary<Credits> = fc.record({
    unearmarkedCents: fc.integer({ min: 0, max: 500_000 }),
    earmarked: fc
      .uniqueArray(fc.record({ category: fc.constantFrom(...CATEGORIES), cents: fc.integer({ min: 1, max: 500_000 }) }), {
        selector: (e) => e.category,
        maxLength: 3,
      })
      .map((es) => [...es].sort((a, b) => (a.category < b.category ? -1 : 1))),
  });
  const scenario = fc.record({
    members: fc.uniqueArray(
      fc.record({
        memberId: fc.stringMatching(/^m[0-9]{1,3}$/),
        areaM2: hundredths(500),
        fte: hundredths(20),
        startDate: day,
        leave: fc.option(day),
        change: fc.option(fc.record({ at: day, areaM2: hundredths(500), fte: hundredths(20) })),
        units: hundredths(40),
        weight: hundredths(5),
      }),
      { minLength: 1, maxLength: 12, selector: (m) => m.memberId },
    ),
    costLines: fc.array(fc.record({ category: fc.constantFrom(...CATEGORIES), amountCents: fc.integer({ min: 0, max: 5_000_000 }) }), {
      maxLength: 20,
    }),
    subsidies: fc.array(
      fc.record({
        amountCents: fc.integer({ min: 0, max: 3_000_000 }),
        earmark: fc.option(fc.constantFrom(...CATEGORIES), { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    carriedIn: credits,
  });
  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
  const keyOf = (c: string) => KEYS[CATEGORIES.indexOf(c as never)]!;
  const toInput = (s: Scenario): ReconciliationInput =>
    empty({
      members: s.members.map((m) => {
        const leaveDate = m.leave && m.leave > m.startDate ? m.leave : undefined;
        const change = m.change && m.change.at > m.startDate && (!leaveDate || m.change.at < leaveDate) ? m.change : null;
        return member(m.memberId, m.areaM2, m.fte, m.startDate, {
          ...(leaveDate && { leaveDate }),
          ...(change && { changes: [{ effectiveDate: change.at, areaM2: change.areaM2, fte: change.fte }] }),
        });
      }),
      costLines: s.costLines.map((l) => ({ ...l, key: keyOf(l.category) })),
      subsidies: s.subsidies.map((x, i) => ({ funder: `F${i}`, amountCents: x.amountCents, ...(x.earmark && { earmark: x.earmark }) })),
      carriedIn: s.carriedIn,
      usage: s.members.map((m) => ({ memberId: m.memberId, category: 'Salles', units: m.units })),
      fixedShares: s.members.map((m) => ({ memberId: m.memberId, category: 'Ménage', weight: m.weight })),
    });
  const run = (s: Scenario): ReconciliationResult | null => {
    try {
      return reconcile(toInput(s));
    } catch (error) {
      expect(error).toBeInstanceOf(CategoryWithoutPayer); // the only way a valid input fails, and it names its category
      expect((error as Error).message).toMatch(/^La catégorie « .+ » \(clé : .+\) a un reste à charge/);
      return null;
    }
  };

  it('shares of each category sum exactly to its net cost, none negative, 0 active days pays 0 for day-based keys', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const result = run(s);
        if (!result) return;
        for (const c of result.categories) {
          const shares = result.members.flatMap((m) => m.lines.filter((l) => l.category === c.category).map((l) => l.cents));
          expect(shares.reduce((a, b) => a + b, 0)).toBe(c.netCents);
          expect(shares.every((x) => x >= 0)).toBe(true);
        }
        for (const m of result.members) {
          if (m.activeDays === 0) expect(m.lines.filter((l) => ['AREA', 'HEADCOUNT', 'EQUAL'].includes(l.key))).toEqual([]);
        }
      }),
    );
  });

  it('conserves money: costs = shares + subsidies used; subsidies in = used + carried', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const result = run(s);
        if (!result) return;
        const shares = result.members.reduce((a, m) => a + m.sharesCents, 0);
        const used = result.categories.reduce((a, c) => a + c.earmarkedCents + c.unearmarkedCents, 0);
        expect(shares + used).toBe(result.totalGrossCents);
        expect(result.subsidiesCents + creditTotal(result.carriedIn)).toBe(used + creditTotal(result.carriedOut));
      }),
    );
  });

  it('no category goes below 0, and nothing is carried while a cost it could pay remains', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const result = run(s);
        if (!result) return;
        for (const c of result.categories) expect(c.netCents).toBeGreaterThanOrEqual(0);
        if (result.carriedOut.unearmarkedCents > 0) expect(result.totalNetCents).toBe(0);
        for (const e of result.carriedOut.earmarked) {
          expect(e.cents).toBeGreaterThan(0);
          const c = result.categories.find((x) => x.category === e.category);
          if (c) expect(c.earmarkedCents).toBe(c.grossCents);
        }
      }),
    );
  });

  it('does not depend on input order', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = toInput(s);
        const reversed = {
          ...input,
          members: [...input.members].reverse(),
          costLines: [...input.costLines].reverse(),
          subsidies: [...input.subsidies].reverse(),
        };
        let a: ReconciliationResult;
        try {
          a = reconcile(input);
        } catch (error) {
          expect(() => reconcile(reversed)).toThrow((error as Error).message);
          return;
        }
        expect(reconcile(reversed)).toEqual(a);
      }),
    );
  });
});

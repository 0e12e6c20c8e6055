import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activeDays, nextQuarter, previousQuarter, quarterOf, quarterSpan } from '../../domain/quarters.ts';
import { CategoryWithoutPayer, type ReconciliationInput, reconcile } from '../../domain/reconciliation.ts';

const empty = (over: Partial<ReconciliationInput>): ReconciliationInput => ({
  quarter: '2026-Q3',
  members: [],
  costLines: [],
  subsidies: [],
  carriedInCents: 0,
  advances: [],
  usage: [],
  fixedShares: [],
  adjustments: [],
  ...over,
});

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
      members: [
        { memberId: 'A', name: 'Alpha', areaM2: 100, fte: 2, startDate: '2025-01-01' },
        { memberId: 'B', name: 'Bêta', areaM2: 50, fte: 1, startDate: '2026-08-16' },
      ],
      costLines: [
        { category: 'Bâtiment', key: 'AREA', amountCents: 600_000 },
        { category: 'Bâtiment', key: 'AREA', amountCents: 300_000 },
        { category: 'Accueil', key: 'EQUAL', amountCents: 300_000 },
      ],
      // 1 000 € unearmarked spread 900/1200 and 300/1200 of gross: 750 € and 250 €;
      // plus 500 € earmarked to Accueil.
      subsidies: [
        { funder: 'Région', amountCents: 100_000 },
        { funder: 'Communauté de communes', amountCents: 50_000, earmark: 'Accueil' },
      ],
      advances: [{ memberId: 'A', amountCents: 500_000 }],
      adjustments: [{ memberId: 'B', label: 'Correction 2026-Q2', amountCents: -1_000 }],
    }),
  );

  it('nets each category', () => {
    expect(result.categories).toEqual([
      { category: 'Accueil', key: 'EQUAL', grossCents: 300_000, earmarkedCents: 50_000, unearmarkedCents: 25_000, netCents: 225_000 },
      { category: 'Bâtiment', key: 'AREA', grossCents: 900_000, earmarkedCents: 0, unearmarkedCents: 75_000, netCents: 825_000 },
    ]);
  });

  it('splits pro rata of area × days and of days, to the cent', () => {
    // Bâtiment: weights A 100×92 = 9200, B 50×46 = 2300 → A 4/5, B 1/5 of 8 250 € = 6 600 € / 1 650 €.
    // Accueil: weights 92 and 46 → A 2/3 of 2 250 € = 1 500 €, B 750 €.
    const [a, b] = result.members;
    expect(a!.lines).toEqual([
      { category: 'Accueil', key: 'EQUAL', cents: 150_000 },
      { category: 'Bâtiment', key: 'AREA', cents: 660_000 },
    ]);
    expect(b!.lines).toEqual([
      { category: 'Accueil', key: 'EQUAL', cents: 75_000 },
      { category: 'Bâtiment', key: 'AREA', cents: 165_000 },
    ]);
    expect(a!.balanceCents).toBe(810_000 - 500_000);
    expect(b!.balanceCents).toBe(240_000 - 1_000);
    expect(b!.activeDays).toBe(46);
  });

  it('carries subsidy in excess of a category into the next quarter', () => {
    const excess = reconcile(
      empty({
        members: [{ memberId: 'A', name: 'A', areaM2: 1, fte: 1, startDate: '2025-01-01' }],
        costLines: [{ category: 'Accueil', key: 'EQUAL', amountCents: 1_000 }],
        subsidies: [{ funder: 'Département', amountCents: 1_500, earmark: 'Accueil' }],
      }),
    );
    expect(excess.categories[0]!.netCents).toBe(0);
    expect(excess.carriedOutCents).toBe(500);
    expect(excess.members[0]!.balanceCents).toBe(0);
  });

  it('stops with an error naming a category nobody can carry', () => {
    const run = () =>
      reconcile(
        empty({
          members: [{ memberId: 'A', name: 'A', areaM2: 10, fte: 1, startDate: '2025-01-01' }],
          costLines: [{ category: 'Salle polyvalente', key: 'USAGE', amountCents: 10_000 }],
        }),
      );
    expect(run).toThrow(CategoryWithoutPayer);
    expect(run).toThrow(/Salle polyvalente/);
  });
});

describe('reconcile — properties over random members, dates and costs', () => {
  const KEYS = ['AREA', 'HEADCOUNT', 'EQUAL'] as const;
  const day = fc.integer({ min: 0, max: 200 }).map((n) => new Date(Date.UTC(2026, 5, 1) + n * 86_400_000).toISOString().slice(0, 10));
  const scenario = fc.record({
    members: fc.uniqueArray(
      fc.record({
        memberId: fc.stringMatching(/^m[0-9]{1,3}$/),
        areaM2: fc.integer({ min: 0, max: 500 }),
        fte: fc.integer({ min: 0, max: 200 }).map((t) => t / 10),
        startDate: day,
        leave: fc.option(day),
      }),
      { minLength: 1, maxLength: 12, selector: (m) => m.memberId },
    ),
    costLines: fc.array(
      fc.record({ category: fc.constantFrom('Accueil', 'Bâtiment', 'RH', 'Ménage'), amountCents: fc.integer({ min: 0, max: 5_000_000 }) }),
      { maxLength: 20 },
    ),
    subsidy: fc.integer({ min: 0, max: 3_000_000 }),
  });
  type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;
  const toInput = (s: Scenario): ReconciliationInput => {
    const keyOf = (c: string) => KEYS[c.length % KEYS.length]!;
    return empty({
      members: s.members.map((m) => ({
        memberId: m.memberId,
        name: m.memberId,
        areaM2: m.areaM2,
        fte: m.fte,
        startDate: m.startDate,
        ...(m.leave && m.leave > m.startDate && { leaveDate: m.leave }),
      })),
      costLines: s.costLines.map((l) => ({ ...l, key: keyOf(l.category) })),
      subsidies: s.subsidy > 0 ? [{ funder: 'Région', amountCents: s.subsidy }] : [],
    });
  };

  it('shares of each category sum exactly to its net cost, none negative, 0 active days pays 0 — or it names the category', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        let result: ReturnType<typeof reconcile>;
        try {
          result = reconcile(toInput(s));
        } catch (error) {
          expect(error).toBeInstanceOf(CategoryWithoutPayer);
          return;
        }
        for (const c of result.categories) {
          const shares = result.members.flatMap((m) => m.lines.filter((l) => l.category === c.category).map((l) => l.cents));
          expect(shares.reduce((a, b) => a + b, 0)).toBe(c.netCents);
          expect(shares.every((x) => x >= 0)).toBe(true);
        }
        for (const m of result.members) if (m.activeDays === 0) expect(m.sharesCents).toBe(0);
        const totalGross = result.categories.reduce((a, c) => a + c.grossCents, 0);
        expect(result.totalNetCents + (s.subsidy - result.carriedOutCents)).toBe(totalGross);
      }),
    );
  });

  it('does not depend on input order', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const input = toInput(s);
        const reversed = { ...input, members: [...input.members].reverse(), costLines: [...input.costLines].reverse() };
        let a: ReturnType<typeof reconcile>;
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

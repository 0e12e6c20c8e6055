import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NoPositiveWeight, splitCents } from '../../domain/allocation.ts';

describe('splitCents (largest remainder)', () => {
  it('splits a worked example exactly, leftover cents to the largest remainders', () => {
    // 100.00 € over weights 1, 1, 1: 3333.33… each → 3333 each, one cent left, tie → lowest id "a".
    expect([
      ...splitCents(10_000, [
        { id: 'b', weight: 1 },
        { id: 'a', weight: 1 },
        { id: 'c', weight: 1 },
      ]),
    ]).toEqual([
      ['b', 3333],
      ['a', 3334],
      ['c', 3333],
    ]);
    // 10.00 € over 180 m² and 60 m² and 45 m²: exact shares 631.578…, 210.526…, 157.894… cents
    // → floors 631 + 210 + 157 = 998; the 2 cents left go to remainders .894 (c) and .578 (a).
    expect(
      Object.fromEntries(
        splitCents(1_000, [
          { id: 'a', weight: 180 },
          { id: 'b', weight: 60 },
          { id: 'c', weight: 45 },
        ]),
      ),
    ).toEqual({ a: 632, b: 210, c: 158 });
  });

  it('refuses to split a positive amount with no positive weight', () => {
    expect(() => splitCents(1, [{ id: 'a', weight: 0 }])).toThrow(NoPositiveWeight);
    expect(splitCents(0, [{ id: 'a', weight: 0 }]).get('a')).toBe(0);
  });

  const weights = fc
    .uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 6 }), weight: fc.nat({ max: 1_000_000 }) }), {
      minLength: 1,
      maxLength: 40,
      selector: (w) => w.id,
    })
    .filter((ws) => ws.some((w) => w.weight > 0));

  it('always sums exactly to the total, never negative, zero weight pays zero', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000_000 }), weights, (total, ws) => {
        const shares = splitCents(total, ws);
        expect([...shares.values()].reduce((a, b) => a + b, 0)).toBe(total);
        for (const w of ws) {
          expect(shares.get(w.id)!).toBeGreaterThanOrEqual(0);
          if (w.weight === 0) expect(shares.get(w.id)).toBe(0);
        }
      }),
    );
  });

  it('does not depend on input order', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1_000_000 }), weights, (total, ws) => {
        const forward = Object.fromEntries(splitCents(total, ws));
        const backward = Object.fromEntries(splitCents(total, [...ws].reverse()));
        expect(backward).toEqual(forward);
      }),
    );
  });
});

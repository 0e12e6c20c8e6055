import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatQuantity, parseQuantity, quantitySchema, toHundredths } from '../../domain/quantities.ts';
import { parseCsvRows, parseJsonRows } from '../../domain/quarter-inputs.ts';
import { testSiret } from '../support/forms.ts';

describe('quantities with up to two decimals', () => {
  it('reads a number as people wrote it, in hundredths, exactly', () => {
    expect([33.3, 0.75, 0.1, 7.5, 100, 4999.99, 0].map(toHundredths)).toEqual([3330, 75, 10, 750, 10_000, 499_999, 0]);
    expect([33.333, 0.125, 1e-7, Number.NaN, Number.POSITIVE_INFINITY].map(toHundredths)).toEqual([null, null, null, null, null]);
    expect(33.3 * 100).not.toBe(3330); // why hundredths are read from the writing, not multiplied
  });

  it('round-trips every value with two decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (h) => {
        expect(toHundredths(h / 100)).toBe(h);
      }),
    );
  });

  it('parses spreadsheet cells (decimal comma or dot, spaces in thousands), refusing a third decimal', () => {
    expect(['33,3', '0,75', '7.5', '1 234,5', '1\u202f234,25', ' 12 '].map(parseQuantity)).toEqual(
      [33.3, 0.75, 7.5, 1234.5, 1234.25, 12].map((value) => ({ value })),
    );
    expect(['7,555', '0,001'].map(parseQuantity)).toEqual([{ problem: 'max_decimals' }, { problem: 'max_decimals' }]);
    expect(['sept', '-1', '1,2,3', '', '12 34'].map(parseQuantity)).toEqual(Array(5).fill({ problem: 'format' }));
    expect(formatQuantity(33.3)).toBe('33,3');
  });

  it('validates JSON quantities with a named rule', () => {
    const schema = quantitySchema(0, 10);
    expect(schema.safeParse(0.75).success).toBe(true);
    const third = schema.safeParse(0.755);
    expect(third.success).toBe(false);
    expect(third.error!.issues[0]).toMatchObject({ code: 'custom', params: { rule: 'max_decimals' } });
    expect(schema.safeParse(11).success).toBe(false);
  });

  it('imports usage and FIXED weights with decimals from CSV and JSON, each bad value by line', () => {
    const siret = testSiret(1);
    const csv = parseCsvRows('usage', `siret;categorie;unités\n${siret};Salles;7,5\n${siret};Salles;7,555\n${siret};Salles;beaucoup\n`);
    expect(csv.rows.map((r) => r.row.units)).toEqual([7.5]);
    expect(csv.errors.map((e) => `${e.line}:${e.field}:${e.rule}`)).toEqual(['3:units:max_decimals', '4:units:quantity_format']);
    const json = parseJsonRows('fixed', [
      { memberId: siret, category: 'RH', weight: 0.5 },
      { memberId: siret, category: 'RH', weight: 0.505 },
    ]);
    expect(json.rows).toHaveLength(1);
    expect(json.errors).toEqual([expect.objectContaining({ line: 2, field: 'weight', rule: 'max_decimals' })]);
  });
});

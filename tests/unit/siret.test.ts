import { describe, expect, it } from 'vitest';
import { isValidSiret, luhnValid, sirenOf, siretProblem, withLuhnDigit } from '../../domain/siret.ts';

describe('SIRET', () => {
  it('accepts a Luhn-valid SIRET and gives its SIREN', () => {
    expect(isValidSiret('73282932000074')).toBe(true);
    expect(sirenOf('73282932000074')).toBe('732829320');
  });

  it('names the rule that fails', () => {
    expect(siretProblem('7328293200007')).toBe('format');
    expect(siretProblem('7328293200007A')).toBe('format');
    expect(siretProblem('73282932000075')).toBe('checksum');
  });

  it("applies La Poste's own rule (digit sum multiple of 5) to SIREN 356000000, except to its head office", () => {
    // The head office 35600000000048 is Luhn-valid, and its digits sum to 26: the exception to La Poste's rule.
    expect(luhnValid('35600000000048')).toBe(true);
    expect(siretProblem('35600000000048')).toBeNull();
    // Another La Poste SIRET that passes Luhn but not the digit sum rule is still refused.
    expect(luhnValid('35600000000014')).toBe(true);
    expect(siretProblem('35600000000014')).toBe('checksum');
    // 35600000049634: digit sum 3+5+6+4+9+6+3+4 = 40, a La Poste establishment.
    expect(luhnValid('35600000049634')).toBe(false);
    expect(siretProblem('35600000049634')).toBeNull();
  });

  it('completes 13 digits with their check digit', () => {
    const siret = withLuhnDigit('4100000791937');
    expect(siret).toHaveLength(14);
    expect(luhnValid(siret)).toBe(true);
  });
});

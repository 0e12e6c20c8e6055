/**
 * Splitting an amount of cents by weights, exactly (docs/rules.md#money, docs/reconciliation.md#splitting): each share
 * is rounded down, then the cents left over go one by one to the largest remainders, ties to the
 * lower id. Shares always sum to the total. Weights are non-negative integers — callers scale
 * decimal quantities to hundredths and multiply by days — given as numbers or, when a product may
 * pass 2^53, as BigInt; `total × weight` is always computed in BigInt.
 */
export interface Weighted {
  id: string;
  weight: number | bigint;
}

export class NoPositiveWeight extends Error {
  constructor(readonly totalCents: number) {
    super(`Cannot split ${totalCents} cents: no positive weight`);
    this.name = 'NoPositiveWeight';
  }
}

const asBigInt = ({ id, weight }: Weighted): bigint => {
  if (typeof weight === 'bigint') {
    if (weight < 0n) throw new RangeError(`weight of ${id} must be non-negative, got ${weight}`);
    return weight;
  }
  if (!Number.isSafeInteger(weight) || weight < 0) throw new RangeError(`weight of ${id} must be a non-negative integer, got ${weight}`);
  return BigInt(weight);
};

export function splitCents(totalCents: number, weights: readonly Weighted[]): Map<string, number> {
  if (!Number.isSafeInteger(totalCents) || totalCents < 0)
    throw new RangeError(`total must be non-negative integer cents, got ${totalCents}`);
  const exactWeights = weights.map(asBigInt);
  const shares = new Map(weights.map(({ id }) => [id, 0]));
  if (totalCents === 0) return shares;
  const sum = exactWeights.reduce((s, w) => s + w, 0n);
  if (sum === 0n) throw new NoPositiveWeight(totalCents);
  const total = BigInt(totalCents);
  const parts = weights.map(({ id }, i) => {
    const exact = total * exactWeights[i]!;
    return { id, floor: exact / sum, remainder: exact % sum };
  });
  let left = total - parts.reduce((s, p) => s + p.floor, 0n);
  const order = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.remainder > b.remainder ? -1 : 1,
  );
  for (const part of order) {
    if (left === 0n) break;
    part.floor += 1n;
    left -= 1n;
  }
  for (const part of parts) shares.set(part.id, Number(part.floor));
  return shares;
}

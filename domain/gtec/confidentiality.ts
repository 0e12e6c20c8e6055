/**
 * Statistical confidentiality of published GTEC results: which cells of a table to mask. The
 * algorithm and why it is safe are in docs/gtec-confidentiality.md; these functions are pure.
 */

/** No figure is published on fewer companies than this. */
export const MIN_COMPANIES = 3;

/** Too few companies to publish a figure on: 1 or 2. None (0) says nothing about any company. */
export const tooFew = (companies: number): boolean => companies > 0 && companies < MIN_COMPANIES;

/** A cell of a one-way table whose total is published. */
export interface TableCell {
  /** The figure: a number of companies or of people, never negative. */
  value: number;
  /** An upper bound anyone knows without the survey (a segment's number of targets), if any. */
  bound?: number;
  /** Masked for its own sake: it rests on too few companies. */
  primary: boolean;
}

/**
 * Whether no masked cell can be pinned down from the table's total and its shown cells, by an
 * adversary who knows every cell lies between `lowest` and its bound. The masked cells then sum to
 * a known R, and each keeps at least two possible values exactly when there are at least two of
 * them, R > count × lowest and R < the sum of their bounds.
 */
export function isProtected(cells: readonly TableCell[], masked: readonly boolean[], lowest: 0 | 1): boolean {
  const hidden = cells.filter((_, i) => masked[i]);
  if (hidden.length === 0) return true;
  if (hidden.length === 1) return false;
  const rest = hidden.reduce((sum, c) => sum + c.value, 0);
  const most = hidden.reduce((sum, c) => sum + (c.bound ?? Number.POSITIVE_INFINITY), 0);
  return rest > hidden.length * lowest && rest < most;
}

/**
 * Which cells of a one-way table to mask, its total being published: the primary cells, then the
 * smallest non-zero shown cell, again, until the masked ones are protected. Shown zeros tell the
 * adversary that masked cells are not zero (lowest 1). When no shown cell is left to add, every
 * cell is masked, zeros included (lowest 0 then).
 */
export function maskTable(cells: readonly TableCell[]): boolean[] {
  const masked = cells.map((c) => c.primary);
  while (!isProtected(cells, masked, 1)) {
    let smallest = -1;
    cells.forEach((c, i) => {
      if (!masked[i] && c.value > 0 && (smallest < 0 || c.value < cells[smallest]!.value)) smallest = i;
    });
    if (smallest < 0) return cells.map(() => true);
    masked[smallest] = true;
  }
  return masked;
}

/**
 * Segments of a breakdown, coarsened so that each published row covers at least MIN_COMPANIES
 * targeted companies: the smaller segments go into one « others » group, completed with the
 * next smallest segments while it is itself too small.
 */
export function coarsen(targetsBySegment: ReadonlyMap<string, number>): { kept: string[]; merged: string[] } {
  const bySize = [...targetsBySegment].sort(([a, x], [b, y]) => x - y || a.localeCompare(b));
  const merged = bySize.filter(([, n]) => n < MIN_COMPANIES).map(([k]) => k);
  let size = merged.reduce((sum, k) => sum + targetsBySegment.get(k)!, 0);
  const kept = bySize.filter(([, n]) => n >= MIN_COMPANIES).map(([k]) => k);
  while (merged.length > 0 && size < MIN_COMPANIES && kept.length > 0) {
    const next = kept.shift()!;
    merged.push(next);
    size += targetsBySegment.get(next)!;
  }
  return { kept, merged };
}

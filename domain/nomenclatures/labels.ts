import { communeName } from './communes.ts';
import { nafSectionLabel } from './naf.ts';
import { sizeBandLabel } from './size-bands.ts';

/** The segments results are cut by, keyed by code: NAF section letter, size band code, commune INSEE code. */
export type Segment = 'nafSection' | 'sizeBand' | 'commune';

/** The French label of a segment's code (`F` → Construction, `40312` → Tarnos); the code itself when unknown. */
export function segmentLabel(segment: Segment, code: string): string {
  const label = segment === 'nafSection' ? nafSectionLabel(code) : segment === 'sizeBand' ? sizeBandLabel(code) : communeName(code);
  return label ?? code;
}

/** Labels for every code of results cut by segment, for a page or an export to show instead of codes. */
export const segmentLabels = (bySegment: Partial<Record<Segment, Record<string, unknown>>>): Record<Segment, Record<string, string>> =>
  Object.fromEntries(
    (['nafSection', 'sizeBand', 'commune'] as const).map((segment) => [
      segment,
      Object.fromEntries(Object.keys(bySegment[segment] ?? {}).map((code) => [code, segmentLabel(segment, code)])),
    ]),
  ) as Record<Segment, Record<string, string>>;

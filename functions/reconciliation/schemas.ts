import * as z from 'zod';
import { poleIdSchema } from '../../domain/poles.ts';
import { QUARTER_PATTERN } from '../../domain/quarters.ts';

export const quarterSchema = z.string().regex(QUARTER_PATTERN, { message: 'Trimestre attendu au format AAAA-Tn, par ex. 2026-Q3.' });

/** What the reconciliation workflow carries: keys only, whatever the number of members and lines. */
export const quarterRef = z.object({ poleId: poleIdSchema, quarter: quarterSchema });

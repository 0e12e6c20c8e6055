import * as z from 'zod';
import { poleIdSchema, quarterSchema } from '../../domain/ids.ts';

/** What the reconciliation workflow carries: keys only, whatever the number of members and lines. */
export const quarterRef = z.object({ poleId: poleIdSchema, quarter: quarterSchema });

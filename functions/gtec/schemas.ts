import * as z from 'zod';
import { poleIdSchema } from '../../domain/poles.ts';

/** What every campaign task receives: keys only. */
export const campaignRef = z.object({ poleId: poleIdSchema, campaignId: z.string().min(1) });

/** Companies handled per task invocation: bounded work and payload, whatever the target count. */
export const PAGE = 100;

/** Runs `fn` over items, at most `width` at a time (a bounded sending rate). */
export async function inBatches<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return out;
}

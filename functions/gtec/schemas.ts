import * as z from 'zod';
import { campaignIdSchema, poleIdSchema } from '../../domain/ids.ts';

/** What every campaign task receives: keys only. */
export const campaignRef = z.object({ poleId: poleIdSchema, campaignId: campaignIdSchema });

/**
 * Runs `fn` over items, at most `width` at a time (a bounded sending rate). Stops after the first
 * batch with a failure and returns what succeeded with that failure, so the caller can record the
 * done part (counters) before rethrowing for the workflow's Retry.
 */
export async function inBatches<T, R>(
  items: readonly T[],
  width: number,
  fn: (item: T) => Promise<R>,
): Promise<{ done: R[]; error?: unknown }> {
  const done: R[] = [];
  for (let i = 0; i < items.length; i += width) {
    const settled = await Promise.allSettled(items.slice(i, i + width).map(fn));
    for (const s of settled) if (s.status === 'fulfilled') done.push(s.value);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) return { done, error: failed.reason };
  }
  return { done };
}

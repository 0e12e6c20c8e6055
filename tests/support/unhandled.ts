import { afterAll } from 'vitest';

/**
 * Every test file runs with this (vitest `setupFiles`): an unhandled rejection or uncaught exception
 * while the file runs fails that file, instead of passing its tests and failing the run at random
 * with an error attributed to nobody. Registered first, this afterAll runs after the file's own
 * (hooks run as a stack), so a runtime stopped there is covered too.
 */
const unhandled: unknown[] = [];
process.on('unhandledRejection', (reason) => unhandled.push(reason));
process.on('uncaughtException', (error) => unhandled.push(error));

afterAll(() => {
  if (unhandled.length === 0) return;
  const described = unhandled.map((e) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e))).join('; ');
  throw new AggregateError(unhandled, `${unhandled.length} unhandled error(s) while this file ran: ${described}`);
});

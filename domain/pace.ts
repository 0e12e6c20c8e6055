/**
 * Long work in steps, so that one request never holds the event loop (the embedded runtime serves
 * every request on one Node process): a loop is written as a generator that `yield`s between steps,
 * and runs either at once (runNow: small inputs, synchronous callers) or paced (runPaced: the event
 * loop gets a turn once a slice of SLICE_MS has run). The results are the same either way.
 */

/** Work that may pause wherever it yields; it returns its result. */
export type Steps<T> = Generator<void, T, undefined>;

/** How long paced work runs before the event loop gets a turn, in ms. */
export const SLICE_MS = 10;

/** Runs stepwise work to its end at once. */
export function runNow<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Lets the event loop run what is waiting (I/O, timers, other requests), then resumes. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs stepwise work, giving the event loop a turn whenever it has run SLICE_MS without one. */
export async function runPaced<T>(steps: Steps<T>): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStart >= SLICE_MS) {
      await yieldToLoop();
      sliceStart = performance.now();
    }
  }
}

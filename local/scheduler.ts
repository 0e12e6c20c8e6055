import { Cron } from 'croner';
import { cronFor, SCHEDULES } from '../functions/catalog.ts';
import type { LocalLambdas } from './lambda.ts';

/**
 * The embedded runtime's schedules: the same cron expressions and time zone as EventBridge
 * Scheduler in the stack, each invoking the same function with `{ poleId }` for each pôle.
 * (They follow the wall clock; tests call the target function with the virtual clock set.)
 */
export function startSchedules(lambdas: LocalLambdas, poleIds: readonly string[], onError: (error: unknown) => void): () => void {
  const jobs = Object.values(SCHEDULES).map(
    (spec) =>
      new Cron(cronFor.croner(spec), { timezone: spec.timezone, protect: true }, async () => {
        for (const poleId of poleIds) await lambdas.invoke(spec.fn, { poleId }).catch(onError);
      }),
  );
  return () => {
    for (const job of jobs) job.stop();
  };
}

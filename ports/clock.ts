/**
 * Time as the system sees it. In AWS it is the wall clock; the embedded runtime installs a clock
 * that demos and tests can move forward or speed up (local/clock.ts).
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

let current: Clock = systemClock;

export const clock = (): Clock => current;

/** Installs another clock (embedded runtime and tests only). */
export function setClock(next: Clock): void {
  current = next;
}

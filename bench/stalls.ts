import { PerformanceObserver } from 'node:perf_hooks';

/**
 * Who blocked the event loop: a 10 ms ticker notes each gap longer than a threshold, with the
 * labelled tasks in flight across it (figures only: nothing here asserts). With several clients at
 * once a stall has several suspects; replaying each suspect alone (see `isolatedStall`) names the culprit.
 */

const TICK_MS = 10;

/**
 * One stall: how long the loop was held beyond its tick, the CPU time the process had meanwhile
 * (all its threads: far below the stall, the machine ran something else), the main thread's garbage
 * collection within it, and the tasks in flight across it.
 */
export interface Stall {
  ms: number;
  cpuMs: number;
  /** Garbage collection of the main thread within the stall. */
  gcMs: number;
  suspects: number[];
}

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** Notes event-loop stalls longer than `thresholdMs`, and which tracked tasks were in flight across each. */
export class StallWatch {
  readonly stalls: Stall[] = [];
  private readonly inFlight = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  private last = 0;
  private lastCpu = 0;
  private readonly gc: { start: number; ms: number }[] = [];
  private readonly gcObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.gc.push({ start: entry.startTime, ms: entry.duration });
  });

  constructor(private readonly thresholdMs = 50) {}

  start(): void {
    this.last = performance.now();
    this.lastCpu = cpuMs();
    this.gcObserver.observe({ entryTypes: ['gc'] });
    this.timer = setInterval(() => {
      const now = performance.now();
      const cpu = cpuMs();
      const ms = now - this.last - TICK_MS;
      if (ms > this.thresholdMs) {
        // A suspect started before the gap began (the previous tick) and is still running at its end.
        const suspects = [...this.inFlight].filter(([, t0]) => t0 <= this.last).map(([id]) => id);
        const since = this.last;
        const gcMs = this.gc.filter((g) => g.start >= since).reduce((sum, g) => sum + g.ms, 0);
        this.stalls.push({ ms, cpuMs: cpu - this.lastCpu, gcMs, suspects });
      }
      this.last = now;
      this.lastCpu = cpu;
      this.gc.length = 0;
    }, TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.gcObserver.disconnect();
  }

  /** Runs `task` as task `id` (e.g. the case's index), in flight until it settles. */
  async track<T>(id: number, task: () => Promise<T>): Promise<T> {
    this.inFlight.set(id, performance.now());
    try {
      return await task();
    } finally {
      this.inFlight.delete(id);
    }
  }
}

/** The longest event-loop stall (ms beyond a tick) while `task` runs alone. */
export async function isolatedStall(task: () => Promise<unknown>): Promise<number> {
  let worst = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - TICK_MS);
    last = now;
  }, TICK_MS);
  try {
    await task();
    // One more tick, so that a stall at the very end of the task is seen.
    await new Promise((r) => setTimeout(r, TICK_MS * 2));
  } finally {
    clearInterval(timer);
  }
  return worst;
}

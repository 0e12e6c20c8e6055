import type { Clock } from '../ports/clock.ts';

const MAX_TIMER_MS = 2_147_483_647; // setTimeout's ceiling (about 24.8 days)

interface Sleeper {
  at: number;
  timer?: NodeJS.Timeout;
  resolve: () => void;
}

/**
 * The embedded runtime's clock: real time by default, sped up by `scale` (1 real second =
 * `scale` virtual seconds) for demos, and moved forward at once by `advance()` in tests.
 * Everything that waits on the local engine (task-token timeouts) waits through it.
 */
export class VirtualClock implements Clock {
  private realBase = Date.now();
  private virtualBase = Date.now();
  private readonly sleepers = new Set<Sleeper>();

  constructor(private scale = 1) {}

  now(): Date {
    return new Date(this.virtualNow());
  }

  /** Jumps forward by `ms` virtual milliseconds, waking whatever became due. */
  advance(ms: number): void {
    this.virtualBase += ms;
    for (const s of this.sleepers) this.arm(s);
  }

  setScale(scale: number): void {
    this.virtualBase = this.virtualNow();
    this.realBase = Date.now();
    this.scale = scale;
    for (const s of this.sleepers) this.arm(s);
  }

  /** Resolves once virtual time reaches `at`, or as soon as `signal` aborts. */
  sleepUntil(at: Date, signal?: AbortSignal): Promise<void> {
    return new Promise((done) => {
      const sleeper: Sleeper = {
        at: at.getTime(),
        resolve: () => {
          clearTimeout(sleeper.timer);
          this.sleepers.delete(sleeper);
          signal?.removeEventListener('abort', sleeper.resolve);
          done();
        },
      };
      if (signal?.aborted) return done();
      signal?.addEventListener('abort', sleeper.resolve, { once: true });
      this.sleepers.add(sleeper);
      this.arm(sleeper);
    });
  }

  private arm(sleeper: Sleeper): void {
    clearTimeout(sleeper.timer);
    const remaining = sleeper.at - this.virtualNow();
    if (remaining <= 0) {
      sleeper.resolve();
      return;
    }
    // Long waits are re-armed in steps: timers cannot exceed MAX_TIMER_MS.
    sleeper.timer = setTimeout(() => this.arm(sleeper), Math.min(MAX_TIMER_MS, Math.ceil(remaining / this.scale)));
  }

  private virtualNow(): number {
    return this.virtualBase + (Date.now() - this.realBase) * this.scale;
  }
}

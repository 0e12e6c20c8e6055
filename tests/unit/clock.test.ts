import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../local/clock.ts';

describe('virtual clock', () => {
  it('wakes a sleeper when advanced past its time, not before', async () => {
    const clock = new VirtualClock();
    let woke = false;
    const sleep = clock.sleepUntil(new Date(clock.now().getTime() + 30 * 86_400_000)).then(() => (woke = true));
    clock.advance(29 * 86_400_000);
    await new Promise((r) => setTimeout(r, 5));
    expect(woke).toBe(false);
    clock.advance(86_400_000);
    await sleep;
    expect(woke).toBe(true);
  });

  it('runs faster when scaled', async () => {
    const clock = new VirtualClock(360_000); // one real millisecond = 6 virtual minutes
    const start = clock.now().getTime();
    await clock.sleepUntil(new Date(start + 60 * 60_000)); // one virtual hour
    expect(clock.now().getTime() - start).toBeGreaterThanOrEqual(60 * 60_000);
  });

  it('resolves early when its signal aborts', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const sleep = clock.sleepUntil(new Date(Date.now() + 86_400_000), controller.signal);
    controller.abort();
    await expect(sleep).resolves.toBeUndefined();
  });
});

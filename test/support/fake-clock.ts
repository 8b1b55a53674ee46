// An injectable clock for the transport. Sleeps return at once (or wait for an abort) and
// advance `now` by what was asked; deadline timers fire only when fake time reaches them
// (`advance`, or a sleep). Tests assert on the delays the SDK chose and fire a timeout at
// the moment they choose, instead of waiting or reading the wall clock.
import type { Clock } from '../../src/transport/clock';

export interface FakeClock extends Clock {
  /** Every delay the SDK asked to sleep, in order. */
  readonly sleeps: number[];
  /** Total fake milliseconds elapsed since the clock was created. */
  elapsed(): number;
  /** Moves fake time forward, firing every timer that falls due. */
  advance(ms: number): void;
  /** Deadline timers armed and not yet fired or cancelled. */
  pendingTimers(): number;
  /** What `random()` returns next; default 0.5. */
  nextRandom: number;
  /** When true, a sleep never resolves on its own: only an abort ends it. */
  holdSleeps: boolean;
  /** Runs at each sleep, before it resolves (e.g. to restart a server during a backoff). */
  onSleep?: (ms: number) => void | Promise<void>;
}

export function createFakeClock(start = Date.UTC(2025, 0, 1)): FakeClock {
  let now = start;
  const timers = new Set<{ at: number; callback: () => void }>();
  const clock: FakeClock = {
    sleeps: [],
    nextRandom: 0.5,
    holdSleeps: false,
    now: () => now,
    random: () => clock.nextRandom,
    elapsed: () => now - start,
    pendingTimers: () => timers.size,
    advance(ms) {
      now += ms;
      for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
        if (timer.at > now) continue;
        timers.delete(timer);
        timer.callback();
      }
    },
    timer(ms, callback) {
      const timer = { at: now + ms, callback };
      timers.add(timer);
      return () => timers.delete(timer);
    },
    async sleep(ms, signal) {
      clock.sleeps.push(ms);
      if (signal.aborted) throw signal.reason;
      if (clock.holdSleeps) {
        await new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      }
      await clock.onSleep?.(ms);
      clock.advance(ms);
      if (signal.aborted) throw signal.reason;
    },
  };
  return clock;
}

/** Resolves once `condition()` holds (polling on the event loop, not a timing assertion). */
export async function until(condition: () => boolean, what = 'the condition'): Promise<void> {
  for (let i = 0; i < 5000; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  throw new Error(`Timed out waiting for ${what}.`);
}

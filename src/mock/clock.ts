// The mock's only source of time: timestamps (`createdAt`), the FlowRun lifecycle and webhook
// redeliveries read it. Tests inject a manual clock and move it with `advance()`, so a run
// goes from `queued` to `finished` without any real waiting.

export interface MockClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` after `ms`; returns the function that cancels it. */
  setTimer(ms: number, callback: () => void): () => void;
}

export interface ManualClock extends MockClock {
  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void;
  /** Timers armed and not yet fired or cancelled. */
  pending(): number;
}

export const realClock: MockClock = {
  now: () => Date.now(),
  setTimer(ms, callback) {
    const handle = setTimeout(callback, ms);
    // The server keeps the process alive while it listens; a timer alone must not.
    handle.unref();
    return () => clearTimeout(handle);
  },
};

/** A clock that moves only when told to. Default start: 2025-01-01T00:00:00Z. */
export function createManualClock(start: number | Date = Date.UTC(2025, 0, 1)): ManualClock {
  let now = typeof start === 'number' ? start : start.getTime();
  let sequence = 0;
  const timers = new Map<number, { at: number; order: number; callback: () => void }>();
  return {
    now: () => now,
    pending: () => timers.size,
    setTimer(ms, callback) {
      const id = ++sequence;
      timers.set(id, { at: now + Math.max(0, ms), order: id, callback });
      return () => timers.delete(id);
    },
    advance(ms) {
      const target = now + ms;
      // Timers armed by a firing timer are honoured in the same advance when they fall due.
      for (;;) {
        let next: [number, { at: number; order: number; callback: () => void }] | undefined;
        for (const entry of timers) {
          if (entry[1].at > target) continue;
          if (!next || entry[1].at < next[1].at || (entry[1].at === next[1].at && entry[1].order < next[1].order)) next = entry;
        }
        if (!next) break;
        timers.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].callback();
      }
      now = target;
    },
  };
}

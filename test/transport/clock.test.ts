// The real clock's sleep: resolves after the delay, rejects with the signal's reason at once
// on abort and leaves no timer behind. Driven by jest's fake timers, not the wall clock.
import { realClock } from '../../src/transport/clock';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

it('resolves after the delay', async () => {
  const done = jest.fn();
  const sleeping = realClock.sleep(1000, new AbortController().signal).then(done);
  await jest.advanceTimersByTimeAsync(999);
  expect(done).not.toHaveBeenCalled();
  await jest.advanceTimersByTimeAsync(1);
  await sleeping;
  expect(done).toHaveBeenCalled();
});

it('rejects with the reason as soon as the signal aborts, and clears its timer', async () => {
  const controller = new AbortController();
  const sleeping = realClock.sleep(60_000, controller.signal);
  const reason = new Error('stop');
  controller.abort(reason);
  await expect(sleeping).rejects.toBe(reason);
  expect(jest.getTimerCount()).toBe(0);
});

it('rejects at once for an aborted signal', async () => {
  await expect(realClock.sleep(10, AbortSignal.abort('why'))).rejects.toBe('why');
  expect(jest.getTimerCount()).toBe(0);
});

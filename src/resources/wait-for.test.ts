import { createFakeClock } from '../../test/support/fake-clock';
import { AbortError, InvalidRequestError, NotFoundError, TimeoutError } from '../errors';
import type { ResourceOf } from './types';
import { FLOW_RUN_TERMINAL_STATUSES, waitForFlowRun, waitForStatus, type WaitForRequestOptions } from './wait-for';

type Run = { id: string; status: string };

/** A retrieve that answers the given statuses in turn (the last one forever) and records its calls. */
function scripted(statuses: string[]) {
  const calls: { id: string; options: WaitForRequestOptions }[] = [];
  let index = 0;
  const retrieve = async (id: string, options: WaitForRequestOptions): Promise<Run> => {
    calls.push({ id, options });
    const status = statuses[Math.min(index++, statuses.length - 1)] as string;
    return { id, status };
  };
  return { retrieve, calls };
}

describe('waitForFlowRun', () => {
  test('returns at once when the run is already terminal: one GET, no sleep', async () => {
    const clock = createFakeClock();
    const { retrieve, calls } = scripted(['finished']);
    const run = await waitForFlowRun(retrieve, 'run-1', { clock });
    expect(run).toEqual({ id: 'run-1', status: 'finished' });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.id).toBe('run-1');
    expect(calls[0]?.options.signal).toBeInstanceOf(AbortSignal);
    expect(clock.sleeps).toEqual([]);
  });

  test('polls queued → running → finished with doubling waits, reporting each poll', async () => {
    const clock = createFakeClock();
    const { retrieve, calls } = scripted(['queued', 'running', 'running', 'finished']);
    const seen: string[] = [];
    const run = await waitForFlowRun(retrieve, 'run-1', { clock, onPoll: (r) => void seen.push(r.status) });
    expect(run.status).toBe('finished');
    expect(calls).toHaveLength(4);
    expect(seen).toEqual(['queued', 'running', 'running', 'finished']);
    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000]);
  });

  test('the wait is capped at maxPollIntervalMs', async () => {
    const clock = createFakeClock();
    const { retrieve } = scripted([...Array(8).fill('running'), 'timeout']);
    await waitForFlowRun(retrieve, 'r', { clock, pollIntervalMs: 500, maxPollIntervalMs: 3_000 });
    expect(clock.sleeps).toEqual([500, 1_000, 2_000, 3_000, 3_000, 3_000, 3_000, 3_000]);
  });

  test.each(FLOW_RUN_TERMINAL_STATUSES)('stops by default at %s', async (terminal) => {
    const { retrieve } = scripted(['running', terminal]);
    expect((await waitForFlowRun(retrieve, 'r', { clock: createFakeClock() })).status).toBe(terminal);
  });

  test('the default statuses are the four terminal ones', () => {
    expect([...FLOW_RUN_TERMINAL_STATUSES].sort()).toEqual(['cancelled', 'exception', 'finished', 'timeout']);
  });

  test('`until` replaces the default: wait until running', async () => {
    const { retrieve, calls } = scripted(['queued', 'running', 'finished']);
    expect((await waitForFlowRun(retrieve, 'r', { clock: createFakeClock(), until: ['running'] })).status).toBe('running');
    expect(calls).toHaveLength(2);
  });

  test('TimeoutError as soon as the next GET would come after timeoutMs, naming the last status', async () => {
    const clock = createFakeClock();
    const { retrieve, calls } = scripted(['running']);
    const error = await waitForFlowRun(retrieve, 'run-9', { clock, timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/run-9 did not reach finished, timeout, exception, cancelled within 5000 ms \(last status: running\)/);
    expect((error as Error).message).toMatch(/webhooks/);
    // GETs at 0, 1 and 3 s; the next would be at 7 s, after the 5 s deadline.
    expect(clock.sleeps).toEqual([1_000, 2_000]);
    expect(clock.elapsed()).toBe(3_000);
    expect(calls).toHaveLength(3);
  });

  test('the deadline aborts a GET in flight (real clock)', async () => {
    const retrieve = (_id: string, { signal }: WaitForRequestOptions) =>
      new Promise<Run>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted by signal')), { once: true }));
    const started = Date.now();
    const error = await waitForFlowRun(retrieve, 'r', { timeoutMs: 60 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toMatch(/last status: none yet/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  test('an abort during a wait: AbortError with the reason as cause', async () => {
    const clock = createFakeClock();
    const controller = new AbortController();
    clock.holdSleeps = true;
    const { retrieve } = scripted(['queued']);
    const waiting = waitForFlowRun(retrieve, 'r', { clock, signal: controller.signal });
    await new Promise((r) => setTimeout(r, 5));
    controller.abort(new Error('user pressed ctrl-c'));
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as Error).message).toMatch(/last status: queued/);
    expect(((error as Error).cause as Error).message).toBe('user pressed ctrl-c');
  });

  test('an abort during a GET aborts that GET', async () => {
    const controller = new AbortController();
    let sawAbort = false;
    const retrieve = (_id: string, { signal }: WaitForRequestOptions) =>
      new Promise<Run>((_resolve, reject) =>
        signal.addEventListener('abort', () => {
          sawAbort = true;
          reject(new Error('request aborted'));
        }),
      );
    const waiting = waitForFlowRun(retrieve, 'r', { signal: controller.signal, clock: createFakeClock() });
    controller.abort();
    expect(await waiting.catch((e: unknown) => e)).toBeInstanceOf(AbortError);
    expect(sawAbort).toBe(true);
  });

  test('an already aborted signal: no GET at all', async () => {
    const { retrieve, calls } = scripted(['queued']);
    await expect(waitForFlowRun(retrieve, 'r', { signal: AbortSignal.abort(), clock: createFakeClock() })).rejects.toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(0);
  });

  test("a failing GET's error is passed on as it is", async () => {
    const notFound = new NotFoundError('no such run', { status: 404 });
    const retrieve = async (): Promise<Run> => {
      throw notFound;
    };
    await expect(waitForFlowRun(retrieve, 'gone', { clock: createFakeClock() })).rejects.toBe(notFound);
  });

  test.each([
    ['an empty until', { until: [] }],
    ['a zero timeout', { timeoutMs: 0 }],
    ['a NaN timeout', { timeoutMs: Number.NaN }],
    ['a negative interval', { pollIntervalMs: -5 }],
    ['an infinite interval', { pollIntervalMs: Infinity }],
  ])('refuses %s before any GET', async (_name, options) => {
    const { retrieve, calls } = scripted(['queued']);
    await expect(waitForFlowRun(retrieve, 'r', { clock: createFakeClock(), ...options })).rejects.toBeInstanceOf(InvalidRequestError);
    expect(calls).toHaveLength(0);
  });

  test('timeoutMs: Infinity waits as long as it takes', async () => {
    const clock = createFakeClock();
    const { retrieve } = scripted([...Array(50).fill('running'), 'finished']);
    expect((await waitForFlowRun(retrieve, 'r', { clock, timeoutMs: Infinity })).status).toBe('finished');
    expect(clock.sleeps).toHaveLength(50);
  });
});

describe('waitForStatus', () => {
  test('any resource with a status, e.g. a FlowGeneration until finished', async () => {
    const { retrieve } = scripted(['queued', 'processing', 'finished']);
    expect((await waitForStatus(retrieve, 'gen-1', { until: ['finished'], clock: createFakeClock() })).status).toBe('finished');
  });
});

// Type-level: with a typed retrieve, `until` takes the resource's statuses only.
export async function typeChecks(retrieve: (id: string, o: WaitForRequestOptions) => Promise<ResourceOf<'flowRuns'>>): Promise<void> {
  const run = await waitForFlowRun(retrieve, 'r', { until: ['running', 'finished'] });
  const cost: number = run.cost;
  void cost;
  // @ts-expect-error not a FlowRun status
  await waitForFlowRun(retrieve, 'r', { until: ['done'] });
}

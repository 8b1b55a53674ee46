// The JSON:API query syntax end to end: the SDK serializes, the mock parses (parseQuery), checks
// against the operation's parameter schemas and applies it. The store is seeded with known
// resources, so every expectation is computed here from the seed, not by the mock's code.
import { createManualClock } from '../../src/mock/index';
import { expectConformance, startHarness, type Harness } from './harness';

const uuid = (n: number, prefix = '00000000'): string => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const FLOWS = [uuid(1, 'f1000000'), uuid(2, 'f1000000')];
const THREADS = [uuid(1, 'a1000000'), uuid(2, 'a1000000'), uuid(3, 'a1000000')];
const STATUSES = ['finished', 'timeout', 'cancelled', 'finished', 'running'] as const;

interface Run {
  id: string;
  status: string;
  cost: number;
  createdAt: string;
  flowId: string;
  messageThreadId: string;
}

const RUNS: Run[] = Array.from({ length: 30 }, (_, i) => ({
  id: uuid(i + 1, 'b1000000'),
  status: STATUSES[i % STATUSES.length] as string,
  cost: (i * 7) % 11,
  createdAt: new Date(Date.UTC(2024, 0, 1 + i)).toISOString(),
  flowId: FLOWS[i % 2] as string,
  messageThreadId: THREADS[i % 3] as string,
}));

const timestamps = { createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' };
const links = { links: { related: null } };

const SEED = [
  ...FLOWS.map((id, i) => ({
    id,
    type: 'flows',
    attributes: { ...timestamps, name: `Flow ${i + 1}`, reminderInterval: 0, reminderMessage: '', sessionTimeout: 60, publishedAt: null, unpublishedChanges: false, flowGenerationId: null },
  })),
  ...THREADS.map((id, i) => ({ id, type: 'messageThreads', attributes: { ...timestamps, channel: 'whatsapp', identifier: `3161234567${i}`, candidateId: null } })),
  ...[0, 1, 2].map((i) => ({
    id: uuid(i + 1, 'c1000000'),
    type: 'nodes',
    attributes: { ...timestamps, name: `Step ${i}`, index: i, isStartFlow: i === 0, isEndFlow: false, endFlowType: null },
    relationships: { flow: { ...links, data: { type: 'flows', id: FLOWS[0] } } },
  })),
  ...RUNS.map((run) => ({
    id: run.id,
    type: 'flowRuns',
    attributes: { createdAt: run.createdAt, updatedAt: run.createdAt, flowId: run.flowId, messageThreadId: run.messageThreadId, state: {}, initialMessage: {}, status: run.status, cost: run.cost },
  })),
];

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ seed: { resources: SEED }, clock: createManualClock() });
});
afterAll(async () => {
  await h.close();
});

const ids = (list: readonly { id: string }[]): string[] => list.map((r) => r.id);
/** The query string of the last request the mock received. */
const lastQuery = (): string => decodeURIComponent(h.mock.requests.at(-1)?.url.split('?')[1] ?? '');

describe('filters', () => {
  it('a value, and a list of values (any of)', async () => {
    const one = await h.recrubo.flowRuns.list({ filter: { status: 'finished' }, page: { size: 200 } });
    expect(ids(one.data)).toEqual(RUNS.filter((r) => r.status === 'finished').map((r) => r.id));
    const any = await h.recrubo.flowRuns.list({ filter: { status: ['timeout', 'cancelled'] }, page: { size: 200 } });
    expect(lastQuery()).toBe('filter[status]=timeout,cancelled&page[size]=200');
    expect(ids(any.data)).toEqual(RUNS.filter((r) => r.status === 'timeout' || r.status === 'cancelled').map((r) => r.id));
  });

  it('operators: gt/gte/lt/lte on numbers and dates, eq, eql, prefix, suffix, match', async () => {
    const cases: [Record<string, unknown>, (r: Run) => boolean][] = [
      [{ cost: { gt: 5 } }, (r) => r.cost > 5],
      [{ cost: { gte: 5, lte: 8 } }, (r) => r.cost >= 5 && r.cost <= 8],
      [{ cost: { lt: 3 } }, (r) => r.cost < 3],
      [{ createdAt: { gte: new Date(Date.UTC(2024, 0, 10)), lt: new Date(Date.UTC(2024, 0, 20)) } }, (r) => r.createdAt >= '2024-01-10' && r.createdAt < '2024-01-20'],
      [{ status: { eq: 'FINISHED' } }, () => false],
      [{ status: { eql: 'FINISHED' } }, (r) => r.status === 'finished'],
      [{ status: { prefix: 'fin' } }, (r) => r.status.startsWith('fin')],
      [{ status: { suffix: 'out' } }, (r) => r.status.endsWith('out')],
      [{ flowId: { match: [FLOWS[1] as string] }, messageThreadId: THREADS[0] as string }, (r) => r.flowId === FLOWS[1] && r.messageThreadId === THREADS[0]],
    ];
    for (const [filter, predicate] of cases) {
      const page = await h.recrubo.flowRuns.list({ filter: filter as never, page: { size: 200 } });
      expect({ filter, ids: ids(page.data) }).toEqual({ filter, ids: RUNS.filter(predicate).map((r) => r.id) });
      expect(page.meta.total).toBe(RUNS.filter(predicate).length);
      expect(page.meta.totalUnfiltered).toBe(RUNS.length);
    }
    await h.recrubo.flowRuns.list({ filter: { createdAt: { gt: new Date(Date.UTC(2024, 0, 10)) } } });
    expect(lastQuery()).toBe('filter[createdAt][gt]=2024-01-10T00:00:00.000Z');
  });
});

describe('sort', () => {
  it('several keys, each ascending or descending', async () => {
    const page = await h.recrubo.flowRuns.list({ sort: ['-cost', 'createdAt'], page: { size: 200 } });
    expect(lastQuery()).toBe('sort=-cost,createdAt&page[size]=200');
    const expected = [...RUNS].sort((a, b) => b.cost - a.cost || a.createdAt.localeCompare(b.createdAt));
    expect(ids(page.data)).toEqual(ids(expected));
    const byStatus = await h.recrubo.flowRuns.list({ sort: ['status', '-createdAt'], page: { size: 200 } });
    expect(ids(byStatus.data)).toEqual(ids([...RUNS].sort((a, b) => a.status.localeCompare(b.status) || b.createdAt.localeCompare(a.createdAt))));
  });
});

describe('pagination', () => {
  it('pages with the documented meta, to the last page and past it', async () => {
    const filter = { status: ['finished', 'timeout', 'cancelled'] };
    const matching = RUNS.filter((r) => filter.status.includes(r.status));
    const first = await h.recrubo.flowRuns.list({ filter, sort: 'createdAt', page: { size: 7 } });
    expect(first.meta).toEqual({ total: matching.length, totalUnfiltered: 30, currentSize: 7, currentPage: 1, maxPage: Math.ceil(matching.length / 7) });
    const last = await h.recrubo.flowRuns.list({ filter, sort: 'createdAt', page: { size: 7, number: first.meta.maxPage } });
    expect(ids(last.data)).toEqual(ids(matching.slice((first.meta.maxPage - 1) * 7)));
    expect(last.hasNextPage()).toBe(false);
    const past = await h.recrubo.flowRuns.list({ page: { size: 7, number: 99 } });
    expect(past.data).toEqual([]);
    expect(past.meta).toMatchObject({ currentPage: 99, maxPage: 5 });
  });

  it('iterate() walks every page once, in order', async () => {
    const before = h.mock.requests.length;
    const seen: string[] = [];
    for await (const run of h.recrubo.flowRuns.iterate({ sort: '-createdAt', page: { size: 4 } })) seen.push(run.id);
    expect(seen).toEqual(ids([...RUNS].reverse()));
    const pagesAsked = h.mock.requests.slice(before).map((r) => /page\[number\]=(\d+)/.exec(r.url)?.[1] ?? '1');
    expect(pagesAsked).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });
});

describe('include', () => {
  it('resolves to-one relationships from `included`, on lists and on one resource', async () => {
    const page = await h.recrubo.flowRuns.list({ include: ['flow', 'messageThread'], sort: 'createdAt', page: { size: 5 } });
    expect(lastQuery()).toBe('sort=createdAt&page[size]=5&include=flow,messageThread');
    for (const [index, run] of page.data.entries()) {
      expect(run.flow).toMatchObject({ type: 'flows', id: RUNS[index]?.flowId, name: `Flow ${FLOWS.indexOf(RUNS[index]?.flowId as string) + 1}` });
      expect(run.messageThread).toMatchObject({ type: 'messageThreads', id: RUNS[index]?.messageThreadId, channel: 'whatsapp' });
    }
    const one = await h.recrubo.flowRuns.retrieve(RUNS[1]?.id as string, { include: ['flow'] });
    expect(one.flow?.name).toBe('Flow 2');
    expect(one.messageThread).toBeUndefined(); // not included: the server sent links only
    expect(() => JSON.stringify(one)).not.toThrow();
  });

  it('resolves to-many relationships derived from the related resources', async () => {
    const thread = await h.recrubo.messageThreads.retrieve(THREADS[0] as string, { include: ['flowRuns'] });
    const expected = RUNS.filter((r) => r.messageThreadId === THREADS[0]).map((r) => r.id);
    expect(ids(thread.flowRuns as { id: string }[])).toEqual(expected);
    expect((thread.flowRuns as { status: string }[]).every((r) => typeof r.status === 'string')).toBe(true);
    const flow = await h.recrubo.flows.retrieve(FLOWS[0] as string, { include: ['nodes'] });
    expect((flow.nodes as { name: string }[]).map((n) => n.name)).toEqual(['Step 0', 'Step 1', 'Step 2']);
  });
});

it('every request the SDK made was within the spec, every response too', () => {
  expectConformance(h);
});

import { iteratePages, Page, type PageResult } from './pagination';

function pages(sizes: number[], maxPage = sizes.length) {
  const requested: number[] = [];
  const fetchPage = async (n: number): Promise<PageResult<string>> => {
    requested.push(n);
    const count = sizes[n - 1] ?? 0;
    return {
      data: Array.from({ length: count }, (_, i) => `p${n}-${i}`),
      meta: { total: 0, totalUnfiltered: 0, currentSize: 2, currentPage: n, maxPage },
      links: undefined,
    };
  };
  return { requested, fetchPage };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('iteratePages', () => {
  it('walks every page up to meta.maxPage, in order', async () => {
    const { requested, fetchPage } = pages([2, 2, 1]);
    expect(await collect(iteratePages(fetchPage, 1))).toEqual(['p1-0', 'p1-1', 'p2-0', 'p2-1', 'p3-0']);
    expect(requested).toEqual([1, 2, 3]);
  });

  it('stops on an empty page even if maxPage says there are more', async () => {
    const { requested, fetchPage } = pages([2, 0, 2], 3);
    expect(await collect(iteratePages(fetchPage, 1))).toEqual(['p1-0', 'p1-1']);
    expect(requested).toEqual([1, 2]);
  });

  it('honours maxPages', async () => {
    const { requested, fetchPage } = pages([1, 1, 1, 1]);
    expect(await collect(iteratePages(fetchPage, 1, { maxPages: 2 }))).toEqual(['p1-0', 'p2-0']);
    expect(requested).toEqual([1, 2]);
  });

  it('fails instead of repeating items when the server ignores page[number]', async () => {
    const requested: number[] = [];
    const seen: string[] = [];
    const stuck = async (n: number): Promise<PageResult<string>> => {
      requested.push(n);
      return { data: [`x${n}`], meta: { total: 9, totalUnfiltered: 9, currentSize: 1, currentPage: 1, maxPage: 9 }, links: undefined };
    };
    const walk = async () => {
      for await (const item of iteratePages(stuck, 1)) seen.push(item);
    };
    await expect(walk()).rejects.toMatchObject({ name: 'ResponseParseError', pointer: '/meta/currentPage' });
    expect(seen).toEqual(['x1']);
    expect(requested).toEqual([1, 2]);
  });

  it('starts at the given page', async () => {
    const { requested, fetchPage } = pages([1, 1, 1]);
    expect(await collect(iteratePages(fetchPage, 2))).toEqual(['p2-0', 'p3-0']);
    expect(requested).toEqual([2, 3]);
  });

  it('with readAhead requests page n+1 before the caller has finished page n', async () => {
    const { requested, fetchPage } = pages([2, 2, 1]);
    const seenWhenFirstItemArrives: number[][] = [];
    for await (const item of iteratePages(fetchPage, 1, { readAhead: true })) {
      if (item === 'p1-0') seenWhenFirstItemArrives.push([...requested]);
    }
    expect(seenWhenFirstItemArrives).toEqual([[1, 2]]);
    expect(requested).toEqual([1, 2, 3]);
  });

  it('aborts the read-ahead request when the loop stops early, without an unhandled rejection', async () => {
    let abortedSignal: AbortSignal | undefined;
    const fetchPage = async (n: number, signal?: AbortSignal): Promise<PageResult<string>> => {
      if (n === 2) {
        abortedSignal = signal;
        throw new Error('page 2 failed');
      }
      return { data: ['a', 'b'], meta: { total: 4, totalUnfiltered: 4, currentSize: 2, currentPage: n, maxPage: 2 }, links: undefined };
    };
    for await (const item of iteratePages(fetchPage, 1, { readAhead: true })) {
      if (item === 'a') break;
    }
    expect(abortedSignal?.aborted).toBe(true);
  });

  it('propagates a page error to the loop', async () => {
    const fetchPage = async (n: number): Promise<PageResult<string>> => {
      if (n === 2) throw new Error('boom');
      return { data: ['a'], meta: { total: 2, totalUnfiltered: 2, currentSize: 1, currentPage: 1, maxPage: 2 }, links: undefined };
    };
    await expect(collect(iteratePages(fetchPage, 1))).rejects.toThrow('boom');
  });
});

describe('Page', () => {
  it('knows whether there is a next page and fetches it', async () => {
    const { fetchPage, requested } = pages([2, 1]);
    const first = new Page(await fetchPage(1), fetchPage);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.nextPage();
    expect(second?.data).toEqual(['p2-0']);
    expect(second?.hasNextPage()).toBe(false);
    expect(await second?.nextPage()).toBeNull();
    expect(requested).toEqual([1, 2]);
    expect([...first]).toEqual(['p1-0', 'p1-1']);
  });
});

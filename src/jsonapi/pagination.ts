// Pages of a list and the walk over all of them. Pagination is a layer of its own: it only
// needs "fetch page n", so every listable resource shares it.
import { ResponseParseError } from '../errors';

/** The list `meta` Recrubo sends. `currentSize` is the page size applied, not the item count. */
export interface ListMeta {
  total: number;
  totalUnfiltered: number;
  currentSize: number;
  currentPage: number;
  maxPage: number;
}

export interface PageResult<T> {
  data: T[];
  meta: ListMeta;
  links: Record<string, unknown> | undefined;
}

export type PageFetcher<T> = (pageNumber: number, signal?: AbortSignal) => Promise<PageResult<T>>;

/** One page of a list: its items, the list `meta`, and the way to the next page. */
export class Page<T> implements PageResult<T> {
  // `declare`d, not class fields: the constructor sets each (in this order), and a field list
  // would only repeat the names in browser bundles.
  declare readonly data: T[];
  declare readonly meta: ListMeta;
  declare readonly links: Record<string, unknown> | undefined;
  readonly #fetchPage: PageFetcher<T>;

  constructor(result: PageResult<T>, fetchPage: PageFetcher<T>) {
    this.data = result.data;
    this.meta = result.meta;
    this.links = result.links;
    this.#fetchPage = fetchPage;
  }

  /** True when the server reports a later page and this one was not empty. */
  hasNextPage(): boolean {
    return this.data.length > 0 && this.meta.currentPage < this.meta.maxPage;
  }

  /** The next page, or `null` after the last one. */
  async nextPage(): Promise<Page<T> | null> {
    if (!this.hasNextPage()) return null;
    return new Page(await this.#fetchPage(this.meta.currentPage + 1), this.#fetchPage);
  }

  /** Iterates this page's items (not the following pages: use `iterate()` for that). */
  [Symbol.iterator](): Iterator<T> {
    return this.data[Symbol.iterator]();
  }
}

export interface IterateOptions {
  /** Stop after this many pages. Default: no bound. */
  maxPages?: number;
  /**
   * Fetch page n+1 while the caller still consumes page n. Default `false`.
   * Faster walks; costs at most one request that is aborted if the loop stops early.
   */
  readAhead?: boolean;
}

/**
 * Walks every page from `firstPage` on, yielding items. Stops after `meta.maxPage`, on an
 * empty page, after `maxPages`, and never requests the same page twice (a server that
 * repeats `currentPage` ends the walk instead of looping).
 */
export async function* iteratePages<T>(fetchPage: PageFetcher<T>, firstPage: number, options: IterateOptions = {}): AsyncGenerator<T, void, undefined> {
  const maxPages = options.maxPages ?? Infinity;
  const requested = new Set<number>();
  const controller = new AbortController();
  const request = (n: number): Promise<PageResult<T>> => {
    requested.add(n);
    return fetchPage(n, controller.signal);
  };
  let pending: Promise<PageResult<T>> | undefined = request(firstPage);
  let pageNumber = firstPage;
  let pagesFetched = 0;
  try {
    while (pending) {
      const page: PageResult<T> = await pending;
      pending = undefined;
      pagesFetched += 1;
      if (page.meta.currentPage !== pageNumber) {
        // A server that ignores page[number] would make the walk repeat items forever.
        throw new ResponseParseError(
          `Asked for page ${pageNumber}, the server answered page ${page.meta.currentPage}; stopping so no item is repeated.`,
          { pointer: '/meta/currentPage' },
        );
      }
      const next = pageNumber + 1;
      const more = page.data.length > 0 && page.meta.currentPage < page.meta.maxPage && pagesFetched < maxPages && !requested.has(next);
      if (more) pageNumber = next;
      if (more && options.readAhead) {
        pending = request(next);
        // Handled when awaited; this only keeps an early `break` from reporting it as unhandled.
        pending.catch(() => undefined);
      }
      yield* page.data;
      if (more && !pending) pending = request(next);
    }
  } finally {
    controller.abort();
  }
}

// Client-side conveniences that are not API operations, attached to a resource's client.
// Kept apart from the table (which lists only what the API documents) so that the contract
// suite's "exactly the documented methods" check can tell the two apart.
import type { ResourceOf } from './types';
import { waitForFlowRun, type WaitForOptions } from './wait-for';

interface Retrieves<R> {
  retrieve(id: string, params?: undefined, options?: { signal?: AbortSignal }): Promise<R>;
}

export interface ResourceHelpers {
  flowRuns: {
    /**
     * Polls `retrieve` with backoff until the run reaches one of `until` (default: a terminal
     * status: finished, timeout, exception, cancelled). For the sandbox and scripts only:
     * **production code should use webhooks**, which Recrubo sends when a run starts and ends.
     */
    waitFor(id: string, options?: WaitForOptions<ResourceOf<'flowRuns'>['status']>): Promise<ResourceOf<'flowRuns'>>;
  };
}

export const HELPERS: { [N in keyof ResourceHelpers]: (client: Retrieves<ResourceOf<N>>) => ResourceHelpers[N] } = {
  flowRuns: (client) => ({
    waitFor: (id, options) => waitForFlowRun((runId, requestOptions) => client.retrieve(runId, undefined, requestOptions), id, options),
  }),
};

/** Names of the helper methods of a resource, for checks that separate them from API methods. */
export function helperNamesOf(resource: string): string[] {
  const make = (HELPERS as Record<string, ((client: never) => object) | undefined>)[resource];
  return make ? Object.keys(make({ retrieve: () => Promise.reject(new Error('unused')) } as never)) : [];
}

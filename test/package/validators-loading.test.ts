// How `validateResponses` loads its checks (src/transport/drift-check.ts, which imports the
// generated validators) when the loader is asynchronous, as in the package's ESM build
// (scripts/build/validators-loader.esm.ts: import()). The smoke test of the packed tarball
// (npm run check:package) runs the real ESM build; here the loader is replaced by a promise, so
// that the waiting and the failure are checked in detail.
import retrieved from '../../contracts/examples/flowRuns.retrieve.200.json';
import type * as Loader from '../../src/transport/validators-loader';

const JSON_API = { 'Content-Type': 'application/vnd.api+json' };
const drifted = { ...retrieved, data: { ...retrieved.data, attributes: { ...retrieved.data.attributes, status: 'paused' } } };

type Sdk = typeof import('../../src');

/**
 * The SDK with its validators loader answering `load(driftCheck)` instead of requiring
 * drift-check.ts: `driftCheck` is that module, required in the SDK's own module registry so
 * that the ContractViolationError it throws is the SDK's.
 */
function sdkWithLoader(load: (driftCheck: unknown) => Promise<unknown>): Sdk {
  let sdk: Sdk | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const driftCheck: unknown = require('../../src/transport/drift-check');
    jest.doMock('../../src/transport/validators-loader', (): typeof Loader => ({ loadDriftCheck: (() => load(driftCheck)) as typeof Loader.loadDriftCheck }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sdk = require('../../src') as Sdk;
  });
  return sdk!;
}

const answering = (body: unknown) => async () => new Response(JSON.stringify(body), { status: 200, headers: JSON_API });

describe('validators loaded asynchronously (the ESM build)', () => {
  it('waits for them before the first request, then validates', async () => {
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { Recrubo, ContractViolationError } = sdkWithLoader(async (driftCheck) => {
      await gate;
      order.push('validators loaded');
      return driftCheck;
    });
    const recrubo = new Recrubo({
      apiKey: 'rk_test_loading',
      validateResponses: 'throw',
      fetch: async (request) => {
        order.push('request sent');
        return answering(request.url.includes('drifted') ? drifted : retrieved)();
      },
    });
    const first = recrubo.flowRuns.retrieve(retrieved.data.id);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(order).toEqual([]);
    release();
    await expect(first).resolves.toMatchObject({ status: 'finished' });
    expect(order).toEqual(['validators loaded', 'request sent']);
    await expect(recrubo.flowRuns.retrieve('drifted')).rejects.toBeInstanceOf(ContractViolationError);
  });

  it("reports them once per drift in 'warn' mode with no extra code", async () => {
    const { Recrubo } = sdkWithLoader(async (driftCheck) => driftCheck);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const recrubo = new Recrubo({ apiKey: 'rk_test_loading', validateResponses: 'warn', fetch: answering(drifted) });
      await expect(recrubo.flowRuns.retrieve(retrieved.data.id)).resolves.toMatchObject({ status: 'paused' });
      await recrubo.flowRuns.retrieve(retrieved.data.id);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/departs from the spec \(retrieveFlowRun\): \/data\/attributes\/status/);
    } finally {
      warn.mockRestore();
    }
  });

  it('fails each call with ConfigurationError when they cannot be loaded, and nothing is sent', async () => {
    const { Recrubo, ConfigurationError } = sdkWithLoader(() => Promise.reject(new Error('Cannot find module generated/validators.js')));
    const fetch = jest.fn(answering(retrieved));
    const recrubo = new Recrubo({ apiKey: 'rk_test_loading', validateResponses: 'warn', fetch });
    const error = await recrubo.flowRuns.retrieve(retrieved.data.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/validateResponses is 'warn' but the response validators could not be loaded \(Cannot find module/);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('is never asked for them when validation is off', async () => {
    const load = jest.fn(() => Promise.reject(new Error('must not load')));
    const { Recrubo } = sdkWithLoader(load);
    await expect(new Recrubo({ apiKey: 'rk_test_loading', fetch: answering(drifted) }).flowRuns.retrieve(retrieved.data.id)).resolves.toBeDefined();
    expect(load).not.toHaveBeenCalled();
  });
});

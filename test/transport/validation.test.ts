// validateResponses: response bodies against the spec's schema for their operation and
// status, with the validators that `npm run generate` compiled into generated/validators.js.
import list from '../../contracts/examples/flowRuns.list.200.json';
import retrieved from '../../contracts/examples/flowRuns.retrieve.200.json';
import { operations as specOperations, loadBundledSpec, mediaTypeObject } from '../../contracts/support/spec';
import { operations, validators } from '../../generated/validators';
import { ConfigurationError, ContractViolationError, NotFoundError, Recrubo, type RecruboOptions, type ResponseDrift } from '../../src';

const JSON_API = { 'Content-Type': 'application/vnd.api+json' };
type Json = Record<string, unknown>;

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** A list document whose every item has drifted in the same two ways, and the first in a third. */
function driftedList(): Json {
  const doc = clone(list) as { data: Array<{ attributes: Json }> };
  for (const item of doc.data) {
    item.attributes.status = 'teleported';
    item.attributes.newField = 1;
  }
  delete doc.data[0]!.attributes.cost;
  return doc as unknown as Json;
}

function clientAnswering(body: unknown, status = 200, options: Partial<RecruboOptions> = {}): Recrubo {
  return new Recrubo({
    apiKey: 'rk_test_validation',
    maxRetries: 0,
    fetch: async () => new Response(JSON.stringify(body), { status, headers: JSON_API }),
    ...options,
  });
}

describe('the generated validators', () => {
  const spec = loadBundledSpec();

  it('cover every operation of the spec, keyed by method and path', () => {
    const expected = specOperations(spec).map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(Object.keys(operations).sort()).toEqual(expected.sort());
  });

  it('exist for every documented JSON:API response body, keyed by operationId and status', () => {
    const expected: string[] = [];
    for (const op of specOperations(spec)) {
      for (const status of Object.keys(op.object.responses as Json)) {
        if (mediaTypeObject(spec, op, status as unknown as number)?.schema) expected.push(`${op.operationId} ${status}`);
      }
    }
    expect(Object.keys(validators).sort()).toEqual(expected.sort());
  });

  it('accept the documented examples and are strict about formats', () => {
    expect(validators['retrieveFlowRun 200']!(retrieved)).toBe(true);
    expect(validators['listFlowRuns 200']!(list)).toBe(true);
    const yesterday = clone(retrieved);
    yesterday.data.attributes.createdAt = 'yesterday';
    expect(validators['retrieveFlowRun 200']!(yesterday)).toBe(false);
  });
});

describe("validateResponses: 'throw'", () => {
  it('raises ContractViolationError listing the JSON pointer of every departure', async () => {
    const error = (await clientAnswering(driftedList(), 200, { validateResponses: 'throw' })
      .flowRuns.list()
      .catch((e: unknown) => e)) as ContractViolationError;
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error.operationId).toBe('listFlowRuns');
    expect(error.status).toBe(200);
    const pointers = error.violations.map((v) => `${v.keyword} ${v.pointer}`);
    expect(pointers).toEqual(expect.arrayContaining(['required /data/0/attributes/cost', 'enum /data/0/attributes/status', 'additionalProperties /data/1/attributes/newField']));
    expect(error.pointer).toBe(error.violations[0]!.pointer);
    expect(error.message).toContain('listFlowRuns');
    expect(error.message).not.toContain('teleported');
  });

  it('passes a body that matches the spec', async () => {
    await expect(clientAnswering(list, 200, { validateResponses: 'throw' }).flowRuns.list()).resolves.toBeDefined();
  });

  it('treats a success status the spec does not document as drift', async () => {
    const error = (await clientAnswering(retrieved, 200, { validateResponses: 'throw' })
      .flowRuns.create({ flowId: 'f', messageThreadId: 't', state: {}, initialMessage: {} })
      .catch((e: unknown) => e)) as ContractViolationError;
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error.violations[0]).toMatchObject({ pointer: '', keyword: 'status' });
  });

  it('still raises the HTTP error for a drifted error body, and reports the drift', async () => {
    const drifts: ResponseDrift[] = [];
    const recrubo = clientAnswering({ errors: [{ status: '404', title: 404 }] }, 404, { validateResponses: 'throw', onResponseDrift: (d) => drifts.push(d) });
    await expect(recrubo.flowRuns.retrieve('r1')).rejects.toBeInstanceOf(NotFoundError);
    expect(drifts.map((d) => d.operationId)).toEqual(['retrieveFlowRun']);
  });
});

describe("validateResponses: 'warn'", () => {
  it('reports through the hook once per operation and kind of drift, and returns the data', async () => {
    const drifts: ResponseDrift[] = [];
    const recrubo = clientAnswering(driftedList(), 200, { validateResponses: 'warn', onResponseDrift: (d) => drifts.push(d) });
    const page = await recrubo.flowRuns.list();
    expect(page.data).toHaveLength(3);
    await recrubo.flowRuns.list();
    await recrubo.flowRuns.list();
    expect(drifts).toHaveLength(1);
    // Items 0, 1 and 2 drifted the same way: one kind each, reported once.
    const kinds = drifts[0]!.violations.map((v) => `${v.keyword} ${v.pointer}`);
    expect(kinds.filter((k) => k.startsWith('enum'))).toEqual(['enum /data/0/attributes/status']);
    expect(kinds).toContain('required /data/0/attributes/cost');
    expect(drifts[0]).toMatchObject({ operationId: 'listFlowRuns', status: 200, method: 'GET' });
  });

  it('reports a new kind of drift on a later call', async () => {
    const drifts: ResponseDrift[] = [];
    let body: unknown = driftedList();
    const recrubo = new Recrubo({
      apiKey: 'rk_test_validation',
      validateResponses: 'warn',
      onResponseDrift: (d) => drifts.push(d),
      fetch: async () => new Response(JSON.stringify(body), { status: 200, headers: JSON_API }),
    });
    await recrubo.flowRuns.list();
    const other = clone(list) as { data: Array<{ attributes: Json }> };
    other.data[2]!.attributes.createdAt = 'yesterday';
    body = other;
    await recrubo.flowRuns.list();
    expect(drifts).toHaveLength(2);
    expect(drifts[1]!.violations).toEqual([expect.objectContaining({ keyword: 'format', pointer: '/data/2/attributes/createdAt' })]);
  });

  it('falls back to one console.warn per kind of drift', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const recrubo = clientAnswering(driftedList(), 200, { validateResponses: 'warn' });
      await recrubo.flowRuns.list();
      await recrubo.flowRuns.list();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/^\[recrubo-sdk\] GET \/public\/v2\/flow-runs answered 200 .*listFlowRuns/);
    } finally {
      warn.mockRestore();
    }
  });
});

describe("validateResponses: 'off' (the default)", () => {
  it('does not validate, and does not even load the checks or the generated validators', async () => {
    let Isolated: typeof Recrubo | undefined;
    jest.isolateModules(() => {
      // Both: earlier tests have loaded the real drift-check module, which would not require
      // the validators again.
      jest.doMock('../../src/transport/drift-check', () => {
        throw new Error('src/transport/drift-check was loaded');
      });
      jest.doMock('../../generated/validators', () => {
        throw new Error('generated/validators was loaded');
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      Isolated = (require('../../src') as typeof import('../../src')).Recrubo;
    });
    const recrubo = new Isolated!({
      apiKey: 'rk_test_validation',
      fetch: async () => new Response(JSON.stringify(driftedList()), { status: 200, headers: JSON_API }),
    });
    await expect(recrubo.flowRuns.list()).resolves.toBeDefined();
    // The same client class with validation on does load them (the mock throws).
    expect(() => new Isolated!({ apiKey: 'k', validateResponses: 'warn' })).toThrow('src/transport/drift-check was loaded');
  });

  it('refuses an unknown mode', () => {
    expect(() => new Recrubo({ apiKey: 'k', validateResponses: 'loud' as never })).toThrow(ConfigurationError);
  });
});

// Every operation in the spec is an SDK method and every SDK method is an operation in the
// spec; every documented error status of every operation becomes its typed error.
import nock from 'nock';
import * as sdk from '../src';
import { helperNamesOf } from '../src/resources/helpers';
import { errorClassForStatus } from '../src/errors';
import { createCapturingClient, invoke, resourceClient, sdkPath, serve, TEST_API_KEY, TEST_PARTNER_KEY } from './support/replay';
import { sdkOperations } from './support/sdk-operations';
import { loadBundledSpec, operations, securitySchemeOf } from './support/spec';

const spec = loadBundledSpec();
const mapped = sdkOperations(spec);

afterEach(() => nock.cleanAll());

it('maps every SDK method to a documented operation', () => {
  const missing = mapped.filter((m) => !m.operation).map((m) => sdkPath(m));
  expect(missing).toEqual([]);
});

it('maps every documented operation to an SDK method', () => {
  const reached = new Set(mapped.map((m) => m.operation?.operationId));
  const unreached = operations(spec).filter((op) => !reached.has(op.operationId)).map((op) => op.operationId);
  expect(unreached).toEqual([]);
});

it('exposes exactly the documented methods at run time', () => {
  const client = new sdk.Recrubo({ apiKey: 'k' });
  for (const [resource, methods] of Object.entries(groupBy(mapped))) {
    // Besides the documented operations: iterate() for listable ones, and client-side helpers (flowRuns.waitFor).
    const expected = [...methods, ...(methods.includes('list') ? ['iterate'] : []), ...helperNamesOf(resource)].sort();
    expect({ resource, methods: Object.keys(resourceClient(client, resource) as object).sort() }).toEqual({ resource, methods: expected });
  }
});

const errorCases = mapped.flatMap((m) =>
  Object.keys((m.operation?.object.responses as object) ?? {})
    .map(Number)
    .filter((status) => status >= 400)
    .map((status) => ({ name: `${sdkPath(m)} ${status}`, m, status })),
);

it.each(errorCases)('$name becomes its typed error with the JSON:API details', async ({ m, status }) => {
  const { client, sent } = createCapturingClient();
  const body = { errors: [{ code: 'some_code', status, title: `Title ${status}`, detail: { field: 'x' }, source: { pointer: '/data/attributes/status' } }] };
  serve(m, { status, body });
  // Operations with a request body get (empty) params; the server's error is what is under test.
  const params = m.operation?.object.requestBody === undefined ? undefined : {};
  const error = await invoke(client, { resource: m.resource, method: m.method, id: 'abc', params: params as never }).then(
    () => undefined,
    (e: unknown) => e,
  );
  const expectedClass = errorClassForStatus(status);
  expect(error).toBeInstanceOf(expectedClass);
  expect(error).toBeInstanceOf(sdk.RecruboError);
  expect(error).toMatchObject({ status, code: 'some_code', title: `Title ${status}`, detail: { field: 'x' }, errors: body.errors });
  expect((error as Error).message).toContain(`Title ${status}`);
  // The SDK sent the key the operation's `security` names: the partner key on management routes only.
  const scheme = m.operation === undefined ? undefined : securitySchemeOf(spec, m.operation);
  expect(sent[0]?.headers.get('authorization')).toBe(`Bearer ${scheme === 'partnerKey' ? TEST_PARTNER_KEY : TEST_API_KEY}`);
});

function groupBy(list: typeof mapped): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of list) (out[m.resource] ??= []).push(m.method);
  return out;
}

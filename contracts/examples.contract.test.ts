// The contract suite: every documented example in contracts/examples/manifest.json is
//  1. equal to the example embedded in the spec (docs ↔ spec cannot drift apart unnoticed),
//  2. validated against the spec's schema for its operation and status (strict ajv 2020),
//  3. replayed through the SDK: responses are served by nock and the flattened result is
//     checked field by field; requests are checked as they leave (method, path, exact query,
//     headers, body against the request schema, and equal to the documented body).
import nock from 'nock';
import { sha256Of } from '../scripts/hash-examples';
import { parseQuery } from '../src/jsonapi/query';
import { expectedFields } from './support/expected';
import { loadManifest, readExample, readExampleText, valueAt, type ManifestEntry } from './support/manifest';
import { createCapturingClient, echoReply, invoke, sdkPath, serve, TEST_API_KEY, TEST_PARTNER_KEY, type CapturedRequest } from './support/replay';
import { componentSchemaRef, createSpecValidator, formatErrors, loadBundledSpec, mediaTypeObject, operationById, queryParameterRefs, schemaRef, securitySchemeOf, successStatusOf } from './support/spec';

const spec = loadBundledSpec();
const validator = createSpecValidator(spec);
const manifest = loadManifest();
const withFile = manifest.filter((e): e is ManifestEntry & { file: string } => e.file !== null);
const where = (e: ManifestEntry): 'request' | number => (e.kind === 'request' ? 'request' : (e.status as number));
// A whole body is checked against its operation's schema; a fragment (`schema`) against that component.
const bodySchemaRef = (e: ManifestEntry): string => (e.schema ? componentSchemaRef(e.schema) : schemaRef(spec, operationById(spec, e.operationId), where(e)));

afterEach(() => {
  nock.cleanAll();
});

function expectRequestLeftCorrectly(request: CapturedRequest, entry: ManifestEntry): void {
  const op = operationById(spec, entry.operationId);
  expect(request.method).toBe(op.method.toUpperCase());
  // Every path parameter (`{id}`, `{organizationId}`) is the call's id, encoded.
  const specPath = `/public/v2${op.path}`.replace(/\{[^}]+\}/g, encodeURIComponent(entry.call?.id ?? '') || '[^/]+');
  expect(request.url.pathname).toMatch(new RegExp(`^${specPath}$`));
  expect(request.headers.get('accept')).toBe('application/vnd.api+json');
  // The key the operation's `security` names: the partner key on management routes, else the organization key.
  expect(request.headers.get('authorization')).toBe(`Bearer ${securitySchemeOf(spec, op) === 'partnerKey' ? TEST_PARTNER_KEY : TEST_API_KEY}`);
  expectQueryDocumented(request.url, op);
  if (request.body === undefined) {
    expect(request.headers.get('content-type')).toBeNull();
  } else {
    expect(request.headers.get('content-type')).toBe('application/vnd.api+json');
    const errors = validator.validate(schemaRef(spec, op, 'request'), request.body);
    expect(formatErrors(errors)).toBe('');
  }
}

/**
 * The query the SDK sent uses only parameters, filter fields, sort keys and includes that the
 * operation documents (a removed include or filter in the spec turns this red).
 */
function expectQueryDocumented(url: URL, op: ReturnType<typeof operationById>): void {
  const parsed = parseQuery(url.search);
  const refs = queryParameterRefs(spec, op);
  const asValue = (values: string[]) => (values.length === 1 ? values[0] : values);
  const sent: Record<string, unknown> = {};
  if (Object.keys(parsed.filter).length > 0) {
    sent.filter = Object.fromEntries(
      Object.entries(parsed.filter).map(([field, condition]) => {
        const { value, ...operators } = condition;
        const ops = Object.fromEntries(Object.entries(operators).map(([o, v]) => [o, asValue(v as string[])]));
        return [field, value ? asValue(value) : ops];
      }),
    );
  }
  if (parsed.sort.length > 0) sent.sort = parsed.sort;
  if (parsed.include.length > 0) sent.include = parsed.include;
  if (parsed.page.size !== undefined || parsed.page.number !== undefined) sent.page = parsed.page;
  for (const [name, value] of Object.entries(parsed.extra)) sent[name] = value === 'true' ? true : value === 'false' ? false : value;
  for (const [name, value] of Object.entries(sent)) {
    const ref = refs[name];
    expect({ parameter: name, documented: ref !== undefined }).toEqual({ parameter: name, documented: true });
    expect({ parameter: name, errors: formatErrors(validator.validate(ref as string, value)) }).toEqual({ parameter: name, errors: '' });
  }
}

describe('the manifest', () => {
  it('records the content hash of every example, so an edited one is reported by name', () => {
    const drifted = withFile
      .map((e) => ({ file: e.file, recorded: e.sha256, actual: sha256Of(e.file) }))
      .filter((e) => e.recorded !== e.actual)
      .map((e) => `${e.file}: ${e.recorded === undefined ? 'no hash recorded' : 'changed since it was recorded'} (run \`npm run contracts:hash\`, with -- --update once reviewed)`);
    expect(drifted).toEqual([]);
  });

  it('lists every file in contracts/examples and nothing else', () => {
    const fs = require('node:fs') as typeof import('node:fs');
    const onDisk = fs.readdirSync(`${__dirname}/examples`).filter((f: string) => !f.endsWith('.manifest.json')).sort();
    const listed = withFile.map((e) => e.file).sort();
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(onDisk);
  });

  it('covers every example embedded in the spec, each exactly once', () => {
    const embedded = Object.keys((spec.components as { examples: object }).examples).sort();
    const referenced = manifest.flatMap((e) => (e.specExample ? [e.specExample] : [])).sort();
    expect(referenced).toEqual(embedded);
  });

  it('names a documented operation and status for every entry', () => {
    for (const entry of manifest) {
      const op = operationById(spec, entry.operationId);
      if (entry.kind === 'response' && entry.status !== 204) expect(mediaTypeObject(spec, op, entry.status as number)).toBeDefined();
      if (entry.kind === 'response') expect(Object.keys(op.object.responses as object)).toContain(String(entry.status));
      if (entry.kind === 'request') expect(mediaTypeObject(spec, op, 'request')).toBeDefined();
    }
  });

  it('embeds every valid fragment in the examples of the component schema it names', () => {
    const schemas = (spec.components as { schemas: Record<string, { examples?: unknown[] }> }).schemas;
    for (const entry of withFile.filter((e) => e.schema)) {
      expect({ file: entry.file, schema: entry.schema, exists: Object.hasOwn(schemas, entry.schema as string) }).toEqual({ file: entry.file, schema: entry.schema, exists: true });
      if (entry.expect === 'valid') expect(schemas[entry.schema as string]?.examples).toContainEqual(readExample(entry.file));
    }
  });

  it('flags sdkAddsId only on PATCH examples without data.id, with the id to send', () => {
    for (const entry of withFile.filter((e) => e.sdkAddsId)) {
      expect({ file: entry.file, method: entry.call?.method, hasId: Object.hasOwn((readExample(entry.file) as { data: object }).data, 'id'), callId: typeof entry.call?.id })
        .toEqual({ file: entry.file, method: 'update', hasId: false, callId: 'string' });
    }
  });

  it('pairs every broken example with its repair', () => {
    for (const entry of manifest.filter((e) => e.expect === 'unparseable' || e.expect === 'truncated')) {
      const repair = manifest.find((e) => e.file === entry.repairedBy);
      expect(repair?.repairOf).toBe(entry.file);
      expect(repair?.expect).toBe('valid');
    }
  });
});

describe.each(withFile.filter((e) => e.specExample))('$file is the example "$specExample" in the spec', (entry) => {
  it('equals the embedded example', () => {
    const op = operationById(spec, entry.operationId);
    const media = mediaTypeObject(spec, op, where(entry)) as { examples: Record<string, { $ref: string }> };
    const refs = Object.values(media.examples).map((e) => e.$ref);
    expect(refs).toContain(`#/components/examples/${entry.specExample}`);
    const embedded = (spec.components as { examples: Record<string, { value: unknown }> }).examples[entry.specExample as string];
    expect(embedded?.value).toEqual(readExample(entry.file));
  });
});

describe.each(withFile.filter((e) => e.expect === 'valid'))('$file ($operationId $kind $status)', (entry) => {
  const body = readExample(entry.file);

  it('validates against the spec', () => {
    const errors = validator.validate(bodySchemaRef(entry), body);
    expect(formatErrors(errors)).toBe('');
  });

  if (entry.kind === 'response' && entry.call) {
    const call = entry.call;
    it(`replays through recrubo.${sdkPath(call)}() field by field`, async () => {
      const { client, sent } = createCapturingClient();
      const scope = serve(call, { status: entry.status as number, body });
      const returned = await invoke(client, call);
      // list() returns a Page; its items are what the fixture's `data` array flattens to.
      const result = call.method === 'list' ? (returned as { data: unknown }).data : returned;
      expect(scope.isDone()).toBe(true);
      expect(sent).toHaveLength(1);
      const request = sent[0] as CapturedRequest;
      expectRequestLeftCorrectly(request, entry);
      if (entry.request) expect(request.url.search.replace(/^\?/, '')).toBe(entry.request.query);
      const checks = expectedFields(body as { data: unknown });
      expect(checks.length).toBeGreaterThan(5);
      for (const check of checks) {
        if (check.absent) {
          const parent = valueAt(result, check.path.split('.').slice(0, -1).join('.')) ?? result;
          expect({ path: check.path, present: Object.hasOwn(parent as object, check.path.split('.').pop() as string) }).toEqual({ path: check.path, present: false });
        } else {
          expect({ path: check.path, value: valueAt(result, check.path) }).toEqual({ path: check.path, value: check.expected });
        }
      }
      for (const [path, value] of Object.entries(entry.spot ?? {})) {
        expect({ path, value: valueAt(result, path) }).toEqual({ path, value });
      }
      expect(() => JSON.stringify(result)).not.toThrow();
    });
  }

  if (entry.kind === 'response' && entry.call && entry.status === 204) {
    it('resolves to undefined', async () => {
      const { client } = createCapturingClient();
      serve(entry.call as NonNullable<ManifestEntry['call']>, { status: 204 });
      await expect(invoke(client, entry.call as NonNullable<ManifestEntry['call']>)).resolves.toBeUndefined();
    });
  }

  if (entry.kind === 'request' && entry.call) {
    const call = entry.call;
    it(`is exactly what recrubo.${sdkPath(call)}() sends`, async () => {
      const { client, sent } = createCapturingClient();
      const reply = entry.replyWith ? readExample(entry.replyWith) : echoReply(body, call.id);
      serve(call, { status: successStatusOf(operationById(spec, entry.operationId)), body: reply });
      await invoke(client, call, body);
      expect(sent).toHaveLength(1);
      const request = sent[0] as CapturedRequest;
      expectRequestLeftCorrectly(request, entry);
      if (entry.request) expect(request.url.search.replace(/^\?/, '')).toBe(entry.request.query);
      // JSON:API needs data.id on PATCH: the SDK always sends it, whatever the example omits.
      const data = (body as { data: object }).data;
      expect(request.body).toEqual(entry.sdkAddsId ? { ...(body as object), data: { ...data, id: call.id } } : body);
    });
  }
});

describe.each(manifest.filter((e) => e.file === null && e.call))('$source', (entry) => {
  it(`replays through recrubo.${entry.call?.resource}.${entry.call?.method}()`, async () => {
    const { client, sent } = createCapturingClient();
    const scope = serve(entry.call as NonNullable<ManifestEntry['call']>, { status: entry.status as number });
    await expect(invoke(client, entry.call as NonNullable<ManifestEntry['call']>)).resolves.toBeUndefined();
    expect(scope.isDone()).toBe(true);
    expectRequestLeftCorrectly(sent[0] as CapturedRequest, entry);
  });
});

describe.each(withFile.filter((e) => e.expect === 'invalid'))('$file (known invalid, $errata)', (entry) => {
  it('is rejected by the spec exactly where the errata says', () => {
    const errors = validator.validate(bodySchemaRef(entry), readExample(entry.file));
    const at = [...new Set(errors.map((e) => e.instancePath))].sort();
    expect(at).toEqual([...(entry.invalidAt ?? [])].sort());
  });
});

describe.each(withFile.filter((e) => e.expect === 'unparseable' || e.expect === 'truncated'))('$file (known broken: $expect)', (entry) => {
  it('is kept as published: not JSON', () => {
    expect(() => JSON.parse(readExampleText(entry.file))).toThrow(SyntaxError);
  });
});

// Every resource of the table through the SDK against the mock, generically: the parameters
// come from the spec (its documented request examples, else a sample of the write schema),
// with example placeholder ids pointed at resources the mock holds. Then create → retrieve
// (with each documented include) → list (filtered to it) → update → delete → 404, with exactly
// the methods the table gives the row.
import { NotFoundError, type Recrubo } from '../../src/index';
import { accessorOf, METHOD_ROUTES, RESOURCES, type MethodName, type ResourceDefinition, type ResourceName } from '../../src/resources/table';
import { sampleFromSchema } from '../../src/mock/sample';
import { createIdGenerator } from '../../src/mock/ids';
import type { Json, SpecModel, SpecOperation } from '../../src/mock/spec-model';
import { expectConformance, startHarness, type Harness } from './harness';

// Where the spec gives no example and its schema cannot say what a valid value is.
const OVERRIDES: Partial<Record<ResourceName, { create?: Record<string, unknown> }>> = {
  // `resource` is any JSON:API type name; the mock refuses types the API does not serve.
  webhooks: { create: { resource: 'flowRuns' } },
};

type AnyClient = Record<string, (...args: unknown[]) => Promise<Record<string, unknown> & { id: string }>>;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});


function definition(name: ResourceName): ResourceDefinition {
  return RESOURCES[name];
}

function operation(model: SpecModel, name: ResourceName, method: MethodName): SpecOperation {
  const route = METHOD_ROUTES[method];
  const path = definition(name)[route.at];
  const found = model.operations.find((op) => op.path === path && op.method === route.http);
  if (!found) throw new Error(`No ${route.http} ${String(path)} in the spec.`);
  return found;
}

function clientOf(name: ResourceName): AnyClient {
  const op = h.model.operations.find((o) => o.path === (definition(name).collectionPath ?? definition(name).itemPath));
  const recrubo: Recrubo = op?.security === 'partnerKey' ? h.partner : h.recrubo;
  const [first, second] = accessorOf(name);
  const holder = (recrubo as unknown as Record<string, unknown>)[first] as Record<string, unknown>;
  return (second === undefined ? holder : holder[second]) as AnyClient;
}

/** The first documented request example of an operation, or undefined. */
function requestExample(model: SpecModel, op: SpecOperation): Json | undefined {
  const operationObject = model.resolve((model.spec.paths as Json)[op.path])[op.method] as Json;
  const body = operationObject.requestBody === undefined ? undefined : model.resolve(operationObject.requestBody);
  const media = (body?.content as Json | undefined)?.['application/vnd.api+json'] as Json | undefined;
  const examples = media?.examples as Json | undefined;
  const first = examples === undefined ? undefined : Object.values(examples)[0];
  return first === undefined ? undefined : (model.resolve(first).value as Json);
}

/** One writable value per required member (or, for an update, the first member) of the operation's attributes schema. */
function sampleAttributes(model: SpecModel, op: SpecOperation): Json {
  const document = model.schema(op.requestBody?.ref ?? '');
  const data = model.resolve((document.properties as Json).data);
  const attributes = model.resolve((data.properties as Json).attributes);
  const ids = createIdGenerator(7);
  const context = { resolve: model.resolve, ids, now: new Date().toISOString(), preferNull: false };
  const value = (schema: unknown): unknown => {
    const sampled = sampleFromSchema(schema, context);
    return sampled === '' || sampled === 'x' ? `integration ${op.kind}` : sampled;
  };
  const properties = (attributes.properties ?? {}) as Json;
  const names = op.kind === 'create' ? ((attributes.required as string[] | undefined) ?? []) : Object.keys(properties).slice(0, 1);
  return Object.fromEntries(names.map((name) => [name, value(properties[name])]));
}

/** An id the mock holds for `type`, when `id` is not one (documented examples use placeholders). */
function existing(type: string, id: unknown): unknown {
  if (typeof id === 'string' && h.mock.store.has(type, id)) return id;
  const routed = h.model.resources.get(type)?.itemPath !== undefined;
  return routed ? (h.mock.store.all(type)[0]?.id ?? id) : id;
}

/** SDK parameters from a request document: attributes, and relationships as ids. */
function paramsFor(name: ResourceName, op: SpecOperation): Record<string, unknown> {
  const example = requestExample(h.model, op);
  const data = (example?.data ?? { attributes: sampleAttributes(h.model, op) }) as Json;
  const params: Record<string, unknown> = { ...((data.attributes as Json | undefined) ?? {}) };
  const model = h.model.resources.get(op.type ?? '');
  for (const [attribute, value] of Object.entries(params)) {
    const relationship = attribute.endsWith('Id') ? model?.relationships.get(attribute.slice(0, -2)) : undefined;
    if (relationship && !relationship.many) params[attribute] = existing(relationship.target, value);
  }
  const writable = definition(name).writableRelationships ?? {};
  for (const [relationship, member] of Object.entries((data.relationships as Record<string, { data: unknown }> | undefined) ?? {})) {
    const target = writable[relationship];
    if (target === undefined) continue;
    params[relationship] = Array.isArray(member.data)
      ? member.data.map((d: { id: string }) => existing(target, d.id))
      : member.data === null
        ? null
        : existing(target, (Array.isArray(member.data) ? member.data[0] : (member.data as { id: string })).id);
  }
  return { ...params, ...(op.kind === 'create' ? OVERRIDES[name]?.create : undefined) };
}

/** What the SDK returns for what it sent: each attribute as written. */
function expectWritten(result: Record<string, unknown>, params: Record<string, unknown>, name: ResourceName): void {
  const writable = definition(name).writableRelationships ?? {};
  for (const [key, value] of Object.entries(params)) {
    if (key in writable) continue;
    expect({ [key]: result[key] }).toEqual({ [key]: value });
  }
}

const rows = (Object.keys(RESOURCES) as ResourceName[]).filter((name) => definition(name).methods.length > 0);

describe.each(rows)('%s: the documented methods against the mock', (name) => {
  it('create or find, retrieve with every include, list filtered to it, update, delete', async () => {
    const methods = definition(name).methods as readonly MethodName[];
    const client = clientOf(name);
    // Exactly the documented methods exist.
    const exposed = Object.keys(client).filter((k) => ['list', 'iterate', 'retrieve', 'create', 'update', 'delete'].includes(k));
    expect(exposed.sort()).toEqual([...methods, ...(methods.includes('list') ? ['iterate'] : [])].sort());

    let id: string;
    if (methods.includes('create')) {
      const op = operation(h.model, name, 'create');
      const params = paramsFor(name, op);
      const created = await client.create!(params);
      expect(created.type).toBe(definition(name).type);
      expect(h.mock.store.has(created.type as string, created.id)).toBe(true);
      expectWritten(created, params, name);
      id = created.id;
    } else {
      // No create in the API (conversations, the caller's organization): one the mock holds.
      const list = (await client.list!()) as unknown as { data: { id: string }[] };
      expect(list.data.length).toBeGreaterThan(0);
      id = list.data[0]!.id;
    }
    if (!methods.includes('retrieve')) return;

    const retrieveOp = operation(h.model, name, 'retrieve');
    const retrieved = await client.retrieve!(id);
    expect(retrieved.id).toBe(id);
    for (const include of retrieveOp.includes) {
      const withIt = await client.retrieve!(id, { include: [include] });
      // Included or not, the relationship is there: resolved, `{ id, type }`, `null` or a list.
      expect(withIt).toHaveProperty(include);
    }

    if (methods.includes('list')) {
      const listOp = operation(h.model, name, 'list');
      const filterable = h.model.resources.get(listOp.type ?? '')?.filters.get(listOp.operationId);
      const page = await client.list!(filterable?.has('id') ? { filter: { id } } : { page: { size: 200 } });
      expect((page.data as { id: string }[]).map((r) => r.id)).toContain(id);
      if (filterable?.has('id')) expect((page as unknown as { meta: { total: number } }).meta.total).toBe(1);
    }

    if (methods.includes('update')) {
      const op = operation(h.model, name, 'update');
      const params = paramsFor(name, op);
      const updated = await client.update!(id, params);
      expect(updated.id).toBe(id);
      expectWritten(updated, params, name);
      expectWritten(await client.retrieve!(id), params, name);
    }

    if (methods.includes('delete')) {
      await client.delete!(id);
      await expect(client.retrieve!(id)).rejects.toBeInstanceOf(NotFoundError);
      expect(h.mock.store.has(definition(name).type as string, id)).toBe(false);
    }
  });
});

describe('actions (the calls that are none of the five methods)', () => {
  it('management.organizations.refreshToken: the old key stops working, the new one works', async () => {
    const created = await h.partner.management.organizations.create({ name: 'Refreshed Org' });
    const oldToken = created.token as string;
    await h.client({ apiKey: oldToken }).organizations.list();
    const refreshed = await h.partner.management.organizations.refreshToken(created.id);
    expect(refreshed.token).toEqual(expect.any(String));
    expect(refreshed.token).not.toBe(oldToken);
    const own = await h.client({ apiKey: refreshed.token as string }).organizations.list();
    expect(own.data.map((o) => o.id)).toEqual([created.id]);
    expect(own.data[0]).not.toHaveProperty('token'); // never on organization-key routes
    await expect(h.client({ apiKey: oldToken, maxRetries: 0 }).organizations.list()).rejects.toMatchObject({ name: 'AuthenticationError', status: 401 });
  });

  it('embed.authenticate: a token for one of the users', async () => {
    const user = (await h.recrubo.users.list()).data[0]!;
    const result = await h.recrubo.embed.authenticate({ userId: user.id, originUrl: 'https://recrubo.app' });
    expect(result.token).toEqual(expect.any(String));
  });
});

// Last: after every test above.
it('answered every operation of the spec, each request within the spec, each response too', () => {
  const answered = new Set(h.mock.requests.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.operationId));
  expect(h.model.operations.map((op) => op.operationId).filter((id) => !answered.has(id))).toEqual([]);
  expectConformance(h);
});

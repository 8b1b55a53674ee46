// spec:diff: a table of before/after spec pairs, each with the classification and bump our rules
// must give (and, where api-smart-diff says otherwise, what it said), one mutation of the real
// bundled spec, and the CLI end to end against a throwaway git repository.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { compareSpecs } from '../../scripts/spec-diff';
import type { Bump, Change, Classification, RuleId, SpecDiffReport } from '../../scripts/spec-diff/types';
import { BUNDLED_SPEC, ROOT } from '../../scripts/spec-files';

type Json = Record<string, any>;
const MT = 'application/vnd.api+json';
const json = (ref: string): Json => ({ content: { [MT]: { schema: { $ref: `#/components/schemas/${ref}` } } } });

/** A small JSON:API spec with the shapes the real one has: list/create/retrieve, a filter, an include enum, a union. */
function baseSpec(): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'things', version: '1.0.0' },
    paths: {
      '/things': {
        get: {
          operationId: 'listThings',
          parameters: [
            { name: 'filter', in: 'query', style: 'deepObject', explode: true, schema: { type: 'object', properties: { status: { type: 'string' } } } },
            { $ref: '#/components/parameters/ThingInclude' },
          ],
          responses: {
            '200': { description: 'ok', content: { [MT]: { schema: { $ref: '#/components/schemas/ThingList' }, examples: { listed: { $ref: '#/components/examples/ThingsListed' } } } } },
            '401': { description: 'no key', ...json('Error') },
          },
        },
        post: {
          operationId: 'createThing',
          requestBody: { required: true, ...json('ThingCreateDocument') },
          responses: { '201': { description: 'created', ...json('ThingDocument') } },
        },
      },
      '/things/{id}': {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        get: { operationId: 'retrieveThing', responses: { '200': { description: 'ok', ...json('ThingDocument') } } },
      },
    },
    components: {
      parameters: {
        ThingInclude: { name: 'include', in: 'query', style: 'form', explode: false, schema: { type: 'array', items: { type: 'string', enum: ['owner', 'tags'] } } },
      },
      schemas: {
        Error: { type: 'object', properties: { errors: { type: 'array', items: { type: 'object' } } } },
        ThingStatus: { type: 'string', enum: ['draft', 'live', 'archived'] },
        TextPayload: { type: 'object', required: ['type', 'text'], properties: { type: { type: 'string', const: 'text' }, text: { type: 'string' } } },
        ImagePayload: { type: 'object', required: ['type', 'url'], properties: { type: { type: 'string', const: 'image' }, url: { type: 'string', format: 'uri' } } },
        Payload: { oneOf: [{ $ref: '#/components/schemas/TextPayload' }, { $ref: '#/components/schemas/ImagePayload' }] },
        ThingAttributes: {
          type: 'object',
          additionalProperties: false,
          required: ['name', 'status', 'count', 'createdAt'],
          properties: {
            name: { type: 'string' },
            status: { $ref: '#/components/schemas/ThingStatus' },
            count: { type: 'integer', minimum: 0 },
            createdAt: { type: 'string', format: 'date-time' },
            note: { type: ['string', 'null'] },
            payload: { $ref: '#/components/schemas/Payload' },
          },
        },
        Thing: {
          type: 'object',
          required: ['id', 'type', 'attributes'],
          properties: { id: { type: 'string' }, type: { type: 'string', const: 'things' }, attributes: { $ref: '#/components/schemas/ThingAttributes' } },
        },
        ThingDocument: { type: 'object', required: ['data'], properties: { data: { $ref: '#/components/schemas/Thing' } } },
        ThingList: { type: 'object', required: ['data'], properties: { data: { type: 'array', items: { $ref: '#/components/schemas/Thing' } } } },
        ThingCreateAttributes: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, priority: { type: 'string', enum: ['low', 'high'] }, weight: { type: 'integer' } },
        },
        ThingCreateDocument: {
          type: 'object',
          required: ['data'],
          properties: {
            data: { type: 'object', required: ['type', 'attributes'], properties: { type: { type: 'string', const: 'things' }, attributes: { $ref: '#/components/schemas/ThingCreateAttributes' } } },
          },
        },
        // No operation uses it: what a webhook delivers.
        ThingEvent: { type: 'object', required: ['event'], properties: { event: { type: 'string', enum: ['thing.created', 'thing.deleted'] } } },
      },
      examples: { ThingsListed: { value: { data: [] } } },
    },
  };
}

interface Expected {
  /** The operation (operationId) or group that must carry the change. */
  at: string;
  rule: RuleId;
  classification: Classification;
  bump: Bump;
  /** The change must (true) or must not (false) carry a warning. */
  warning?: boolean;
  /** Where api-smart-diff classifies the same change differently, what it said. */
  library?: string;
  /** Words the message must contain. */
  message?: RegExp;
}

const schemas = (s: Json): Json => s.components.schemas;
const createAttrs = (s: Json): Json => schemas(s).ThingCreateAttributes;

const CASES: [string, (s: Json) => void, Expected][] = [
  ['removed operation', (s) => delete s.paths['/things/{id}'].get,
    { at: 'retrieveThing', rule: 'operation-removed', classification: 'breaking', bump: 'major' }],
  ['added operation', (s) => { s.paths['/things/{id}'].delete = { operationId: 'deleteThing', responses: { '204': { description: 'gone' } } }; },
    { at: 'deleteThing', rule: 'operation-added', classification: 'non-breaking', bump: 'minor' }],
  ['removed query parameter', (s) => s.paths['/things'].get.parameters.shift(),
    { at: 'listThings', rule: 'parameter-removed', classification: 'breaking', bump: 'major', message: /filter/ }],
  ['added required query parameter', (s) => s.paths['/things'].get.parameters.push({ name: 'tenant', in: 'query', required: true, schema: { type: 'string' } }),
    { at: 'listThings', rule: 'parameter-added', classification: 'breaking', bump: 'major', message: /required query parameter `tenant`/ }],
  ['added optional query parameter', (s) => s.paths['/things'].get.parameters.push({ name: 'tenant', in: 'query', schema: { type: 'string' } }),
    { at: 'listThings', rule: 'parameter-added', classification: 'non-breaking', bump: 'minor' }],
  ['query parameter made required', (s) => { s.components.parameters.ThingInclude.required = true; },
    { at: 'listThings', rule: 'parameter-required-changed', classification: 'breaking', bump: 'major' }],
  ['removed response field', (s) => { delete schemas(s).ThingAttributes.properties.note; },
    { at: 'retrieveThing', rule: 'field-removed', classification: 'breaking', bump: 'major', message: /`data\.attributes\.note`/ }],
  ['response field made optional', (s) => { schemas(s).ThingAttributes.required = ['name', 'status', 'count']; },
    { at: 'retrieveThing', rule: 'required-removed', classification: 'breaking', bump: 'major', message: /may now be absent/ }],
  ['added response field', (s) => { schemas(s).ThingAttributes.properties.colour = { type: 'string' }; },
    { at: 'listThings', rule: 'field-added', classification: 'non-breaking', bump: 'minor', message: /`data\[\]\.attributes\.colour`/ }],
  ['added required request field', (s) => { createAttrs(s).properties.owner = { type: 'string' }; createAttrs(s).required.push('owner'); },
    { at: 'createThing', rule: 'required-added', classification: 'breaking', bump: 'major', message: /added required field `data\.attributes\.owner`/ }],
  ['request field made required', (s) => createAttrs(s).required.push('weight'),
    { at: 'createThing', rule: 'required-added', classification: 'breaking', bump: 'major', message: /now required/ }],
  ['added optional request field', (s) => { createAttrs(s).properties.owner = { type: 'string' }; },
    { at: 'createThing', rule: 'field-added', classification: 'non-breaking', bump: 'minor' }],
  ['removed request field', (s) => { delete createAttrs(s).properties.weight; },
    { at: 'createThing', rule: 'field-removed', classification: 'breaking', bump: 'major', library: 'non-breaking' }],
  ['removed response enum value', (s) => schemas(s).ThingStatus.enum.splice(1, 1),
    { at: 'retrieveThing', rule: 'enum-value-removed', classification: 'breaking', bump: 'major', library: 'non-breaking', message: /"live"/ }],
  ['added response enum value (a warning)', (s) => schemas(s).ThingStatus.enum.push('paused'),
    { at: 'retrieveThing', rule: 'enum-value-added', classification: 'non-breaking', bump: 'minor', warning: true, library: 'breaking', message: /"paused"/ }],
  ['response enum value replaced: the removal', (s) => { schemas(s).ThingStatus.enum = ['draft', 'live', 'paused']; },
    { at: 'retrieveThing', rule: 'enum-value-removed', classification: 'breaking', bump: 'major', message: /"archived"/ }],
  ['response enum value replaced: the addition (a warning)', (s) => { schemas(s).ThingStatus.enum = ['draft', 'live', 'paused']; },
    { at: 'retrieveThing', rule: 'enum-value-added', classification: 'non-breaking', bump: 'major', warning: true, message: /"paused"/ }],
  ['added request enum value', (s) => createAttrs(s).properties.priority.enum.push('urgent'),
    { at: 'createThing', rule: 'enum-value-added', classification: 'non-breaking', bump: 'minor', warning: false }],
  ['removed request enum value (an include)', (s) => s.components.parameters.ThingInclude.schema.items.enum.pop(),
    { at: 'listThings', rule: 'enum-value-removed', classification: 'breaking', bump: 'major', message: /"tags"/ }],
  ['response type change', (s) => { schemas(s).ThingAttributes.properties.count.type = 'string'; },
    { at: 'retrieveThing', rule: 'type-changed', classification: 'breaking', bump: 'major', library: 'non-breaking' }],
  ['response type widened integer → number', (s) => { schemas(s).ThingAttributes.properties.count.type = 'number'; },
    { at: 'retrieveThing', rule: 'type-changed', classification: 'breaking', bump: 'major', library: 'non-breaking' }],
  ['request type widened integer → number', (s) => { createAttrs(s).properties.weight.type = 'number'; },
    { at: 'createThing', rule: 'type-changed', classification: 'non-breaking', bump: 'minor' }],
  ['response no longer nullable', (s) => { schemas(s).ThingAttributes.properties.note.type = 'string'; },
    { at: 'retrieveThing', rule: 'type-changed', classification: 'non-breaking', bump: 'minor' }],
  ['format change', (s) => { schemas(s).ThingAttributes.properties.createdAt.format = 'date'; },
    { at: 'retrieveThing', rule: 'format-changed', classification: 'breaking', bump: 'major', library: 'non-breaking' }],
  ['JSON:API type renamed (const)', (s) => { schemas(s).Thing.properties.type.const = 'widgets'; },
    { at: 'retrieveThing', rule: 'const-changed', classification: 'breaking', bump: 'major', library: 'non-breaking' }],
  ['response media type changed', (s) => {
    const content = s.paths['/things/{id}'].get.responses['200'].content;
    content['application/json'] = content[MT];
    delete content[MT];
  }, { at: 'retrieveThing', rule: 'media-type-removed', classification: 'breaking', bump: 'major' }],
  ['status code changed 201 → 200', (s) => {
    const responses = s.paths['/things'].post.responses;
    responses['200'] = responses['201'];
    delete responses['201'];
  }, { at: 'createThing', rule: 'status-removed', classification: 'breaking', bump: 'major', message: /from 201 to 200/ }],
  ['response variant added (a warning)', (s) => {
    schemas(s).VideoPayload = { type: 'object', required: ['type'], properties: { type: { type: 'string', const: 'video' } } };
    schemas(s).Payload.oneOf.push({ $ref: '#/components/schemas/VideoPayload' });
  }, { at: 'retrieveThing', rule: 'variant-added', classification: 'non-breaking', bump: 'minor', warning: true, library: 'breaking', message: /VideoPayload/ }],
  ['response variant removed', (s) => schemas(s).Payload.oneOf.pop(),
    { at: 'retrieveThing', rule: 'variant-removed', classification: 'breaking', bump: 'major', library: 'non-breaking' }],
  ['path template changed', (s) => {
    const item = s.paths['/things/{id}'];
    item.parameters[0].name = 'thingId';
    s.paths['/things/{thingId}'] = item;
    delete s.paths['/things/{id}'];
  }, { at: 'retrieveThing', rule: 'path-renamed', classification: 'breaking', bump: 'major', library: 'non-breaking' }],
  ['changed example', (s) => { s.components.examples.ThingsListed.value = { data: [{ id: '1', type: 'things' }] }; },
    { at: 'listThings', rule: 'example-changed', classification: 'documentation-only', bump: 'patch', library: 'unclassified' }],
  ['changed description', (s) => { schemas(s).ThingAttributes.properties.name.description = 'What people call it.'; },
    { at: 'retrieveThing', rule: 'annotation-changed', classification: 'documentation-only', bump: 'patch' }],
  ['webhook payload enum value removed', (s) => schemas(s).ThingEvent.properties.event.enum.pop(),
    { at: 'schema ThingEvent', rule: 'enum-value-removed', classification: 'breaking', bump: 'major' }],
];

function changesAt(report: SpecDiffReport, at: string): Change[] {
  const op = report.operations.find((o) => o.operationId === at);
  if (op) return op.changes;
  return report.other.filter((g) => g.group.startsWith(at)).flatMap((g) => g.changes);
}

describe('spec:diff classification', () => {
  it('has at least 15 before/after pairs', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(15);
  });

  it.each(CASES)('%s', (_name, mutate, expected) => {
    const after = baseSpec();
    mutate(after);
    const report = compareSpecs(baseSpec(), after);
    const changes = changesAt(report, expected.at);
    const match = changes.find((c) => c.rule === expected.rule && (!expected.message || expected.message.test(c.message)));
    expect({ rules: changes.map((c) => `${c.rule}: ${c.message}`), found: Boolean(match) }).toMatchObject({ found: true });
    expect(match!.classification).toBe(expected.classification);
    if (expected.warning !== undefined) expect(Boolean(match!.warning)).toBe(expected.warning);
    if (expected.library) expect(match!.library.type).toBe(expected.library);
    expect(report.bump).toBe(expected.bump);
    expect(report.breaking).toBe(expected.bump === 'major');
  });

  it('reports nothing, and bumps nothing, for the same spec', () => {
    const report = compareSpecs(baseSpec(), baseSpec());
    expect(report).toMatchObject({ bump: 'none', breaking: false, operations: [], other: [] });
  });

  it('says what an added response enum value may do to old clients', () => {
    const after = baseSpec();
    schemas(after).ThingStatus.enum.push('paused');
    const warned = changesAt(compareSpecs(baseSpec(), after), 'retrieveThing').find((c) => c.rule === 'enum-value-added');
    expect(warned?.warning).toMatch(/old clients may not handle "paused"/);
  });

  it('reports a component change once per operation that uses it, by operationId, method and path', () => {
    const after = baseSpec();
    delete schemas(after).ThingAttributes.properties.note;
    const report = compareSpecs(baseSpec(), after);
    expect(report.operations.map((o) => `${o.operationId} ${o.method} ${o.path}`)).toEqual([
      'listThings GET /things',
      'createThing POST /things',
      'retrieveThing GET /things/{id}',
    ]);
    for (const op of report.operations) expect(op.changes.filter((c) => c.rule === 'field-removed')).toHaveLength(1);
  });
});

describe('spec:diff on the real bundled spec', () => {
  it('classifies a renamed attribute and a new status value of FlowRun', () => {
    const real = JSON.parse(fs.readFileSync(BUNDLED_SPEC, 'utf8')) as Json;
    const after = structuredClone(real);
    const attributes = schemas(after).FlowRunAttributes;
    attributes.properties.credits = attributes.properties.cost;
    delete attributes.properties.cost;
    attributes.required = attributes.required.map((r: string) => (r === 'cost' ? 'credits' : r));
    schemas(after).FlowRunStatus.enum.push('paused');
    const report = compareSpecs(real, after);
    const list = changesAt(report, 'listFlowRuns');
    expect(list).toEqual(expect.arrayContaining([
      expect.objectContaining({ rule: 'field-removed', classification: 'breaking', target: 'data[].attributes.cost' }),
      expect.objectContaining({ rule: 'field-added', classification: 'non-breaking', target: 'data[].attributes.credits' }),
      expect.objectContaining({ rule: 'enum-value-added', classification: 'non-breaking', target: 'data[].attributes.status', warning: expect.stringMatching(/paused/) }),
    ]));
    expect(report.bump).toBe('major');
  }, 30000);
});

describe('npm run spec:diff (CLI against a temporary git repository)', () => {
  const run = promisify(execFile);
  const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const CLI = path.join(ROOT, 'scripts', 'spec-diff.ts');
  let repo: string;

  const git = (...args: string[]) => run('git', ['-c', 'user.name=spec-diff test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo });
  const writeSpec = (spec: Json, dir = repo): void => {
    fs.mkdirSync(path.join(dir, 'openapi', 'components'), { recursive: true });
    // Split in two files like the real spec, so the ref's files are bundled with their $refs.
    const { ThingStatus, ...rest } = spec.components.schemas;
    const root = structuredClone(spec);
    root.components.schemas = { ...rest, ThingStatus: { $ref: './components/status.yaml' } };
    fs.writeFileSync(path.join(dir, 'openapi', 'recrubo.yaml'), JSON.stringify(root, null, 2));
    fs.writeFileSync(path.join(dir, 'openapi', 'components', 'status.yaml'), JSON.stringify(ThingStatus, null, 2));
  };
  const cli = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await run(TSX, [CLI, ...args], { cwd: repo });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  beforeAll(async () => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'spec-diff-e2e-'));
    await git('init', '-q');
    writeSpec(baseSpec());
    await git('add', '-A');
    await git('commit', '-q', '-m', 'spec');
    // The working tree: a status value removed (breaking), in the split-out file.
    const after = baseSpec();
    schemas(after).ThingStatus.enum = ['draft', 'live'];
    writeSpec(after);
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('exits 1 on a breaking change, 0 with --allow-breaking, 2 on an unknown ref; --json is the report', async () => {
    const [plain, allowed, asJson, badRef] = await Promise.all([
      cli('HEAD'),
      cli('HEAD', '--allow-breaking'),
      cli('HEAD', '--json', '--allow-breaking'),
      cli('no-such-ref'),
    ]);
    expect(plain.code).toBe(1);
    expect(plain.stdout).toContain('Suggested bump: MAJOR');
    expect(plain.stdout).toMatch(/retrieveThing {2}GET \/things\/\{id\}/);
    expect(plain.stdout).toMatch(/\[BREAKING\].*"archived"/);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('Suggested bump: MAJOR');
    expect(asJson.code).toBe(0);
    const report = JSON.parse(asJson.stdout) as SpecDiffReport & { base: string };
    expect(report).toMatchObject({ base: 'HEAD', bump: 'major', breaking: true });
    expect(report.operations.map((o) => o.operationId)).toEqual(['listThings', 'createThing', 'retrieveThing']);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toMatch(/Unknown git ref "no-such-ref"/);
  }, 60000);

  it('exits 0 when the working tree only adds', async () => {
    const after = baseSpec();
    schemas(after).ThingAttributes.properties.colour = { type: 'string' };
    writeSpec(after);
    const result = await cli('HEAD');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Suggested bump: MINOR');
  }, 60000);
});

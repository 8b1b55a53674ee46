// `npm run contracts:mutate`: the contract suite's self-check. Applies small mutations to the
// bundled spec, one at a time, in a temporary copy (RECRUBO_CONTRACT_SPEC), runs the contract
// suite against each, and reports which it caught. A mutation that survives is a hole in the
// suite. Exit code 1 when any survives.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_SPEC, ROOT } from './spec-files';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- mutations poke at arbitrary spec nodes

interface Mutation {
  name: string;
  apply(spec: Json): void;
}

const schema = (spec: Json, name: string): Json => {
  const found = spec.components.schemas[name];
  if (!found) throw new Error(`mutation target ${name} is not in the spec`);
  return found;
};
const operation = (spec: Json, path: string, method: string): Json => spec.paths[path][method];
const renameKey = (object: Json, from: string, to: string): void => {
  object[to] = object[from];
  delete object[from];
};
const withoutValue = (list: unknown[], value: unknown): unknown[] => list.filter((v) => v !== value);

export const MUTATIONS: Mutation[] = [
  { name: 'rename a response attribute (FlowRun cost → costs)', apply: (s) => {
    const a = schema(s, 'FlowRunAttributes');
    renameKey(a.properties, 'cost', 'costs');
    a.required = a.required.map((k: string) => (k === 'cost' ? 'costs' : k));
  } },
  { name: 'change an attribute type (FlowRun cost: integer → string)', apply: (s) => { schema(s, 'FlowRunAttributes').properties.cost.type = 'string'; } },
  { name: 'change a format (FlowRun createdAt: date-time → date)', apply: (s) => { schema(s, 'FlowRunAttributes').properties.createdAt.format = 'date'; } },
  { name: 'drop a required attribute (FlowRun status no longer required)', apply: (s) => {
    const a = schema(s, 'FlowRunAttributes');
    a.required = withoutValue(a.required, 'status');
  } },
  { name: 'remove a response attribute (MessageThread channel)', apply: (s) => {
    const a = schema(s, 'MessageThreadAttributes');
    delete a.properties.channel;
    a.required = withoutValue(a.required, 'channel');
  } },
  { name: 'remove an enum value (FlowRun status finished)', apply: (s) => { const e = schema(s, 'FlowRunStatus'); e.enum = withoutValue(e.enum, 'finished'); } },
  { name: 'narrow a request enum (PATCH status without finished)', apply: (s) => { const e = schema(s, 'FlowRunUpdatableStatus'); e.enum = withoutValue(e.enum, 'finished'); } },
  { name: 'remove an include (FlowRun include=flow)', apply: (s) => { const e = schema(s, 'FlowRunInclude'); e.enum = withoutValue(e.enum, 'flow'); } },
  { name: 'remove a sort key (FlowRun -createdAt)', apply: (s) => { const e = schema(s, 'FlowRunSortKey'); e.enum = withoutValue(e.enum, '-createdAt'); } },
  { name: 'remove a filter field (FlowRun filter[status])', apply: (s) => { delete schema(s, 'FlowRunFilter').properties.status; } },
  { name: 'remove a writable attribute from POST (FlowRun initialMessage)', apply: (s) => {
    const a = schema(s, 'FlowRunCreateAttributes');
    delete a.properties.initialMessage;
    a.required = withoutValue(a.required, 'initialMessage');
  } },
  { name: 'add a required request attribute (FlowRun POST requires cost)', apply: (s) => {
    const a = schema(s, 'FlowRunCreateAttributes');
    a.properties.cost = { type: 'integer' };
    a.required = [...a.required, 'cost'];
  } },
  { name: 'remove a relationship (FlowRun messageThread)', apply: (s) => {
    const r = schema(s, 'FlowRunRelationships');
    delete r.properties.messageThread;
    r.required = withoutValue(r.required, 'messageThread');
  } },
  { name: 'change a resource type (FlowRun type flowRuns → flow-runs)', apply: (s) => { schema(s, 'FlowRun').properties.type.const = 'flow-runs'; } },
  { name: 'rename list meta (maxPage → lastPage)', apply: (s) => {
    const m = schema(s, 'ListMeta');
    renameKey(m.properties, 'maxPage', 'lastPage');
    m.required = m.required.map((k: string) => (k === 'maxPage' ? 'lastPage' : k));
  } },
  { name: 'change a status code (createFlowRun 201 → 200)', apply: (s) => { renameKey(operation(s, '/flow-runs', 'post').responses, '201', '200'); } },
  { name: 'change a media type (retrieveFlowRun 200 → application/json)', apply: (s) => { renameKey(operation(s, '/flow-runs/{id}', 'get').responses['200'].content, 'application/vnd.api+json', 'application/json'); } },
  { name: 'remove an operation (deleteFlowRun)', apply: (s) => { delete s.paths['/flow-runs/{id}'].delete; } },
  { name: 'rename an operationId (retrieveFlowRun → getFlowRun)', apply: (s) => { operation(s, '/flow-runs/{id}', 'get').operationId = 'getFlowRun'; } },
  { name: 'remove a documented error status (updateFlowRun 404)', apply: (s) => { delete operation(s, '/flow-runs/{id}', 'patch').responses['404']; } },
  { name: 'change a message payload (text.value → text.body)', apply: (s) => {
    const t = schema(s, 'TextPayload').properties.text;
    renameKey(t.properties, 'value', 'body');
    t.required = ['body'];
  } },
  { name: 'change an embedded example (FlowRunRetrieved cost 29 → 30)', apply: (s) => { s.components.examples.FlowRunRetrieved.value.data.attributes.cost = 30; } },
  { name: 'move a path (/flow-runs → /flow_runs)', apply: (s) => { renameKey(s.paths, '/flow-runs', '/flow_runs'); } },
];

function runSuite(specFile: string): { caught: boolean; summary: string } {
  const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), path.join(ROOT, 'contracts') + '/', '--ci', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, RECRUBO_CONTRACT_SPEC: specFile },
    encoding: 'utf8',
  });
  const summary = /Tests:\s+(.*)/.exec(`${result.stdout}\n${result.stderr}`)?.[1]?.trim() ?? 'suite did not run';
  return { caught: result.status !== 0, summary };
}

function main(): void {
  const original = fs.readFileSync(BUNDLED_SPEC, 'utf8');
  const only = process.argv.slice(2).find((a) => !a.startsWith('-'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recrubo-mutate-'));
  const baseline = runSuite(BUNDLED_SPEC);
  if (baseline.caught) {
    console.error(`The contract suite fails on the unmutated spec (${baseline.summary}); fix that first.`);
    process.exit(1);
  }
  const rows: string[] = [];
  let survived = 0;
  for (const [index, mutation] of MUTATIONS.entries()) {
    if (only && !mutation.name.includes(only)) continue;
    const spec = JSON.parse(original) as Json;
    mutation.apply(spec);
    const file = path.join(dir, `mutant-${index}.json`);
    fs.writeFileSync(file, JSON.stringify(spec));
    const { caught, summary } = runSuite(file);
    if (!caught) survived += 1;
    rows.push(`| ${mutation.name} | ${caught ? 'caught' : '**SURVIVED**'} | ${summary} |`);
    console.log(`${caught ? 'caught  ' : 'SURVIVED'}  ${mutation.name}  (${summary})`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`\n| mutation | result | contract suite |\n|---|---|---|\n${rows.join('\n')}`);
  console.log(`\n${rows.length - survived} of ${rows.length} mutations caught.`);
  if (survived > 0) process.exit(1);
}

if (require.main === module) main();

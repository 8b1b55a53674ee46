// The store's first contents: the spec's own documented examples. Every resource object in a
// documented response (`data` and `included`) is stored as it is; then every documented create
// request is replayed through the engine (its placeholder ids pointed at seeded resources), so
// types without a response example get resources too and the server's side effects run (a
// thread's conversation, a generation's flow). Background work of seeded resources is finished
// at once (a seeded FlowRun stays as created) and no webhook is sent for them.
import type { MockEngine } from './engine';
import { MEDIA_TYPE, type Json, type SpecModel } from './spec-model';

/** `'examples'` (default): the documented examples. `'empty'`: only the caller's organization. Or your own resource objects. */
export type MockSeed = 'examples' | 'empty' | { resources: readonly Json[] };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `value` of every example of a media-type object. */
function exampleValues(model: SpecModel, media: Json | undefined): unknown[] {
  if (!media) return [];
  const values: unknown[] = [];
  if ('example' in media) values.push(media.example);
  if (isObject(media.examples)) {
    for (const example of Object.values(media.examples)) {
      const resolved = model.resolve(example);
      if ('value' in resolved) values.push(resolved.value);
    }
  }
  return values;
}

function mediaOf(model: SpecModel, container: unknown): Json | undefined {
  if (!isObject(container)) return undefined;
  const content = model.resolve(container).content;
  return isObject(content) && isObject(content[MEDIA_TYPE]) ? (content[MEDIA_TYPE] as Json) : undefined;
}

function operationObject(model: SpecModel, path: string, method: string): Json {
  return model.resolve((model.spec.paths as Json)[path])[method] as Json;
}

export function seedFromExamples(engine: MockEngine): void {
  const { model } = engine;
  const seen = new Set<string>();
  for (const op of model.operations) {
    const responses = operationObject(model, op.path, op.method).responses as Json;
    for (const value of exampleValues(model, mediaOf(model, responses[String(op.successStatus)]))) {
      if (!isObject(value)) continue;
      const data = value.data;
      const objects = [...(Array.isArray(data) ? data : [data]), ...(Array.isArray(value.included) ? value.included : [])];
      for (const object of objects) {
        if (!isObject(object) || typeof object.type !== 'string' || typeof object.id !== 'string') continue;
        const key = `${object.type} ${object.id}`;
        if (seen.has(key) || !model.resources.has(object.type)) continue;
        seen.add(key);
        engine.insert(object);
      }
    }
  }
  for (const op of model.operations) {
    if (op.kind !== 'create' || op.type === undefined) continue;
    const requestBody = operationObject(model, op.path, op.method).requestBody;
    for (const value of exampleValues(model, mediaOf(model, requestBody))) {
      const data = isObject(value) ? value.data : undefined;
      if (!isObject(data)) continue;
      engine.create(op.type, { attributes: data.attributes as Json | undefined, relationships: data.relationships as Record<string, { data?: unknown }> | undefined }, { seeding: true });
    }
  }
}

export function seedStore(engine: MockEngine, seed: MockSeed): void {
  if (seed === 'examples') seedFromExamples(engine);
  else if (seed !== 'empty') for (const object of seed.resources) engine.insert(object);
}

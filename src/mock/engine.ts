// The stateful core, one implementation for every resource type: create, update and delete
// from request documents, with the server's part (ids, timestamps, read-only attributes, the
// linkage behind `*Id` attributes), referential checks, and one change event per change.
// What only prose in the spec describes (a FlowRun's lifecycle, a thread's conversation) lives
// in behaviors.ts as hooks on these operations.
import type { GeneratedValidateFunction } from '../../generated/validators';
import type { MockClock } from './clock';
import { errorObject, issuePointer, issuesToErrors, MockHttpError, type MockErrorObject } from './errors';
import type { IdGenerator } from './ids';
import { foreignKeyOf, linkageOf, type RelationshipContext } from './relationships';
import { renderResource } from './render';
import type { SchemaIssue } from './request-validators';
import { sampleFromSchema } from './sample';
import type { ResourceModel, SpecModel } from './spec-model';
import type { Json, Linkage, LinkageValue, MockStore, StoredResource } from './store';

export type ChangeEvent = 'create' | 'update' | 'delete';

/** A change, as webhooks deliver it. */
export interface Change {
  event: ChangeEvent;
  /** The resource after the change (before it, for `delete`). */
  resource: StoredResource;
  /** For `update`: the attributes that changed. */
  fields: string[] | null;
}

/** The `data` member of a create or update request document. */
export interface ResourceInput {
  id?: string;
  attributes?: Json;
  relationships?: Record<string, { data?: unknown }>;
}

export interface WriteOptions {
  /** `?sync=true`: finish background work before answering. */
  sync?: boolean;
  /** Seeding: no events, unknown related ids are replaced by existing ones (or dropped). */
  seeding?: boolean;
}

/** The server's side of the documented behaviour of one type. Every hook is optional. */
export interface TypeBehavior {
  /** Sets what the server sets on create (before missing attributes are filled). */
  onCreate?(resource: StoredResource, engine: MockEngine): void;
  /** Computed attributes (`fullName`), after every write. */
  derive?(resource: StoredResource): void;
  /** Starts background work; with `sync`, finishes it before the response. */
  afterCreate?(resource: StoredResource, engine: MockEngine, options: WriteOptions): void;
  /** Refuses an update the documentation forbids (422 errors), before it is applied. */
  checkUpdate?(resource: StoredResource, attributes: Json, engine: MockEngine): MockErrorObject[];
  afterUpdate?(resource: StoredResource, changed: string[], engine: MockEngine): void;
  afterDelete?(resource: StoredResource, engine: MockEngine): void;
}

interface ResponseValidators {
  validators: Readonly<Record<string, GeneratedValidateFunction>>;
}

export interface EngineOptions {
  model: SpecModel;
  store: MockStore;
  clock: MockClock;
  ids: IdGenerator;
  behaviors: Readonly<Record<string, TypeBehavior>>;
  onChange(change: Change): void;
}

const key = (resource: { type: string; id: string }): string => `${resource.type}\u0000${resource.id}`;

export class MockEngine implements RelationshipContext {
  readonly model: SpecModel;
  readonly store: MockStore;
  readonly clock: MockClock;
  readonly ids: IdGenerator;
  /** Resources of the spec that the mock could not make valid (a gap of the mock or the spec). */
  readonly violations: { type: string; id: string; issues: SchemaIssue[] }[] = [];
  private readonly behaviors: Readonly<Record<string, TypeBehavior>>;
  private readonly onChange: (change: Change) => void;
  private readonly timers = new Map<string, Set<() => void>>();
  private readonly resourceValidators = new Map<string, GeneratedValidateFunction | null>();
  private validatorsModule: ResponseValidators | undefined;
  private defaultOrganizationId: string | undefined;

  constructor(options: EngineOptions) {
    this.model = options.model;
    this.store = options.store;
    this.clock = options.clock;
    this.ids = options.ids;
    this.behaviors = options.behaviors;
    this.onChange = options.onChange;
  }

  /** The caller's organization: every resource of the store belongs to it. */
  organizationId(): string | undefined {
    if (this.defaultOrganizationId !== undefined && this.store.has('organizations', this.defaultOrganizationId)) return this.defaultOrganizationId;
    this.defaultOrganizationId = this.store.all('organizations')[0]?.id;
    return this.defaultOrganizationId;
  }

  setOrganization(id: string): void {
    this.defaultOrganizationId = id;
  }

  /** ISO timestamp of the mock clock. */
  now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  modelOf(type: string): ResourceModel {
    const model = this.model.resources.get(type);
    if (!model) throw new Error(`The spec has no resource type "${type}".`);
    return model;
  }

  emit(event: ChangeEvent, resource: StoredResource, fields: string[] | null = null): void {
    this.onChange({ event, resource, fields: event === 'update' ? fields : null });
  }

  /** Runs `callback` after `ms` on the mock clock, unless the resource is deleted (or `cancelTimers`) first. */
  schedule(resource: StoredResource, ms: number, callback: () => void): void {
    const k = key(resource);
    const set = this.timers.get(k) ?? new Set();
    this.timers.set(k, set);
    const cancel = this.clock.setTimer(ms, () => {
      set.delete(cancel);
      if (this.store.get(resource.type, resource.id) === resource) callback();
    });
    set.add(cancel);
  }

  cancelTimers(resource: { type: string; id: string }): void {
    const k = key(resource);
    for (const cancel of this.timers.get(k) ?? []) cancel();
    this.timers.delete(k);
  }

  /** Cancels everything scheduled. */
  stop(): void {
    for (const set of this.timers.values()) for (const cancel of set) cancel();
    this.timers.clear();
  }

  // ---- writes ----

  create(type: string, input: ResourceInput, options: WriteOptions = {}): StoredResource {
    const model = this.modelOf(type);
    const now = this.now();
    const resource: StoredResource = { type, id: this.ids.uuid(), attributes: { createdAt: now, updatedAt: now }, linkage: {} };
    const attributes = structuredClone(input.attributes ?? {});
    this.applyRelationships(model, resource, attributes, input.relationships ?? {}, options);
    this.checkReferences(model, attributes, input.relationships ?? {}, options);
    Object.assign(resource.attributes, attributes);
    this.behaviors[type]?.onCreate?.(resource, this);
    this.complete(resource);
    this.store.put(resource);
    if (!options.seeding) this.emit('create', resource);
    this.behaviors[type]?.afterCreate?.(resource, this, options);
    return resource;
  }

  update(resource: StoredResource, input: ResourceInput, options: WriteOptions = {}): StoredResource {
    const model = this.modelOf(resource.type);
    if (input.id !== undefined && input.id !== resource.id) {
      throw new MockHttpError(409, [errorObject(409, 'The id of `data` does not match the id in the URL.', { pointer: '/data/id' })]);
    }
    const attributes = structuredClone(input.attributes ?? {});
    const refusals = this.behaviors[resource.type]?.checkUpdate?.(resource, attributes, this) ?? [];
    if (refusals.length > 0) throw new MockHttpError(422, refusals);
    const before = structuredClone(resource);
    const next: StoredResource = { type: resource.type, id: resource.id, attributes: { ...resource.attributes }, linkage: { ...resource.linkage } };
    this.applyRelationships(model, next, attributes, input.relationships ?? {}, options);
    this.checkReferences(model, attributes, input.relationships ?? {}, options);
    Object.assign(next.attributes, attributes);
    this.behaviors[resource.type]?.derive?.(next);
    const issues = this.validate(next);
    if (issues.length > 0) {
      // The merged resource breaks the schema (e.g. a `subType` without its `value`): refuse it.
      throw new MockHttpError(422, issuesToErrors(issues, 422, (_issue, pointer) => ({ source: { pointer } })));
    }
    const changed = Object.keys(next.attributes).filter((name) => JSON.stringify(next.attributes[name]) !== JSON.stringify(before.attributes[name]));
    const linkageChanged = Object.keys(next.linkage).filter((name) => JSON.stringify(next.linkage[name]) !== JSON.stringify(before.linkage[name]));
    if (changed.length > 0 || linkageChanged.length > 0) next.attributes.updatedAt = this.now();
    resource.attributes = next.attributes;
    resource.linkage = next.linkage;
    this.store.put(resource);
    if (!options.seeding && (changed.length > 0 || linkageChanged.length > 0)) this.emit('update', resource, [...changed, ...linkageChanged]);
    this.behaviors[resource.type]?.afterUpdate?.(resource, changed, this);
    return resource;
  }

  /** Server-side change of attributes (a run starting): stored, then one `update` event. */
  change(resource: StoredResource, attributes: Json): void {
    const changed = Object.keys(attributes).filter((name) => JSON.stringify(attributes[name]) !== JSON.stringify(resource.attributes[name]));
    if (changed.length === 0) return;
    Object.assign(resource.attributes, structuredClone(attributes));
    resource.attributes.updatedAt = this.now();
    this.behaviors[resource.type]?.derive?.(resource);
    this.recordViolations(resource);
    this.emit('update', resource, changed);
  }

  delete(resource: StoredResource, options: WriteOptions = {}): void {
    this.cancelTimers(resource);
    this.store.delete(resource.type, resource.id);
    if (!options.seeding) this.emit('delete', resource);
    this.behaviors[resource.type]?.afterDelete?.(resource, this);
  }

  /** Puts a JSON:API resource object (seed data) into the store as it is. */
  insert(object: Json): StoredResource {
    const type = String(object.type);
    const model = this.modelOf(type);
    const resource: StoredResource = { type, id: String(object.id), attributes: structuredClone((object.attributes as Json | undefined) ?? {}), linkage: {} };
    const relationships = (object.relationships as Record<string, Json> | undefined) ?? {};
    for (const [name, member] of Object.entries(relationships)) {
      const relationship = model.relationships.get(name);
      if (!relationship || !member) continue;
      if ('data' in member) {
        resource.linkage[name] = toLinkage(member.data, relationship.target, relationship.many);
        continue;
      }
      // A to-one relationship's `links.related` names the related resource: `/public/v2/flows/<id>`.
      const related = (member.links as Json | undefined)?.related;
      const targetPath = this.model.resources.get(relationship.target)?.itemPath;
      if (relationship.many || typeof related !== 'string' || targetPath === undefined || foreignKeyOf(this, type, relationship) !== undefined) continue;
      const pattern = new RegExp(`^/public/v2${targetPath.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/, '([^/?]+)')}$`);
      const match = pattern.exec(related);
      if (match?.[1]) resource.linkage[name] = { type: relationship.target, id: decodeURIComponent(match[1]) };
    }
    this.behaviors[type]?.derive?.(resource);
    const issues = this.validate(resource);
    if (issues.length > 0) {
      throw new Error(`Seed resource ${type} ${resource.id} does not match the spec: ${issues.map((i) => `${issuePointer(i) || '/'} ${i.message ?? i.keyword}`).join('; ')}`);
    }
    return this.store.put(resource);
  }

  // ---- the resource as the spec requires it ----

  /** The validator of a single-resource document of `type` (from the generated response validators). */
  private resourceValidator(type: string): GeneratedValidateFunction | null {
    if (this.resourceValidators.has(type)) return this.resourceValidators.get(type) ?? null;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    this.validatorsModule ??= require('../../generated/validators') as ResponseValidators;
    const op = this.model.operations.find((o) => o.type === type && o.jsonApiResponse && o.kind !== 'list' && o.responseRef !== undefined);
    const validate = op ? (this.validatorsModule.validators[`${op.operationId} ${op.successStatus}`] ?? null) : null;
    this.resourceValidators.set(type, validate);
    return validate;
  }

  /** The issues of a resource against its schema, as a document (pointers start at `/data`). */
  validate(resource: StoredResource): SchemaIssue[] {
    const validate = this.resourceValidator(resource.type);
    if (!validate) return [];
    const document = { data: renderResource(this, resource, new Set(this.modelOf(resource.type).relationships.keys())), meta: {} };
    return validate(document) ? [] : [...(validate.errors ?? [])];
  }

  /** Fills every required attribute the request did not write with a value its schema allows. */
  private complete(resource: StoredResource): void {
    const model = this.modelOf(resource.type);
    this.behaviors[resource.type]?.derive?.(resource);
    for (let round = 0; round < 4; round++) {
      const missing = this.validate(resource).filter((i) => i.keyword === 'required' && i.instancePath === '/data/attributes');
      if (missing.length === 0) break;
      for (const issue of missing) {
        const name = String(issue.params.missingProperty);
        if (name in resource.attributes) continue;
        resource.attributes[name] = sampleFromSchema(model.attributes.get(name) ?? {}, { resolve: this.model.resolve, ids: this.ids, now: this.now() });
      }
      this.behaviors[resource.type]?.derive?.(resource);
    }
    this.recordViolations(resource);
  }

  private recordViolations(resource: StoredResource): void {
    const issues = this.validate(resource);
    if (issues.length > 0) this.violations.push({ type: resource.type, id: resource.id, issues });
  }

  /** Relationship members of a request: into the `*Id` attribute when the type has one, else held as linkage. */
  private applyRelationships(model: ResourceModel, resource: StoredResource, attributes: Json, relationships: Record<string, { data?: unknown }>, options: WriteOptions): void {
    for (const [name, member] of Object.entries(relationships)) {
      const relationship = model.relationships.get(name);
      if (!relationship || member === undefined || !('data' in member)) continue;
      let linkage = toLinkage(member.data, relationship.target, relationship.many);
      if (options.seeding) linkage = this.substitute(linkage, relationship.target);
      const foreignKey = foreignKeyOf(this, model.type, relationship);
      if (foreignKey !== undefined) attributes[foreignKey] = linkage === null || Array.isArray(linkage) ? null : linkage.id;
      else resource.linkage[name] = linkage;
    }
    if (options.seeding) {
      // Documented examples use placeholders (`your-flow-id`): point them at a seeded resource.
      for (const relationship of model.relationships.values()) {
        const foreignKey = foreignKeyOf(this, model.type, relationship);
        const value = foreignKey === undefined ? undefined : attributes[foreignKey];
        if (foreignKey !== undefined && typeof value === 'string') {
          const replaced = this.substitute({ type: relationship.target, id: value }, relationship.target);
          attributes[foreignKey] = replaced === null || Array.isArray(replaced) ? null : replaced.id;
        }
      }
    }
  }

  private substitute(linkage: LinkageValue, target: string): LinkageValue {
    if (!this.routed(target)) return linkage;
    const fix = (l: Linkage): Linkage | undefined => {
      if (this.store.has(l.type, l.id)) return l;
      const first = this.store.all(target)[0];
      return first ? { type: target, id: first.id } : undefined;
    };
    if (linkage === null) return null;
    if (Array.isArray(linkage)) return linkage.flatMap((l) => fix(l) ?? []);
    return fix(linkage) ?? null;
  }

  /** Whether the API serves the type (only then can a reference to it be checked). */
  private routed(type: string): boolean {
    return this.model.resources.get(type)?.itemPath !== undefined;
  }

  /** Every id a write points at must exist: `*Id` attributes and relationship linkage. */
  private checkReferences(model: ResourceModel, attributes: Json, relationships: Record<string, { data?: unknown }>, options: WriteOptions): void {
    if (options.seeding) return;
    const errors: MockErrorObject[] = [];
    for (const relationship of model.relationships.values()) {
      if (!this.routed(relationship.target)) continue;
      const foreignKey = foreignKeyOf(this, model.type, relationship);
      const member = relationships[relationship.name];
      if (member && 'data' in member) {
        const linkage = toLinkage(member.data, relationship.target, relationship.many);
        const list = linkage === null ? [] : Array.isArray(linkage) ? linkage : [linkage];
        list.forEach((l, index) => {
          if (this.store.has(relationship.target, l.id)) return;
          const pointer = `/data/relationships/${relationship.name}/data${Array.isArray(linkage) ? `/${index}` : ''}/id`;
          errors.push(errorObject(422, `No ${relationship.target} resource has the id "${l.id}".`, { pointer }));
        });
      } else if (foreignKey !== undefined && typeof attributes[foreignKey] === 'string') {
        const id = attributes[foreignKey] as string;
        if (!this.store.has(relationship.target, id)) {
          errors.push(errorObject(422, `No ${relationship.target} resource has the id "${id}".`, { pointer: `/data/attributes/${foreignKey}` }));
        }
      }
    }
    if (errors.length > 0) throw new MockHttpError(422, errors);
  }

  /** The linkage of a resource's relationship (derived or held). */
  linkage(resource: StoredResource, name: string): LinkageValue {
    const relationship = this.modelOf(resource.type).relationships.get(name);
    return relationship ? linkageOf(this, resource, relationship) : null;
  }
}

function toLinkage(data: unknown, target: string, many: boolean): LinkageValue {
  const one = (value: unknown): Linkage | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    const id = (value as { id?: unknown }).id;
    return typeof id === 'string' ? { type: target, id } : undefined;
  };
  if (many) return Array.isArray(data) ? data.flatMap((d) => one(d) ?? []) : [];
  if (Array.isArray(data)) return one(data[0]) ?? null;
  return one(data) ?? null;
}

// Types of flattened resources: `{ id, type, ...attributes, ...relationships }` with
// relationships resolved from `included`. Derived from the spec's resource schemas, so that
// a renamed attribute in the spec is a compile error in users' code.
import type { ResourceObjectOfType } from '../spec-types';

/** A resource linkage that was not in `included`: only `id` and `type` are known. */
export interface ResourceIdentifierObject<T extends string = string> {
  id: string;
  type: T;
}

type AttributesOf<R> = R extends { attributes: infer A } ? A : {};
// `relationships` may be optional in a resource schema (a server may leave it out); its members still flatten.
type RelationshipsOf<R> = R extends { relationships?: infer Rel } ? NonNullable<Rel> : {};

/**
 * A related resource: the flattened resource when it was included, or only its identifier when
 * it was not (then its attributes are `undefined`, so `run.flow?.name` type-checks as `string | undefined`).
 */
export type Related<I> = I extends { type: infer T extends string }
  ? [ResourceObjectOfType<T>] extends [never]
    ? ResourceIdentifierObject<T>
    : Flattened<ResourceObjectOfType<T>> | (ResourceIdentifierObject<T> & { [K in keyof AttributesOf<ResourceObjectOfType<T>>]?: undefined })
  : never;

/** What a relationship flattens to: a to-one is related-or-null, a to-many an array. */
export type RelationshipValue<Rel> = Rel extends { data?: infer D }
  ? NonNullable<D> extends readonly (infer I)[]
    ? Related<I>[]
    : Related<NonNullable<D>> | (null extends D ? null : never)
  : never;

/**
 * A flattened resource. Relationship keys are optional: a relationship the server sent
 * without `data` (links only) is absent.
 */
export type Flattened<R> = R extends { type: infer T }
  ? { id: string; type: T } & AttributesOf<R> & {
      [K in keyof RelationshipsOf<R>]?: RelationshipValue<RelationshipsOf<R>[K]>;
    }
  : never;

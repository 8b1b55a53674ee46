// The one module that imports the generated types. Everything else in src/ (and every
// user) reaches the spec through the names exported here.
import type { components, operations, paths } from '../generated/recrubo';

export type { components, operations, paths };
export type Schemas = components['schemas'];

/** The JSON:API media type: every request and response body uses it. */
export const JSON_API_MEDIA_TYPE = 'application/vnd.api+json';
type Media = typeof JSON_API_MEDIA_TYPE;

/** A path of the spec that has `method`. */
export type PathWith<M extends HttpMethod> = {
  [P in keyof paths]: paths[P] extends Record<M, infer Op> ? ([Op] extends [never] ? never : Op extends undefined ? never : P) : never;
}[keyof paths];
export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

/** The operation object for a path and method (never when the API does not document it). */
export type OperationAt<P extends keyof paths, M extends HttpMethod> = paths[P] extends Record<M, infer Op>
  ? Exclude<Op, undefined>
  : never;

/** The JSON:API body of a successful response (2xx) of an operation. */
export type SuccessBody<Op> = Op extends { responses: infer R }
  ? {
      [S in keyof R]: S extends 200 | 201 ? (R[S] extends { content: { [K in Media]: infer B } } ? B : never) : never;
    }[keyof R]
  : never;

/** The JSON:API request document of an operation. */
export type RequestDocument<Op> = Op extends { requestBody: { content: { [K in Media]: infer B } } }
  ? B
  : Op extends { requestBody?: { content: { [K in Media]: infer B } } }
    ? B
    : never;

/** The query parameters of an operation. */
export type QueryOf<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** Every schema that is a JSON:API resource object (it has a constant `type` and `attributes`). */
export type AnyResourceObject = {
  [K in keyof Schemas]: Schemas[K] extends { id: string; type: string; attributes: object } ? Schemas[K] : never;
}[keyof Schemas];

/** The resource object schema whose `type` is `T` (never for types the spec does not describe yet). */
export type ResourceObjectOfType<T> = Extract<AnyResourceObject, { type: T }>;

// The public types of each resource, derived from the table and the generated spec types.
// Nothing here is written per resource.
import type { Flattened } from '../jsonapi/flattened';
import type { IterateOptions, Page } from '../jsonapi/pagination';
import type { FilterCondition, SortKey } from '../jsonapi/query';
import type { RelationshipParam } from '../jsonapi/serialize';
import type { OperationAt, QueryOf, RequestDocument, ResourceObjectOfType, paths } from '../spec-types';
import type { CallOptions } from '../transport/transport';
import type { METHOD_ROUTES, MethodName, RESOURCES, ResourceName } from './table';

type Def<N extends ResourceName> = (typeof RESOURCES)[N];
type PathOf<N extends ResourceName, M extends MethodName> = Def<N>[(typeof METHOD_ROUTES)[M]['at']] & keyof paths;
/** The spec operation behind a resource method. */
export type OperationOf<N extends ResourceName, M extends MethodName> = OperationAt<PathOf<N, M>, (typeof METHOD_ROUTES)[M]['http']>;

/** A flattened resource of this type, as every method returns it. */
export type ResourceOf<N extends ResourceName> = Flattened<ResourceObjectOfType<Def<N>['type']>>;

type Elements<T> = T extends readonly (infer E)[] ? E : never;
type Query<N extends ResourceName, M extends MethodName> = QueryOf<OperationOf<N, M>>;
type FieldsOf<Q> = Q extends { filter?: infer F } ? keyof NonNullable<F> & string : never;
type SortFieldOf<K> = K extends `-${infer F}` ? F : K & string;

/** `include` names the spec documents for the method. */
export type IncludeOf<N extends ResourceName, M extends MethodName> = Query<N, M> extends { include?: infer I } ? Elements<NonNullable<I>> & string : never;

/** Parameters of `list()` and `iterate()`: filters, sort keys and includes typed by the spec. */
export interface ListParams<N extends ResourceName> {
  /** `filter[field]=v`, a list (any of), or operators: `{ createdAt: { gt: new Date(…) } }`. */
  filter?: { readonly [F in FieldsOf<Query<N, 'list'>>]?: FilterCondition };
  /** One key or several; `-field` sorts descending. */
  sort?: SortKey<SortFieldOf<Elements<NonNullable<Query<N, 'list'> extends { sort?: infer S } ? S : never>>>> | readonly SortKey<SortFieldOf<Elements<NonNullable<Query<N, 'list'> extends { sort?: infer S } ? S : never>>>>[];
  /** `size` 1..200 (server default 25), `number` 1-based. */
  page?: { size?: number; number?: number };
  /** Related resources to resolve into the results. */
  include?: readonly IncludeOf<N, 'list'>[];
}

/** Parameters of `retrieve()`. */
export interface RetrieveParams<N extends ResourceName> {
  include?: readonly IncludeOf<N, 'retrieve'>[];
}

type DataOf<Doc> = Doc extends { data: infer D } ? D : never;
type AttributesParam<D> = D extends { attributes?: infer A } ? NonNullable<A> : {};
type RelationshipParams<D> = D extends { relationships?: infer R }
  ? { [K in keyof NonNullable<R>]?: RelationshipParam }
  : {};
type WriteParams<Doc> = AttributesParam<DataOf<Doc>> & RelationshipParams<DataOf<Doc>>;

/** What `create()` may send: the spec's POST-writable attributes (read-only fields are a type error). */
export type CreateParams<N extends ResourceName> = WriteParams<RequestDocument<OperationOf<N, 'create'>>>;
/** What `update()` may send: the spec's PATCH-writable attributes. */
export type UpdateParams<N extends ResourceName> = WriteParams<RequestDocument<OperationOf<N, 'update'>>>;

/** Options for every call: `signal`, `timeoutMs`, `maxRetries`. */
export type RequestOptions = CallOptions;

/** All methods a resource could have; each resource gets only those the API documents. */
export interface ResourceMethods<N extends ResourceName> {
  /** One page of the list. */
  list(params?: ListParams<N>, options?: RequestOptions): Promise<Page<ResourceOf<N>>>;
  /** Every item of every page, fetched page by page as you iterate. */
  iterate(params?: ListParams<N> & IterateOptions, options?: RequestOptions): AsyncIterableIterator<ResourceOf<N>>;
  /** One resource by id. */
  retrieve(id: string, params?: RetrieveParams<N>, options?: RequestOptions): Promise<ResourceOf<N>>;
  /** Creates a resource and returns it as the server stored it. */
  create(params: CreateParams<N>, options?: RequestOptions): Promise<ResourceOf<N>>;
  /** Changes the given fields; returns the updated resource. */
  update(id: string, params: UpdateParams<N>, options?: RequestOptions): Promise<ResourceOf<N>>;
  /** Deletes a resource. */
  delete(id: string, options?: RequestOptions): Promise<void>;
}

type MethodsOf<N extends ResourceName> = Def<N>['methods'][number];
type Exposed<N extends ResourceName> = MethodsOf<N> | ('list' extends MethodsOf<N> ? 'iterate' : never);

/** A resource client: exactly the documented methods, at run time and in the types. */
export type ResourceClient<N extends ResourceName> = Pick<ResourceMethods<N>, Exposed<N>>;

// The public types of each resource, derived from the table and the generated spec types.
// Nothing here is written per resource.
import type { Flattened } from '../jsonapi/flattened';
import type { IterateOptions, Page } from '../jsonapi/pagination';
import type { FilterCondition, SortKey } from '../jsonapi/query';
import type { RelationshipParam, ToManyRelationshipParam } from '../jsonapi/serialize';
import type { OperationAt, QueryOf, RequestDocument, ResourceObjectOfType, SuccessBody, paths } from '../spec-types';
import type { CallOptions } from '../transport/transport';
import type { ResourceHelpers } from './helpers';
import type { METHOD_ROUTES, MethodName, RESOURCES, ResourceName } from './table';

type Def<N extends ResourceName> = (typeof RESOURCES)[N];
/** A row's member `K`, or never when the row has none (an action-only row has no `type`). */
type Member<T, K extends string> = T extends { readonly [P in K]: infer V } ? V : never;
type PathOf<N extends ResourceName, M extends MethodName> = Member<Def<N>, (typeof METHOD_ROUTES)[M]['at']> & keyof paths;
/** The spec operation behind a resource method. */
export type OperationOf<N extends ResourceName, M extends MethodName> = OperationAt<PathOf<N, M>, (typeof METHOD_ROUTES)[M]['http']>;

/** A flattened resource of this type, as every method returns it. */
export type ResourceOf<N extends ResourceName> = Flattened<ResourceObjectOfType<Member<Def<N>, 'type'>>>;

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
// A required `relationships` member keeps each relationship's own optionality (Node's `flow`
// is required on create); an optional one makes every relationship optional.
// A to-many relationship (its `data` is an array in the request schema) takes a list of ids.
type ParamOf<Rel> = NonNullable<Rel> extends { data: readonly unknown[] } ? ToManyRelationshipParam : RelationshipParam;
type RelationshipParams<D> = D extends { relationships: infer R }
  ? { [K in keyof R]: ParamOf<R[K]> }
  : D extends { relationships?: infer R }
    ? { [K in keyof NonNullable<R>]?: ParamOf<NonNullable<R>[K]> }
    : {};
type WriteParams<Doc> = AttributesParam<DataOf<Doc>> & RelationshipParams<DataOf<Doc>>;

/** What `create()` may send: the spec's POST-writable attributes (read-only fields are a type error). */
export type CreateParams<N extends ResourceName> = WriteParams<RequestDocument<OperationOf<N, 'create'>>>;
/** What `update()` may send: the spec's PATCH-writable attributes. */
export type UpdateParams<N extends ResourceName> = WriteParams<RequestDocument<OperationOf<N, 'update'>>>;

/** Options for every call: `signal`, `timeoutMs`, `maxRetries`. */
export type RequestOptions = CallOptions;

/** Query flags the spec documents on a resource's POST, e.g. `{ sync: true }` on flow generations (sandbox). */
export type CreateQuery<N extends ResourceName> = Query<N, 'create'>;
/** Options of `create()`: every call's options, plus `query` where the POST documents query flags. */
export type CreateOptions<N extends ResourceName> = RequestOptions & ([CreateQuery<N>] extends [never] ? {} : { query?: CreateQuery<N> });

/** All methods a resource could have; each resource gets only those the API documents. */
export interface ResourceMethods<N extends ResourceName> {
  /** One page of the list. */
  list(params?: ListParams<N>, options?: RequestOptions): Promise<Page<ResourceOf<N>>>;
  /** Every item of every page, fetched page by page as you iterate. */
  iterate(params?: ListParams<N> & IterateOptions, options?: RequestOptions): AsyncIterableIterator<ResourceOf<N>>;
  /** One resource by id. */
  retrieve(id: string, params?: RetrieveParams<N>, options?: RequestOptions): Promise<ResourceOf<N>>;
  /** Creates a resource and returns it as the server stored it. */
  create(params: CreateParams<N>, options?: CreateOptions<N>): Promise<ResourceOf<N>>;
  /** Changes the given fields; returns the updated resource. */
  update(id: string, params: UpdateParams<N>, options?: RequestOptions): Promise<ResourceOf<N>>;
  /** Deletes a resource. */
  delete(id: string, options?: RequestOptions): Promise<void>;
}

type MethodsOf<N extends ResourceName> = Def<N>['methods'][number];
type Exposed<N extends ResourceName> = MethodsOf<N> | ('list' extends MethodsOf<N> ? 'iterate' : never);

// Actions: a row's other documented calls, each typed from its own spec operation.
type ActionOperation<A> = A extends { readonly path: infer P extends keyof paths; readonly http: infer H extends 'get' | 'post' | 'patch' | 'delete' } ? OperationAt<P, H> : never;
type PathArguments<A> = A extends { readonly pathParams: infer P extends readonly string[] } ? { -readonly [I in keyof P]: string } : [];
type BodyArguments<A> = A extends { readonly body: 'json' } ? [params: RequestDocument<ActionOperation<A>>] : [];
/** What an action resolves to: the flattened resource, or the response body as the spec types it. */
export type ActionResult<A> = A extends { readonly returns: 'resource' }
  ? Flattened<DataOf<SuccessBody<ActionOperation<A>>>>
  : SuccessBody<ActionOperation<A>>;
/** An action method: its path parameters in order, then its body (if any), then the call options. */
export type ActionMethod<A> = (...args: [...PathArguments<A>, ...BodyArguments<A>, options?: RequestOptions]) => Promise<ActionResult<A>>;
type ActionsOf<N extends ResourceName> = Def<N> extends { readonly actions: infer Actions } ? { [K in keyof Actions]: ActionMethod<Actions[K]> } : {};

/** A resource client: exactly the documented methods, at run time and in the types. */
export type ResourceClient<N extends ResourceName> = Pick<ResourceMethods<N>, Exposed<N>> & ActionsOf<N> & HelpersOf<N>;
type HelpersOf<N extends ResourceName> = N extends keyof ResourceHelpers ? ResourceHelpers[N] : {};

// Where each row's client lives on `Recrubo` (see `accessorOf` in the table).
type TopLevelName = { [N in ResourceName]: Def<N> extends { readonly namespace: string } ? never : N }[ResourceName];
type NamespaceName = { [N in ResourceName]: Def<N> extends { readonly namespace: infer S extends string } ? S : never }[ResourceName];
/** The clients of one namespace, e.g. `recrubo.management`: `{ organizations }`. */
export type NamespaceClients<S extends string> = {
  readonly [N in ResourceName as Def<N> extends { readonly namespace: S; readonly property: infer P extends string } ? P : never]: ResourceClient<N>;
};
/** Every resource client of `Recrubo`: one property per row, namespaced rows grouped under their namespace. */
export type ResourceClients = { readonly [N in TopLevelName]: ResourceClient<N> } & { readonly [S in NamespaceName]: NamespaceClients<S> };

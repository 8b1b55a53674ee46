// The public surface of recrubo-sdk. Everything users may rely on is exported here.
export { Recrubo } from './client';
export { DEFAULT_BASE_URL, STAGING_BASE_URL, type RecruboOptions } from './options';
export {
  AbortError,
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  ContractViolationError,
  InvalidRequestError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RecruboError,
  ResponseParseError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  UnexpectedStatusError,
  ValidationError,
  type ContractViolation,
  type JsonApiErrorObject,
} from './errors';
export type { Clock } from './transport/clock';
export type { ResponseDrift, ResponseDriftHandler, ValidateResponsesMode } from './transport/validation';
export { deserialize } from './jsonapi/deserialize';
export { serializeQuery, parseQuery, type FilterCondition, type FilterOperator, type ListQuery, type SortKey } from './jsonapi/query';
export { Page, type IterateOptions, type ListMeta } from './jsonapi/pagination';
export type { Flattened, Related, ResourceIdentifierObject } from './jsonapi/flattened';
export type {
  ActionMethod,
  ActionResult,
  CreateOptions,
  CreateParams,
  CreateQuery,
  ListParams,
  NamespaceClients,
  RequestOptions,
  ResourceClient,
  ResourceClients,
  ResourceOf,
  RetrieveParams,
  UpdateParams,
} from './resources/types';
export type { components, operations, paths } from './spec-types';

/** A flattened FlowRun, as `recrubo.flowRuns` methods return it. */
export type FlowRun = import('./resources/types').ResourceOf<'flowRuns'>;

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
export {
  deserialize,
  getIdentifierMeta,
  getLinks,
  getMeta,
  getRelationshipLinks,
  getRelationshipMeta,
  isFlattenedResource,
  LINKS,
  META,
  RELATIONSHIPS,
  type DeserializedDocument,
  type FlattenedResource,
  type JsonApiLinks,
  type JsonApiMeta,
} from './jsonapi/deserialize';
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

// Receiving webhooks (the Node `http` handler is `src/webhooks/node-handler.ts`, kept out of this
// entry so that it stays free of Node APIs) and waiting for asynchronous work.
export { constructWebhookEvent } from './webhooks/construct-event';
export { WebhookPayloadError, WebhookVerificationError, type WebhookVerificationFailure } from './webhooks/errors';
export { createFetchWebhookHandler, type FetchHandlerContext, type FetchWebhookHandler } from './webhooks/fetch-handler';
export { DEFAULT_MAX_WEBHOOK_BODY_BYTES, DEFAULT_WEBHOOK_BODY_TIMEOUT_MS, type WebhookErrorContext, type WebhookHandlerOptions } from './webhooks/delivery';
export { WEBHOOK_SECRET_HEADER } from './webhooks/secret';
export { generateTestWebhook, type TestWebhook, type TestWebhookParams, type TestWebhookResource } from './webhooks/test-helpers';
export type { WebhookBody, WebhookEvent, WebhookEventName, WebhookHeaders, WebhookResource, WebhookResourceOf, WebhookResourceType, WebhookSecret } from './webhooks/types';
export { FLOW_RUN_TERMINAL_STATUSES, waitForFlowRun, waitForStatus, type WaitForOptions, type WaitForRequestOptions } from './resources/wait-for';

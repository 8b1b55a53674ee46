// The HTTP side: one handler for every operation of the spec. Each request goes through
//   faults → route → key → Accept → body media type → query (parseQuery, then the operation's
//   query schema) → existence (404) → body (its request schema, then the documented checks)
// and is answered by the engine, with a JSON:API document that is checked against the
// operation's response schema (the generated validators the SDK uses) before it is sent.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { GeneratedValidateFunction } from '../../generated/validators';
import { InvalidRequestError } from '../errors';
import { parseQuery } from '../jsonapi/query';
import type { ParsedQuery } from '../jsonapi/query-types';
import { authenticate, type Caller, type KeyOptions } from './auth';
import { ACTIONS, CREATE_CHECKS } from './behaviors';
import type { MockEngine, ResourceInput } from './engine';
import { errorObject, issuesToErrors, MockHttpError, type MockErrorObject } from './errors';
import { FAULT_HEADER, type FaultInjector, type FaultStep } from './faults';
import { applyFilters, applySort, paginate, parameterOf, queryValue } from './list-query';
import { checkAccept, checkContentType } from './media-type';
import { renderPrimary, type RenderOptions } from './render';
import { bodyKey, queryKey } from './request-schemas';
import type { RequestValidators, SchemaIssue } from './request-validators';
import { BASE_PATH, MEDIA_TYPE, matchOperation, type Json, type SpecOperation } from './spec-model';
import type { StoredResource } from './store';

/** One request the mock answered. */
export interface MockRequestRecord {
  method: string;
  /** Path and query as received. */
  url: string;
  operationId: string | undefined;
  status: number;
  /** Why it was refused: `validation` (400/406/413/415/422: the request departs from the spec), `auth`, `not-found`, `conflict`, `fault`. */
  rejection?: 'validation' | 'auth' | 'not-found' | 'conflict' | 'method' | 'fault';
  /** The error objects of a refusal. */
  errors?: MockErrorObject[];
}

/** A response the mock sent that its own spec check found wrong (a bug of the mock, or of the spec). */
export interface MockResponseViolation {
  operationId: string;
  status: number;
  issues: SchemaIssue[];
}

export interface HandlerConfig {
  engine: MockEngine;
  validators: RequestValidators;
  responseValidators: Readonly<Record<string, GeneratedValidateFunction>> | undefined;
  faults: FaultInjector;
  keys: KeyOptions;
  latencyMs: number;
  maxBodyBytes: number;
  records: MockRequestRecord[];
  responseViolations: MockResponseViolation[];
  log: ((line: string) => void) | undefined;
}

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const REJECTIONS: Record<number, MockRequestRecord['rejection']> = {
  400: 'validation',
  406: 'validation',
  413: 'validation',
  415: 'validation',
  422: 'validation',
  401: 'auth',
  404: 'not-found',
  405: 'method',
  409: 'conflict',
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new MockHttpError(413, `The request body is larger than ${limit} bytes.`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The key of an InvalidRequestError from parseQuery: `Invalid query parameter <name>: …`. */
function parameterOfQueryError(error: InvalidRequestError): string {
  return /^Invalid query parameter (\S+?):/.exec(error.message)?.[1] ?? 'query';
}

export function createHandler(config: HandlerConfig): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const { engine } = config;

  /** What a caller sees of `organizations`: on organization-key routes only its own, never the `token`. */
  function viewOf(op: SpecOperation, caller: Caller): { visible(resource: StoredResource): boolean; render: RenderOptions } {
    if (op.type !== 'organizations' || caller.kind === 'partner') return { visible: () => true, render: {} };
    return { visible: (resource) => resource.id === caller.organizationId, render: { hide: new Set(['token']) } };
  }

  function validateQuery(op: SpecOperation, search: string): ParsedQuery {
    let parsed: ParsedQuery;
    try {
      parsed = parseQuery(search);
    } catch (error) {
      if (error instanceof InvalidRequestError) {
        throw new MockHttpError(400, [errorObject(400, error.message, { parameter: parameterOfQueryError(error) })]);
      }
      throw error;
    }
    const issues = config.validators.validate(queryKey(op.operationId), queryValue(parsed, op.query, engine.model));
    if (issues.length > 0) {
      throw new MockHttpError(
        400,
        issuesToErrors(issues, 400, (issue, pointer) => {
          const parameter = parameterOf(pointer);
          const unknown = issue.keyword === 'additionalProperties';
          const detail = unknown
            ? pointer.startsWith('/filter/')
              ? `\`${parameter}\` is not a filter of ${op.operationId}.`
              : `\`${parameter}\` is not a query parameter of ${op.operationId}.`
            : issue.keyword === 'enum'
              ? `\`${parameter}\` must be one of: ${(issue.params.allowedValues as unknown[]).map(String).join(', ')}.`
              : undefined;
          return { source: { parameter }, detail };
        }),
      );
    }
    return parsed;
  }

  function validateBody(op: SpecOperation, text: string): unknown {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new MockHttpError(400, [errorObject(400, 'The request body is not valid JSON.', { pointer: '' })]);
    }
    const issues = config.validators.validate(bodyKey(op.operationId), body);
    if (issues.length === 0) return body;
    const readOnly = op.type === undefined ? new Set<string>() : (engine.model.resources.get(op.type)?.readOnly ?? new Set<string>());
    throw new MockHttpError(
      422,
      issuesToErrors(issues, 422, (issue, pointer) => {
        const member = /^\/data\/attributes\/([^/]+)$/.exec(pointer)?.[1];
        const extra = issue.keyword === 'additionalProperties' || issue.keyword === 'unevaluatedProperties';
        if (extra && member !== undefined && readOnly.has(member)) {
          return { source: { pointer }, detail: `\`${member}\` is read-only: the server sets it.` };
        }
        return { source: { pointer } };
      }),
    );
  }

  function find(op: SpecOperation, id: string, caller: Caller): StoredResource {
    const type = op.type as string;
    const resource = engine.store.get(type, id);
    if (!resource || !viewOf(op, caller).visible(resource)) throw new MockHttpError(404, `No ${type} resource has the id "${id}".`);
    return resource;
  }

  function single(op: SpecOperation, caller: Caller, resource: StoredResource, include: readonly string[], status: number): Reply {
    const { data, included } = renderPrimary(engine, resource, include, viewOf(op, caller).render);
    return { status, body: included === undefined ? { data, meta: {} } : { data, meta: {}, included } };
  }

  function dispatch(op: SpecOperation, params: Record<string, string>, query: ParsedQuery, body: unknown, caller: Caller): Reply {
    const type = op.type;
    const data = (body as { data?: ResourceInput } | undefined)?.data;
    switch (op.kind) {
      case 'list': {
        const view = viewOf(op, caller);
        const all = engine.store.all(type as string).filter((r) => view.visible(r));
        const sorted = applySort(engine, applyFilters(engine, all, query.filter), query.sort);
        const page = paginate(sorted, all.length, query.page);
        const { data: list, included } = renderPrimary(engine, page.items, query.include, view.render);
        return { status: op.successStatus, body: included === undefined ? { data: list, meta: page.meta } : { data: list, meta: page.meta, included } };
      }
      case 'retrieve':
        return single(op, caller, find(op, params.id ?? '', caller), query.include, op.successStatus);
      case 'create': {
        const attributes = (data?.attributes ?? {}) as Json;
        const refusals = CREATE_CHECKS[type as string]?.(attributes, engine) ?? [];
        if (refusals.length > 0) throw new MockHttpError(422, refusals);
        const sync = query.extra.sync === 'true';
        return single(op, caller, engine.create(type as string, data ?? {}, { sync }), [], op.successStatus);
      }
      case 'update': {
        const resource = find(op, params.id ?? '', caller);
        return single(op, caller, engine.update(resource, data ?? {}), [], op.successStatus);
      }
      case 'delete':
        engine.delete(find(op, params.id ?? '', caller));
        return { status: op.successStatus };
      case 'action': {
        const action = ACTIONS[op.operationId];
        if (!action) throw new MockHttpError(501, `The mock does not implement ${op.operationId}.`);
        const result = action(engine, { params, body });
        if (result.resource) return single(op, caller, result.resource, [], result.status);
        return { status: result.status, body: result.json };
      }
    }
  }

  function checkResponse(op: SpecOperation | undefined, reply: Reply): void {
    if (!op || !config.responseValidators || reply.body === undefined) return;
    const validate = config.responseValidators[`${op.operationId} ${reply.status}`];
    if (!validate || validate(reply.body)) return;
    const issues = [...(validate.errors ?? [])];
    config.responseViolations.push({ operationId: op.operationId, status: reply.status, issues });
    config.log?.(`[recrubo-mock] ${op.operationId} ${reply.status}: the response departs from the spec: ${issues.map((i) => `${i.instancePath} ${i.message ?? ''}`).join('; ')}`);
  }

  async function applyFault(step: FaultStep): Promise<Reply | 'reset' | undefined> {
    switch (step.kind) {
      case 'ok':
        return undefined;
      case 'delay':
        await sleep(step.ms);
        return undefined;
      case 'reset':
        return 'reset';
      case 'status': {
        const headers: Record<string, string> = step.retryAfter === undefined ? {} : { 'Retry-After': step.retryAfter };
        return { status: step.status, headers, body: { errors: [errorObject(step.status, `Injected fault (${FAULT_HEADER}).`)] } };
      }
    }
  }

  let sequence = 0;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const queryAt = rawUrl.indexOf('?');
    const pathname = queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt);
    const search = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
    const record: MockRequestRecord = { method, url: rawUrl, operationId: undefined, status: 0 };
    let op: SpecOperation | undefined;
    let reply: Reply;
    try {
      const below = pathname.startsWith(`${BASE_PATH}/`) ? pathname.slice(BASE_PATH.length) : undefined;
      let matched: ReturnType<typeof matchOperation>;
      try {
        matched = below === undefined ? undefined : matchOperation(engine.model, method, below);
      } catch {
        throw new MockHttpError(400, 'The path is not valid percent-encoded UTF-8.');
      }
      op = matched && 'op' in matched ? matched.op : undefined;
      record.operationId = op?.operationId;
      const step = config.faults.next({ method, url: rawUrl, path: below ?? pathname, header: header(req, FAULT_HEADER), operationId: op?.operationId, template: op?.path });
      const faulted = step === undefined ? undefined : await applyFault(step);
      if (faulted === 'reset') {
        record.status = 0;
        record.rejection = 'fault';
        config.records.push(record);
        config.log?.(`${method} ${rawUrl} (connection reset: injected fault)`);
        req.socket.destroy();
        return;
      }
      if (config.latencyMs > 0) await sleep(config.latencyMs);
      const text = await readBody(req, config.maxBodyBytes);
      if (faulted !== undefined) {
        record.rejection = 'fault';
        reply = faulted;
      } else {
        if (!matched) throw new MockHttpError(404, `No route ${pathname}. The API lives under ${BASE_PATH}.`);
        if (!('op' in matched)) {
          throw new MockHttpError(405, `${method} is not an operation of ${pathname}; it has ${matched.allowed.join(', ')}.`, { Allow: matched.allowed.join(', ') });
        }
        const current = matched.op;
        const caller = authenticate(header(req, 'authorization'), current.security, config.keys, engine.store, engine.organizationId());
        checkAccept(header(req, 'accept'));
        let body: unknown;
        if (text.length > 0) {
          if (!current.requestBody) throw new MockHttpError(400, [errorObject(400, `${current.operationId} takes no request body.`, { pointer: '' })]);
          checkContentType(header(req, 'content-type'));
        } else if (current.requestBody?.required) {
          throw new MockHttpError(400, [errorObject(400, `${current.operationId} needs a request body.`, { pointer: '' })]);
        }
        const query = validateQuery(current, search);
        if (current.kind === 'update' && current.type !== undefined) find(current, matched.params.id ?? '', caller);
        if (text.length > 0) body = validateBody(current, text);
        reply = dispatch(current, matched.params, query, body, caller);
      }
    } catch (error) {
      if (error instanceof MockHttpError) {
        reply = { status: error.status, headers: error.headers, body: { errors: error.errors } };
        record.rejection ??= REJECTIONS[error.status];
        record.errors = error.errors;
      } else {
        const message = error instanceof Error ? error.message : String(error);
        config.log?.(`[recrubo-mock] internal error on ${method} ${rawUrl}: ${error instanceof Error ? (error.stack ?? message) : message}`);
        reply = { status: 500, body: { errors: [errorObject(500, `The mock failed: ${message}`)] } };
      }
    }
    record.status = reply.status;
    config.records.push(record);
    checkResponse(op, reply);
    const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
    const headers: Record<string, string | number> = { 'X-Request-Id': `mock-${++sequence}`, ...reply.headers };
    if (text !== '') {
      headers['Content-Type'] = MEDIA_TYPE;
      headers['Content-Length'] = Buffer.byteLength(text);
    }
    if (!res.headersSent && !res.destroyed) {
      res.writeHead(reply.status, headers);
      res.end(text);
    }
    config.log?.(`${method} ${rawUrl} → ${reply.status}${record.errors ? ` (${record.errors[0]?.detail ?? ''})` : ''} ${Date.now() - started} ms`);
  }

  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

export interface Listening {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

export function listen(handler: http.RequestListener, port: number, host: string): Promise<Listening> {
  const server = http.createServer(handler);
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve({
        server,
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

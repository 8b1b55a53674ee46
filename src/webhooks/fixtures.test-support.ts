// Webhook payloads for the tests, built from the documented example bodies in
// contracts/examples (the published payload format has only placeholders: see
// shared/recrubo-api/examples/webhookPayload.format.json).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import created from '../../contracts/examples/flowRuns.create.201.json';
import updated from '../../contracts/examples/flowRuns.update.200.json';
import { RESOURCES, type ResourceDefinition } from '../resources/table';

export const SECRET = 'whsec_9f2c4e7a1b_do-not-log';
export const DELIVERY_ID = '3b0c6a55-4f1e-4d7a-9a8e-2f6c1d0e9b71';
export const WEBHOOK_ID = 'c1f9e2d4-7a3b-4e8f-9c6d-5b2a1e0f3d47';

type JsonObject = Record<string, unknown>;

export function payload(attributes: JsonObject, id = DELIVERY_ID): JsonObject {
  return { data: { type: 'webhookPayload', id, attributes } };
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** The documented FlowRun (create response) as the lifecycle's webhooks would carry it. */
export function flowRunAt(status: string, changes: JsonObject = {}): JsonObject {
  const resource = clone(created.data) as JsonObject & { attributes: JsonObject };
  resource.attributes = { ...resource.attributes, status, ...changes };
  return resource;
}

/** The lifecycle of one FlowRun (async-requests.md): created `queued`, `running`, then `finished` with its state. */
export const FLOW_RUN_LIFECYCLE = {
  create: payload({ webhookId: WEBHOOK_ID, event: 'create', resource: flowRunAt('queued', { cost: 0 }) }, '0f6a3a7e-1c44-4f0e-8a55-6d0a9b3c2e11'),
  running: payload(
    { webhookId: WEBHOOK_ID, event: 'update', fields: ['status'], resource: flowRunAt('running', { updatedAt: '2024-08-20T10:45:09+00:00' }) },
    '5d2b8c19-0e7f-4a3c-b6d1-8e9f0a1b2c33',
  ),
  finished: payload(
    { webhookId: WEBHOOK_ID, event: 'update', fields: ['status', 'state', 'cost'], resource: clone(updated.data) },
    '7e4d1f20-3a9b-4c8e-9f12-0b3c4d5e6f77',
  ),
  delete: payload({ webhookId: WEBHOOK_ID, event: 'delete', resource: flowRunAt('cancelled') }, '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c66'),
};

/**
 * One JSON:API resource object per type of the resource table: the first documented one in
 * contracts/examples (in `data` or `included`), or a minimal one for a type without a
 * documented response yet. Grows with the table and the fixtures.
 */
export function resourcePerType(): Map<string, { resource: JsonObject; documented: boolean }> {
  const types = new Set(Object.values(RESOURCES as Record<string, ResourceDefinition>).flatMap((row) => (row.type === undefined ? [] : [row.type])));
  const found = new Map<string, { resource: JsonObject; documented: boolean }>();
  const dir = join(__dirname, '../../contracts/examples');
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith('.json') || file.endsWith('.manifest.json') || /request/.test(file)) continue;
    let document: unknown;
    try {
      document = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    } catch {
      continue;
    }
    const doc = document as { data?: unknown; included?: unknown };
    const candidates = [...(Array.isArray(doc.data) ? doc.data : [doc.data]), ...(Array.isArray(doc.included) ? doc.included : [])];
    for (const candidate of candidates) {
      const r = candidate as JsonObject | null | undefined;
      if (r && typeof r.type === 'string' && typeof r.id === 'string' && types.has(r.type) && !found.has(r.type)) {
        found.set(r.type, { resource: clone(r), documented: true });
      }
    }
  }
  for (const type of types) {
    if (!found.has(type)) {
      found.set(type, { resource: { id: `00000000-0000-4000-8000-${String(found.size).padStart(12, '0')}`, type, attributes: { createdAt: '2024-08-20T10:45:02+00:00' } }, documented: false });
    }
  }
  return found;
}

export function body(document: unknown): string {
  return JSON.stringify(document);
}

export const HEADERS = { 'x-recrubo-webhook-secret': SECRET, 'content-type': 'application/vnd.api+json' };

// Deterministic JSON:API list documents of flow runs, shaped like Recrubo's
// `GET /flowRuns?include=flow,messageThread`: each run links to a flow (one per 20 runs)
// and a message thread (one per 2 runs), all of them in `included`.

const BASE_URL = 'https://api.recrubo.app/public/v2';
const STATUSES = ['running', 'finished', 'cancelled', 'failed'] as const;

/** A UUID-shaped id, the same for the same (kind, n) on every run. */
function uuid(kind: number, n: number): string {
  const hex = (n * 2654435761 + kind * 97).toString(16).padStart(12, '0').slice(-12);
  return `${kind.toString(16).padStart(8, '0')}-4${hex.slice(0, 3)}-8${hex.slice(3, 6)}-a${hex.slice(6, 9)}-${hex.padStart(12, '0')}`;
}

function timestamp(n: number): string {
  return new Date(Date.UTC(2025, 0, 1) + n * 61_000).toISOString();
}

export interface FlowRunsDocument {
  data: object[];
  included: object[];
  meta: Record<string, number>;
  links: Record<string, string>;
}

export function flowRunsDocument(runs: number): FlowRunsDocument {
  const flowCount = Math.max(1, Math.ceil(runs / 20));
  const threadCount = Math.max(1, Math.ceil(runs / 2));
  const data: object[] = [];
  for (let i = 0; i < runs; i++) {
    const id = uuid(1, i);
    const flowId = uuid(2, i % flowCount);
    const threadId = uuid(3, Math.floor(i / 2));
    data.push({
      type: 'flowRuns',
      id,
      attributes: {
        createdAt: timestamp(i),
        updatedAt: timestamp(i + 5),
        flowId,
        messageThreadId: threadId,
        state: { currentNodeId: `node-${i % 7}`, variables: { firstName: 'Alex', step: i % 5 } },
        initialMessage: { type: 'text', text: 'Hi! Are you still interested in the warehouse role?' },
        status: STATUSES[i % STATUSES.length],
        cost: (i % 100) / 1000,
      },
      relationships: {
        flow: { links: { related: `${BASE_URL}/flowRuns/${id}/flow` }, data: { type: 'flows', id: flowId } },
        messageThread: {
          links: { related: `${BASE_URL}/flowRuns/${id}/messageThread` },
          data: { type: 'messageThreads', id: threadId },
        },
      },
    });
  }
  const included: object[] = [];
  for (let f = 0; f < flowCount; f++) {
    included.push({
      type: 'flows',
      id: uuid(2, f),
      attributes: { name: `Screening flow ${f}`, status: 'active', createdAt: timestamp(f), updatedAt: timestamp(f + 1) },
    });
  }
  for (let t = 0; t < threadCount; t++) {
    const id = uuid(3, t);
    included.push({
      type: 'messageThreads',
      id,
      attributes: {
        channel: 'whatsapp',
        candidatePhoneNumber: `+3161${String(1_000_000 + t).slice(-7)}`,
        status: 'open',
        createdAt: timestamp(t),
        updatedAt: timestamp(t + 3),
      },
      relationships: {
        // Links only (no data): flattens to an absent key.
        messages: { links: { related: `${BASE_URL}/messageThreads/${id}/messages` } },
      },
    });
  }
  return {
    data,
    included,
    meta: { total: runs, totalUnfiltered: runs, currentSize: runs, currentPage: 1, maxPage: 1 },
    links: { self: `${BASE_URL}/flowRuns?include=flow,messageThread&page[size]=${runs}` },
  };
}

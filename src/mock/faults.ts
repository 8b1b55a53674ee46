// Fault injection, to show and test what the SDK does when the service misbehaves.
//
// A fault script is a comma list, one step per attempt: `503`, `429:2` (429 with
// `Retry-After: 2`), `503:0`, `delay:300` (answer normally after 300 ms), `reset` (close the
// connection without an answer), `ok` (answer normally). Given
//   - per request, in the `X-Mock-Fault` header: consecutive requests with the same method,
//     URL and header value are the attempts of one call, so `X-Mock-Fault: 503,503` fails
//     twice and then answers (and a retrying client sees exactly that);
//   - per route, with the `faults` option or `server.faults.add()`: `{ operationId or
//     method/path, script }`, used once (or `times` times) by the matching requests in order.

export type FaultStep =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'delay'; ms: number }
  | { kind: 'reset' }
  | { kind: 'ok' };

export interface FaultRule {
  /** The operation to disturb, e.g. `listFlowRuns`. Or give `method` and/or `path`. */
  operationId?: string;
  /** HTTP method, any case. */
  method?: string;
  /** The spec's path template (`/flow-runs/{id}`) or a concrete path below `/public/v2`. */
  path?: string;
  /** One step per matching request, in order: `'503,503'` or `['429:1', 'ok']`. */
  script: string | readonly string[];
}

export const FAULT_HEADER = 'x-mock-fault';

export function parseFaultScript(script: string | readonly string[]): FaultStep[] {
  const parts = typeof script === 'string' ? script.split(',') : [...script];
  return parts.map((raw) => {
    const part = raw.trim().toLowerCase();
    if (part === 'ok') return { kind: 'ok' };
    if (part === 'reset') return { kind: 'reset' };
    const delay = /^(?:delay|latency):(\d+)$/.exec(part);
    if (delay) return { kind: 'delay', ms: Number(delay[1]) };
    const status = /^([1-5]\d\d)(?::(\d+))?$/.exec(part);
    if (status) return status[2] === undefined ? { kind: 'status', status: Number(status[1]) } : { kind: 'status', status: Number(status[1]), retryAfter: status[2] };
    throw new Error(`Unknown fault step "${raw.trim()}": use a status (503), a status with Retry-After seconds (429:2), delay:<ms>, reset or ok.`);
  });
}

interface ActiveRule {
  rule: FaultRule;
  steps: FaultStep[];
}

export class FaultInjector {
  private readonly rules: ActiveRule[] = [];
  /** Header scripts in progress: attempt counts by method, URL and script. */
  private readonly attempts = new Map<string, number>();

  constructor(rules: readonly FaultRule[] = []) {
    for (const rule of rules) this.add(rule);
  }

  /** Disturbs the next requests that match `rule`, one step each. */
  add(rule: FaultRule): void {
    this.rules.push({ rule, steps: parseFaultScript(rule.script) });
  }

  /** Forgets every rule and every header script in progress. */
  clear(): void {
    this.rules.length = 0;
    this.attempts.clear();
  }

  /** Rules with steps left. */
  pending(): number {
    return this.rules.filter((r) => r.steps.length > 0).length;
  }

  /** The step for this request, consumed; undefined when nothing applies. */
  next(request: { method: string; url: string; path: string; header: string | undefined; operationId: string | undefined; template: string | undefined }): FaultStep | undefined {
    if (request.header !== undefined && request.header.trim() !== '') {
      const steps = parseFaultScript(request.header);
      const key = `${request.method} ${request.url} ${request.header}`;
      const attempt = this.attempts.get(key) ?? 0;
      if (attempt < steps.length) {
        this.attempts.set(key, attempt + 1);
        return steps[attempt];
      }
      // The script is used up: this attempt succeeds, and the next call with it starts over.
      this.attempts.delete(key);
      return undefined;
    }
    const method = request.method.toLowerCase();
    for (const active of this.rules) {
      const { rule } = active;
      if (active.steps.length === 0) continue;
      if (rule.operationId !== undefined && rule.operationId !== request.operationId) continue;
      if (rule.method !== undefined && rule.method.toLowerCase() !== method) continue;
      if (rule.path !== undefined && rule.path !== request.template && rule.path !== request.path) continue;
      return active.steps.shift();
    }
    return undefined;
  }
}

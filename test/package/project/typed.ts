// Shared by the TypeScript smoke files: the same user code, compiled under each module
// resolution. Type errors here fail the check; the `@ts-expect-error` lines fail it when the
// published types stop rejecting what the SDK rejects.
import { ContractViolationError, Recrubo, type FlowRun, type RecruboOptions } from 'recrubo-sdk';

export async function typedCalls(baseUrl: string, runId: string, driftedId: string): Promise<string> {
  const options: RecruboOptions = { apiKey: 'rk_smoke_ts', baseUrl };
  const recrubo = new Recrubo(options);
  const run: FlowRun = await recrubo.flowRuns.retrieve(runId);
  const status: string = run.status;
  const cost: number | null | undefined = run.cost;

  // @ts-expect-error an undocumented method does not exist
  void recrubo.flowRuns.archive;
  async function typeOnly(): Promise<void> {
    // @ts-expect-error a read-only attribute is not writable
    await recrubo.flowRuns.create({ flowId: 'f', messageThreadId: 't', state: {}, initialMessage: {}, cost: 1 });
  }
  void typeOnly;

  const strict = new Recrubo({ ...options, validateResponses: 'throw' });
  const drift = await strict.flowRuns.retrieve(driftedId).then(
    () => 'no error',
    (error: unknown) => (error instanceof ContractViolationError ? error.violations.map((v) => v.pointer).join(',') : String(error)),
  );
  if (!drift.includes('/data/attributes/status')) throw new Error(`expected a ContractViolationError on /data/attributes/status, got ${drift}`);
  return `${status} ${String(cost)}`;
}

// Neither the configured secret nor the header value a sender put in X-Recrubo-Webhook-Secret
// may appear anywhere an error can be turned into text: message, stack, toString, JSON,
// util.inspect (hidden members and the cause chain), the handlers' responses and console output.
import util from 'node:util';
import { constructWebhookEvent } from './construct-event';
import { createFetchWebhookHandler } from './fetch-handler';
import { FLOW_RUN_LIFECYCLE, body } from './fixtures.test-support';
import { generateTestWebhook } from './test-helpers';

const SECRET = 'whsec_LEAKCHECK_4b7e91d2a0c3';
// What an attacker (or a misconfigured sender) sent: close to the secret, and distinctive.
const RECEIVED = 'whsec_LEAKCHECK_4b7e91d2a0cX_RECEIVED';
const FRAGMENTS = [SECRET, RECEIVED, SECRET.slice(-10), RECEIVED.slice(-14), 'LEAKCHECK'];

function renderings(error: unknown): string[] {
  const out: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const e = current as Error;
    out.push(String(e), String(e.message), String(e.stack), JSON.stringify(e) ?? '', util.inspect(e, { showHidden: true, depth: Infinity }));
    out.push(JSON.stringify(Object.getOwnPropertyNames(e).map((k) => [k, String((e as unknown as Record<string, unknown>)[k])])));
    current = e.cause;
  }
  return out;
}

function expectClean(texts: string[]): void {
  for (const text of texts) for (const fragment of FRAGMENTS) expect(text).not.toContain(fragment);
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

const good = body(FLOW_RUN_LIFECYCLE.running);

describe('the secret and the received value never leak', () => {
  test.each([
    ['a wrong secret', good, { 'x-recrubo-webhook-secret': RECEIVED }, SECRET],
    ['a repeated header', good, { 'x-recrubo-webhook-secret': [RECEIVED, SECRET] }, SECRET],
    ['a missing header', good, { 'x-other': RECEIVED }, SECRET],
    ['a bad body with the right secret', '{"data":', { 'x-recrubo-webhook-secret': SECRET }, SECRET],
    ['a payload error deep in the resource', JSON.stringify({ data: { type: 'webhookPayload', id: 'x', attributes: { event: 'update', resource: { id: '1', type: 'flowRuns', attributes: { id: 'x' } } } } }), { 'x-recrubo-webhook-secret': SECRET }, SECRET],
    ['a secret with a trailing newline (configuration)', good, { 'x-recrubo-webhook-secret': SECRET }, `${SECRET}\n`],
    ['a secret with a control character (configuration)', good, { 'x-recrubo-webhook-secret': SECRET }, `${SECRET}\u0007`],
    ['a secret list with a bad entry (configuration)', good, { 'x-recrubo-webhook-secret': SECRET }, [SECRET, ` ${RECEIVED}`]],
  ])('%s', (_name, raw, headers, secret) => {
    const error = thrown(() => constructWebhookEvent(raw, headers as Record<string, string>, secret as string));
    expectClean(renderings(error));
  });

  test('the handlers: response bodies, headers, onError and console', async () => {
    const logged: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(util.format(...args))),
    );
    try {
      const reported: unknown[] = [];
      const handler = createFetchWebhookHandler({ secret: SECRET, onEvent: () => undefined, onError: (e) => void reported.push(e) });
      const texts: string[] = [];
      const attempts: [Record<string, string>, string][] = [
        [{ 'x-recrubo-webhook-secret': RECEIVED }, good],
        [{}, good],
        [{ 'x-recrubo-webhook-secret': SECRET }, '{"data"'],
      ];
      for (const [headers, payload] of attempts) {
        const response = await handler(new Request('https://r.example/', { method: 'POST', headers, body: payload }));
        texts.push(await response.text(), JSON.stringify([...response.headers]));
      }
      expect(reported).toHaveLength(3);
      for (const error of reported) texts.push(...renderings(error));
      // The default onError (console) on a failing callback.
      const loud = createFetchWebhookHandler({ secret: SECRET, onEvent: () => Promise.reject(new Error('callback failed')) });
      const delivery = generateTestWebhook({ event: 'create', resource: { id: '1', type: 'flowRuns' } }, SECRET);
      expect((await loud(new Request('https://r.example/', { method: 'POST', headers: delivery.headers, body: delivery.body }))).status).toBe(500);
      expect(logged.length).toBeGreaterThan(0);
      expectClean([...texts, ...logged]);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

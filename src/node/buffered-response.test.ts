// BufferedResponse must be indistinguishable from a Response over the same bytes for anyone
// who reads it (text, json, bytes, the stream, clone, a second read failing), while the SDK's
// transport takes its bytes without a stream (TAKE_COMPLETE_BODY).
import { TAKE_COMPLETE_BODY } from '../transport/fetch-protocol';
import { BufferedResponse } from './buffered-response';

const BODY = '{"data":{"id":"ü-1","type":"flowRuns"}}';
const bytes = () => new TextEncoder().encode(BODY);
const make = () => new BufferedResponse(bytes(), { status: 201, statusText: 'Created', headers: [['Content-Type', 'application/vnd.api+json']] });

it('is a Response with the status and headers given', () => {
  const response = make();
  expect(response).toBeInstanceOf(Response);
  expect([response.status, response.statusText, response.ok, response.headers.get('content-type')]).toEqual([201, 'Created', true, 'application/vnd.api+json']);
  expect(response.bodyUsed).toBe(false);
});

it.each([
  ['text', async (r: Response) => r.text(), BODY],
  ['json', async (r: Response) => r.json(), JSON.parse(BODY)],
  ['arrayBuffer', async (r: Response) => new TextDecoder().decode(await r.arrayBuffer()), BODY],
  ['bytes', async (r: Response) => new TextDecoder().decode(await r.bytes()), BODY],
  ['blob', async (r: Response) => (await r.blob()).text(), BODY],
  ['the body stream', async (r: Response) => new Response(r.body).text(), BODY],
])('reads once through %s, then is used up as a Response is', async (_name, read, expected) => {
  const response = make();
  await expect(read(response)).resolves.toEqual(expected);
  expect(response.bodyUsed).toBe(true);
  // By name: the stream's own TypeError comes from Node's realm, not jest's.
  await expect(response.text()).rejects.toMatchObject({ name: 'TypeError', message: expect.stringContaining('Body is unusable') });
  expect(() => response.clone()).toThrow(/already been consumed/);
});

it('hands its bytes to the transport once, and not after a read or once the stream was asked for', async () => {
  const taken = make();
  expect(new TextDecoder().decode(taken[TAKE_COMPLETE_BODY]())).toBe(BODY);
  expect(taken[TAKE_COMPLETE_BODY]()).toBeUndefined();
  expect(taken.bodyUsed).toBe(true);
  await expect(taken.text()).rejects.toThrow(TypeError);

  const streamed = make();
  expect(streamed.body).toBe(streamed.body);
  expect(streamed[TAKE_COMPLETE_BODY]()).toBeUndefined();
  expect(await streamed.text()).toBe(BODY);

  const read = make();
  await read.text();
  expect(read[TAKE_COMPLETE_BODY]()).toBeUndefined();
  // The stream of a read body is as a read Response's: used, and empty or locked.
  expect(read.body.locked || read.bodyUsed).toBe(true);
});

it('clones into an independent copy with the same URL', async () => {
  const response = make();
  Object.defineProperty(response, 'url', { value: 'http://127.0.0.1/x' });
  const copy = response.clone();
  expect(await copy.text()).toBe(BODY);
  expect(copy.url).toBe('http://127.0.0.1/x');
  expect(await response.json()).toEqual(JSON.parse(BODY));
});

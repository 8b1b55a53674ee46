// `npm start` as a test: the example runs its whole journey against the embedded mock, in
// this process, one line per step, with the run's webhooks in between.
import { main } from '../../examples/quickstart';
import { loopbackFetch } from '../support/loopback-fetch';

it('npm start: the quickstart runs every step against the mock', async () => {
  const lines: string[] = [];
  await main({ log: (line) => lines.push(line), fetch: loopbackFetch, env: {} });
  const steps = lines.filter((line) => !line.startsWith('  ← webhook')).map((line) => line.split(' ')[0]);
  expect(steps).toEqual(['Recrubo', 'thread', 'flow', 'finished', 'list', 'pages', 'patch', 'delete', 'typed', 'done']);
  const webhooks = lines.filter((line) => line.startsWith('  ← webhook')).map((line) => /flowRuns \S+: (\w+)/.exec(line)?.[1]);
  expect(webhooks).toEqual(['queued', 'running', 'finished']);
  expect(lines.join('\n')).toMatch(/typed error\s+retrieve of the deleted run → NotFoundError 404/);
});

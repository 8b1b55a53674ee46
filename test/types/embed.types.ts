// Type-level tests for recrubo.embed (POST /embed/authenticate, not JSON:API), checked by `npm run typecheck`.
import { Recrubo } from '../../src';

declare const recrubo: Recrubo;
declare function expectType<T>(value: T): void;

export async function embedTypes(): Promise<void> {
  const result = await recrubo.embed.authenticate({ userId: 'user-id', originUrl: 'https://recrubo.app' });
  expectType<string>(result.token);
  await recrubo.embed.authenticate({ userId: 'user-id', originUrl: 'https://demo.recrubo.app' }, { timeoutMs: 5_000 });
  // @ts-expect-error originUrl is required
  await recrubo.embed.authenticate({ userId: 'user-id' });
  // @ts-expect-error the body is plain JSON, not a JSON:API document
  await recrubo.embed.authenticate({ data: { type: 'embed', attributes: { userId: 'u' } } });
  // @ts-expect-error embed has no resource methods
  void recrubo.embed.create;
}

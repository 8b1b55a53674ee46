// `npm run contracts:live [-- --json] [-- --recordings-dir <dir>]`
//
// Live drift: does the real API still match the spec? Runs only with RECRUBO_API_KEY set
// (RECRUBO_BASE_URL defaults to staging; RECRUBO_PARTNER_KEY adds the /management routes).
// Read-only GETs, each response validated against the spec and reported per operation, by name;
// redacted recordings in contracts/recordings/. Exit 0 no drift (or no key), 1 drift, 2 crashed.
import path from 'node:path';
import { DEFAULT_BASE_URL, RECORDINGS_DIR, renderLiveReport, runLiveContracts } from './contracts-live/runner';

export { runLiveContracts, renderLiveReport, DEFAULT_BASE_URL } from './contracts-live/runner';

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const apiKey = env.RECRUBO_API_KEY?.trim();
  if (!apiKey) {
    console.log('RECRUBO_API_KEY is not set: skipping the live contract run (set it, and optionally RECRUBO_BASE_URL, to check the real API).');
    return 0;
  }
  const dirFlag = argv.indexOf('--recordings-dir');
  const recordingsDir = dirFlag >= 0 && argv[dirFlag + 1] ? path.resolve(argv[dirFlag + 1]!) : RECORDINGS_DIR;
  const partnerKey = env.RECRUBO_PARTNER_KEY?.trim();
  const report = await runLiveContracts({
    baseUrl: env.RECRUBO_BASE_URL?.trim() || DEFAULT_BASE_URL,
    apiKey,
    ...(partnerKey ? { partnerKey } : {}),
    recordingsDir,
  });
  if (argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
  else process.stdout.write(renderLiveReport(report));
  console.error(`Recordings (redacted): ${path.relative(process.cwd(), recordingsDir) || '.'}`);
  return report.drift ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Never echo the key, even from an unexpected error.
      const message = error instanceof Error ? error.message : String(error);
      const key = process.env.RECRUBO_API_KEY;
      console.error(`contracts:live failed: ${key ? message.split(key).join('[redacted]') : message}`);
      process.exitCode = 2;
    },
  );
}

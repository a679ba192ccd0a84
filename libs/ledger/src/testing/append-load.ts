import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ledgerHarness } from './ledger-harness';
import { recordEntry } from './record-entry';

/**
 * A separate process appending to the ledger, for multi-process tests:
 *   node append-load.js <database-url> <appenders> <entries-per-appender>
 * Prints one JSON line: how many entries it appended.
 */
async function main(): Promise<void> {
  const [url, appenders, perAppender] = process.argv.slice(2);
  const harness = await ledgerHarness(url, { LEDGER_CHAINS: process.env.LEDGER_CHAINS ?? '4' });
  let appended = 0;
  await Promise.all(
    Array.from({ length: Number(appenders) }, async () => {
      for (let i = 0; i < Number(perAppender); i += 1) {
        const subject = `load-${randomUUID()}`;
        await recordEntry(harness.appender, {
          kind: 'load.appended',
          subject,
          actor: `pid-${process.pid}`,
          payload: { i },
          identity: subject,
        });
        appended += 1;
      }
    }),
  );
  await harness.close();
  process.stdout.write(`${JSON.stringify({ pid: process.pid, appended })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});

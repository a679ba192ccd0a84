import type { ApiClient, UntrustedAnswer } from './api-client';
import { CliError } from './cli-error';
import { note } from './output';

/**
 * The answer to GET `path`, asked again every 500 ms while `awaiting` names what it still waits
 * for (the next checkpoint, witness cosignatures) and `waitMs` is not over.
 */
export async function awaitedAnswer(
  client: ApiClient,
  path: string,
  waitMs: number,
  awaiting: (answer: UntrustedAnswer) => string | undefined,
): Promise<UntrustedAnswer> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const answer = await client.untrusted(path);
    const awaited = awaiting(answer);
    if (awaited === undefined || Date.now() >= deadline) return answer;
    note(`waiting for ${awaited}…`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** `--wait <seconds>` in milliseconds. */
export function waitMilliseconds(seconds: string): number {
  const waitMs = Number(seconds) * 1000;
  if (!Number.isFinite(waitMs) || waitMs < 0) throw CliError.badInput('--wait must be seconds');
  return waitMs;
}

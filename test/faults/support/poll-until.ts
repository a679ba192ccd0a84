/** Polls `check` until it holds; fails naming what was awaited when `timeoutMs` passes first. */
export async function pollUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, intervalMs));
  }
  throw new Error(`not reached within ${timeoutMs} ms: ${what}`);
}

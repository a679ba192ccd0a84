export interface ChainVerification {
  state: string;
  /** Entries verified. */
  done: number;
  result: { ok: boolean; chains: Array<{ chain: number; ok: boolean; verified: number }> } | null;
}

/**
 * Verifies every chain from genesis as a tax official does: through the audit service's
 * verification API (hashes, links, signatures and checkpoints), waiting for the run to finish.
 */
export async function verifyChainsThroughAudit(
  auditUrl: string,
  officialToken: string,
  timeoutMs = 120_000,
): Promise<ChainVerification> {
  const headers = { authorization: `Bearer ${officialToken}` };
  const started = await fetch(`${auditUrl}/verifications`, { method: 'POST', headers });
  if (started.status !== 202)
    throw new Error(`POST /verifications answered ${started.status}: ${await started.text()}`);
  const { id } = (await started.json()) as { id: string };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = (await (
      await fetch(`${auditUrl}/verifications/${id}`, { headers })
    ).json()) as ChainVerification;
    if (run.state !== 'running' || Date.now() > deadline) return run;
    await new Promise((done) => setTimeout(done, 500));
  }
}

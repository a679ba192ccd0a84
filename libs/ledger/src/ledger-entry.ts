/** One recorded ledger entry, as stored, relayed and verified. Hashes and signatures are hex. */
export interface LedgerEntry {
  chain: number;
  seq: number;
  prevHash: string;
  entryHash: string;
  kind: string;
  subject: string;
  actor: string;
  /** The canonical JSON text that payloadHash covers. */
  payload: string;
  payloadHash: string;
  actorSignature: string | null;
  /** ISO-8601 UTC with milliseconds. */
  recordedAt: string;
  identity: string;
}

/** What a caller asks the ledger to record. */
export interface EntryDraft {
  kind: string;
  subject: string;
  actor: string;
  payload: unknown;
  /** The actor's ed25519 signature (hex) over the canonical payload, when the actor signs. */
  actorSignature?: string | null;
  /** Idempotency: the same identity is recorded once, ever. */
  identity: string;
}

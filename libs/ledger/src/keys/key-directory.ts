import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Queryable } from '../storage/queryable';
import { canonicalJson, fromHex, type Ed25519Engine } from '../crypto';
import type { LedgerEntry } from '../ledger-entry';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from '../storage/entry-row';
import type { KeyRegisteredPayload, KeyRevokedPayload } from '@taxchain/contracts';

interface KnownKey {
  publicKey: Uint8Array;
  revokedAt?: string;
}

/**
 * Merchant keys as the ledger itself records them (key.registered / key.revoked),
 * so an actor signature can be checked with nothing but the ledger.
 */
export class KeyDirectory {
  private readonly keys = new Map<string, KnownKey>();

  constructor(private readonly engine: Ed25519Engine) {}

  /** Every key entry of every chain: keys live on their merchant's chain, invoices on theirs. */
  static async load(dataSource: Queryable, engine: Ed25519Engine): Promise<KeyDirectory> {
    const directory = new KeyDirectory(engine);
    const rows = await dataSource.query<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger.entries WHERE kind LIKE 'key.%' ORDER BY recorded_at, chain, seq`,
    );
    rows.map(toEntry).forEach((entry) => directory.learn(entry));
    return directory;
  }

  learn(entry: LedgerEntry): void {
    if (entry.kind === 'key.registered') {
      const { document } = JSON.parse(entry.payload) as KeyRegisteredPayload;
      if (!this.keys.has(document.keyId))
        this.keys.set(document.keyId, { publicKey: fromHex(document.publicKey) });
    } else if (entry.kind === 'key.revoked') {
      const payload = JSON.parse(entry.payload) as KeyRevokedPayload;
      const known = this.keys.get(payload.keyId);
      if (known && !known.revokedAt) known.revokedAt = entry.recordedAt;
    }
  }

  /** 'ok', or why the entry's actor signature does not hold. */
  check(entry: LedgerEntry): 'ok' | 'unknown-key' | 'bad-signature' {
    if (entry.actorSignature === null) return 'ok';
    // The signature covers the canonical JSON of the payload's `document`, which names its key.
    const document = (JSON.parse(entry.payload) as { document?: { keyId?: unknown } }).document;
    const keyId = document?.keyId;
    const key = typeof keyId === 'string' ? this.keys.get(keyId) : undefined;
    if (!key || (key.revokedAt !== undefined && key.revokedAt < entry.recordedAt))
      return 'unknown-key';
    const valid = this.engine.verify(
      fromHex(entry.actorSignature),
      utf8ToBytes(canonicalJson(document)),
      key.publicKey,
    );
    return valid ? 'ok' : 'bad-signature';
  }
}

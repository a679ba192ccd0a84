import type { Queryable } from '../storage/queryable';
// From the modules, not the index: a getter fewer per call (swc re-exports through getters).
import { canonicalJson } from '../crypto/canonical-json';
import type { Ed25519Engine } from '../crypto/ed25519';
import { fromHex } from '../crypto/hashes';
import type { LedgerEntry } from '../ledger-entry';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from '../storage/entry-row';
import { entryFault } from '../verify/entry-fault';
import { signedDocumentOf } from './signed-document';
import type { KeyRegisteredPayload, KeyRevokedPayload } from '@taxchain/contracts';

interface KnownKey {
  /** The merchant that registered it. */
  taxId: string;
  publicKey: Uint8Array;
  /** The engine's verify under this key, prepared once (an OpenSSL key object for native). */
  verify: (signature: Uint8Array, message: Uint8Array) => boolean;
  revokedAt?: string;
}

/** A key as the ledger records it, for whoever is about to record a document signed under it. */
export interface KeyStanding {
  taxId: string;
  publicKey: Uint8Array;
  revoked: boolean;
}

/** Why an actor signature holds or not; `key-revoked`: recorded after its key's revocation. */
export type KeyVerdict = 'ok' | 'unknown-key' | 'key-revoked' | 'bad-signature';

/** Served by the partial index entries_kind_idx. */
const KEY_ENTRIES = "kind LIKE 'key.%'";

/**
 * Merchant keys as the ledger itself records them (key.registered / key.revoked),
 * so an actor signature can be checked with nothing but the ledger.
 *
 * A revocation does not reach back: a signature the ledger recorded while its key was valid
 * stays valid (the invoice was a valid tax document when issued). The ledger's recordedAt is
 * the signature's trusted time, since a merchant can date its own document as it likes;
 * key.revoked names no earlier compromise time, so it takes effect when it was recorded.
 */
export class KeyDirectory {
  private readonly keys = new Map<string, KnownKey>();

  constructor(private readonly engine: Ed25519Engine) {}

  /**
   * Every key entry of every chain: keys live on their merchant's chain, invoices on theirs.
   * `hashChecked`: a key any of whose entries is not what the ledger hashed (entryFault) is left
   * out, as the ledger cannot vouch for it; for a signer deciding whether to record under a key.
   */
  static async load(
    dataSource: Queryable,
    engine: Ed25519Engine,
    options: { hashChecked?: boolean } = {},
  ): Promise<KeyDirectory> {
    const directory = new KeyDirectory(engine);
    const rows = await dataSource.query<EntryRow[]>(
      `SELECT ${ENTRY_COLUMNS} FROM ledger.entries WHERE ${KEY_ENTRIES} ORDER BY recorded_at, chain, seq`,
    );
    const entries = rows.map(toEntry);
    const unvouched = new Set(
      options.hashChecked ? entries.filter((e) => entryFault(e)).map((e) => e.subject) : [],
    );
    entries.filter((e) => !unvouched.has(e.subject)).forEach((entry) => directory.learn(entry));
    return directory;
  }

  /** How many key entries the ledger holds: it only grows, so a directory loaded after
   * reading n is current for as long as the count stays n. */
  static async entryCount(dataSource: Queryable): Promise<number> {
    const [row] = await dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM ledger.entries WHERE ${KEY_ENTRIES}`,
    );
    return Number(row.n);
  }

  learn(entry: LedgerEntry): void {
    if (entry.kind === 'key.registered') {
      const { document } = JSON.parse(entry.payload) as KeyRegisteredPayload;
      if (!this.keys.has(document.keyId)) {
        const publicKey = fromHex(document.publicKey);
        const verify = this.engine.verifierFor(publicKey);
        this.keys.set(document.keyId, { taxId: document.taxId, publicKey, verify });
      }
    } else if (entry.kind === 'key.revoked') {
      const payload = JSON.parse(entry.payload) as KeyRevokedPayload;
      const known = this.keys.get(payload.keyId);
      if (known && !known.revokedAt) known.revokedAt = entry.recordedAt;
    }
  }

  /**
   * A copy that what this directory learns later does not change: the keys as they were when a
   * pass's signatures held, for {@link KeyDirectory.extends} to compare a later directory with.
   */
  snapshot(): KeyDirectory {
    const copy = new KeyDirectory(this.engine);
    for (const [id, key] of this.keys) copy.keys.set(id, { ...key });
    return copy;
  }

  /**
   * Whether every key `earlier` held is here unchanged (same public key, same revocation): an
   * actor signature's verdict under `earlier` is then its verdict here, whatever keys came since.
   */
  extends(earlier: KeyDirectory): boolean {
    for (const [id, key] of earlier.keys) {
      const now = this.keys.get(id);
      if (!now || now.revokedAt !== key.revokedAt) return false;
      if (!Buffer.from(now.publicKey).equals(Buffer.from(key.publicKey))) return false;
    }
    return true;
  }

  /** What the ledger records of the key; undefined when it never registered it. */
  standing(keyId: string): KeyStanding | undefined {
    const key = this.keys.get(keyId);
    if (!key) return undefined;
    return { taxId: key.taxId, publicKey: key.publicKey, revoked: key.revokedAt !== undefined };
  }

  /** 'ok', or why the entry's actor signature does not hold. */
  verdict(entry: LedgerEntry): KeyVerdict {
    if (entry.actorSignature === null) return 'ok';
    // The signature covers the canonical JSON of the payload's `document`, which names its key:
    // read off the stored text when it is canonical, as the ledger writes it, else parsed.
    const signed = signedDocumentOf(entry.payload);
    const document = signed
      ? undefined
      : (JSON.parse(entry.payload) as { document?: { keyId?: unknown } }).document;
    const keyId = signed ? signed.keyId : document?.keyId;
    const key = typeof keyId === 'string' ? this.keys.get(keyId) : undefined;
    if (!key) return 'unknown-key';
    // Same-millisecond times count as before: issuing holds the key row while it records, so a
    // revocation is recorded only after every entry signed under the key has committed.
    if (key.revokedAt !== undefined && key.revokedAt < entry.recordedAt) return 'key-revoked';
    // Buffer's UTF-8: TextEncoder's bytes (canonical JSON has no lone surrogate) at a sixth of its cost.
    const valid = key.verify(
      signatureBytes(entry.actorSignature),
      Buffer.from(signed ? signed.text : canonicalJson(document)),
    );
    return valid ? 'ok' : 'bad-signature';
  }
}

/**
 * The bytes of a hex signature, decoded by Buffer (noble's fromHex took a regex and a loop per
 * entry verified). Buffer stops at the first character that is not hex: a length short of half
 * the text's is what fromHex refuses, and it is refused the same way.
 */
function signatureBytes(hex: string): Uint8Array {
  const bytes = Buffer.from(hex, 'hex');
  if (bytes.length * 2 !== hex.length) return fromHex(hex);
  return bytes;
}

import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalString } from './canonical-json';
import { HASH_LENGTH, HashDomain, isLowerHex, sha256, sha256Hex } from './hashes';
import { isNonEmptyString, isNonNegativeSafeInteger } from './guards';
import { isIsoMillisUtc } from './iso-time';
import { SIGNATURE_LENGTH } from './ed25519-checks';

/** Version of the hashed entry document; a new encoding gets a new version, never a silent change. */
export const ENTRY_VERSION = 1;

/** The prevHash of seq 0 in every chain: 32 zero bytes in hex. */
export const GENESIS_PREV_HASH = '0'.repeat(HASH_LENGTH * 2);

/** Everything an entry hash commits to, in the form stored and published. */
export interface EntryHashFields {
  chain: number;
  seq: number;
  /** Hex SHA-256 of the previous entry in this chain; {@link GENESIS_PREV_HASH} for seq 0. */
  prevHash: string;
  kind: string;
  subject: string;
  actor: string;
  /** Hex SHA-256 of the canonical payload (see payloadHash). */
  payloadHash: string;
  /** Hex ed25519 signature by the actor, or null when the actor does not sign (the platform). */
  actorSignature: string | null;
  /** ISO-8601 UTC with milliseconds, e.g. 2026-11-23T10:00:00.000Z. */
  recordedAt: string;
  /** The caller's idempotency key: hashed too, so every stored column is tamper-evident. */
  identity: string;
}

/** Thrown when an entry field cannot be hashed; `field` names it. */
export class InvalidEntryError extends Error {
  override readonly name = 'InvalidEntryError';

  constructor(
    readonly field: keyof EntryHashFields,
    expected: string,
  ) {
    super(`entry field ${field} must be ${expected}`);
  }
}

/** SHA-256(0x02 || canonical versioned entry document); throws InvalidEntryError on bad fields. */
export function entryHashBytes(fields: EntryHashFields): Uint8Array {
  return sha256(utf8ToBytes(ENTRY_DOMAIN + entryDocumentJson(fields)));
}

/** Hex of {@link entryHashBytes}. */
export function entryHash(fields: EntryHashFields): string {
  return sha256Hex(ENTRY_DOMAIN + entryDocumentJson(fields));
}

const ENTRY_DOMAIN = String.fromCharCode(HashDomain.entry);

/**
 * The RFC 8785 text of the hashed document, written field by field (the hot path of appending
 * and of verifying): its keys are fixed and listed here in JCS order, and every value is null,
 * a safe integer or a checked string, which JCS writes exactly as JSON.stringify does
 * (canonicalJson of the same document gives the same text: entry-hash.spec). Fields are read
 * one by one, never spread, so extra properties on the input (an id, the stored hash itself)
 * cannot leak into the hash.
 */
function entryDocumentJson(fields: EntryHashFields): string {
  assertEntryFields(fields);
  const text = (field: keyof EntryHashFields) =>
    canonicalString(fields[field] as string, `$.${field}`);
  // Hex and the checked timestamp are digits, letters, '-', ':', '.': JSON writes them as they
  // are, in quotes, so only the free-text fields go through canonicalString.
  const signature = fields.actorSignature === null ? 'null' : `"${fields.actorSignature}"`;
  return (
    `{"actor":${text('actor')},"actorSignature":${signature},"chain":${fields.chain},` +
    `"identity":${text('identity')},"kind":${text('kind')},"payloadHash":"${fields.payloadHash}",` +
    `"prevHash":"${fields.prevHash}","recordedAt":"${fields.recordedAt}","seq":${fields.seq},` +
    `"subject":${text('subject')},"version":${ENTRY_VERSION}}`
  );
}

// Checked at run time as well as by the compiler: entries also arrive as JSON in proof bundles.
function assertEntryFields(fields: EntryHashFields): void {
  const check = (field: keyof EntryHashFields, ok: boolean, expected: string) => {
    if (!ok) throw new InvalidEntryError(field, expected);
  };
  check('chain', isNonNegativeSafeInteger(fields.chain), 'a non-negative safe integer');
  check('seq', isNonNegativeSafeInteger(fields.seq), 'a non-negative safe integer');
  check('prevHash', isLowerHex(fields.prevHash, HASH_LENGTH), '64 lowercase hex digits');
  check('kind', isNonEmptyString(fields.kind), 'a non-empty string');
  check('subject', isNonEmptyString(fields.subject), 'a non-empty string');
  check('actor', isNonEmptyString(fields.actor), 'a non-empty string');
  check('payloadHash', isLowerHex(fields.payloadHash, HASH_LENGTH), '64 lowercase hex digits');
  check(
    'actorSignature',
    fields.actorSignature === null || isLowerHex(fields.actorSignature, SIGNATURE_LENGTH),
    'null or 128 lowercase hex digits',
  );
  check('recordedAt', isIsoMillisUtc(fields.recordedAt), 'ISO-8601 UTC with milliseconds');
  check('identity', isNonEmptyString(fields.identity), 'a non-empty string');
}

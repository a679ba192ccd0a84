import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from './canonical-json';
import { HASH_LENGTH, isLowerHex, sha256, toHex } from './hashes';

/**
 * Whether `payload`, the JSON text a verifier shows or uses, is the payload `hash` was computed
 * over: parsed, written again as RFC 8785 canonical JSON and hashed as the ledger hashes it
 * (payloadHash). Parsing first binds what a reader of the text sees (a repeated key, for one,
 * parses to its last value), not merely its bytes; the ledger stores the canonical text, so the
 * honest text is its own canonical form. Never throws: payloads arrive as untrusted JSON.
 */
export function payloadMatches(payload: unknown, hash: unknown): boolean {
  if (typeof payload !== 'string' || !isLowerHex(hash, HASH_LENGTH)) return false;
  let canonical: string;
  try {
    canonical = canonicalJson(JSON.parse(payload));
  } catch {
    return false;
  }
  return canonical === payload && toHex(sha256(utf8ToBytes(canonical))) === hash;
}

import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/** Bytes of salt per claim: enough that nobody can guess a reference from its commitment. */
export const EXPENSE_SALT_BYTES = 32;

/** A fresh random salt, hex. */
export function newExpenseSalt(): string {
  return bytesToHex(randomBytes(EXPENSE_SALT_BYTES));
}

/**
 * What the ledger records instead of a buyer's expense reference: HMAC-SHA256 keyed with the
 * claim's salt over the reference's UTF-8 bytes, lowercase hex (docs/spec/documents.md). The buyer
 * alone is shown the salt, so the buyer can prove the reference, and nobody else can learn it.
 */
export function expenseCommitment(saltHex: string, expenseReference: string): string {
  return bytesToHex(hmac(sha256, hexToBytes(saltHex), utf8ToBytes(expenseReference)));
}

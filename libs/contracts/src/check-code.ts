import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** Versioned domain tag, so a check code can never be mistaken for another hash of the same data. */
const CHECK_CODE_DOMAIN = 'taxchain.check-code.v1';
const DIGITS = 6;

/**
 * The 6-digit check code (校验码) printed on an invoice: the first 8 bytes of
 * SHA-256(domain ‖ invoiceNumber ‖ documentHashHex), read as an unsigned integer, modulo 10⁶.
 * `documentHashHex` is the lowercase hex SHA-256 of the canonical signed document. Any service
 * holding the ledger entry recomputes it; 2⁶⁴ mod 10⁶ leaves a bias below 10⁻¹³.
 */
export function checkCode(invoiceNumber: string, documentHashHex: string): string {
  const digest = sha256(utf8ToBytes(`${CHECK_CODE_DOMAIN}\n${invoiceNumber}\n${documentHashHex}`));
  let value = 0n;
  for (const byte of digest.subarray(0, 8)) value = (value << 8n) | BigInt(byte);
  return String(value % 10n ** BigInt(DIGITS)).padStart(DIGITS, '0');
}

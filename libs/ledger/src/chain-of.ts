import { sha256Hex } from './crypto/hashes';

/**
 * The chain (partition) a subject's entries go to: stable for a given chain count (the first
 * four bytes of the subject's SHA-256, big-endian, modulo the count). Hashed by OpenSSL in Node:
 * noble's SHA-256 here was 6 % of the appender's CPU under batch load, one hash per unit.
 */
export function chainOf(subject: string, chains: number): number {
  return Number.parseInt(sha256Hex(subject).slice(0, 8), 16) % chains;
}

import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** The chain (partition) a subject's entries go to: stable for a given chain count. */
export function chainOf(subject: string, chains: number): number {
  const digest = sha256(utf8ToBytes(subject));
  const word = ((digest[0] << 24) | (digest[1] << 16) | (digest[2] << 8) | digest[3]) >>> 0;
  return word % chains;
}

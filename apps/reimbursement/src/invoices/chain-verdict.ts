import { utf8ToBytes } from '@noble/hashes/utils.js';
import {
  entryHash,
  nativeEd25519,
  sha256,
  toHex,
  verifyProofBundle,
  type SubjectProof,
} from '@taxchain/ledger';

export const CHAIN_VERDICTS = ['valid', 'pending', 'invalid'] as const;
export type ChainVerdict = { chain: (typeof CHAIN_VERDICTS)[number]; chainProblem?: string };

/**
 * Whether the invoice's ledger entries are intact: each one's payload and entry hash recompute
 * from what is stored, and each inclusion proof checks against a checkpoint signed by the tax
 * authority. `pending` while the newest entry awaits its checkpoint (seconds).
 */
export function chainVerdict(
  proof: SubjectProof,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
): ChainVerdict {
  let pending = false;
  for (const { entry, proof: bundle } of proof.entries) {
    if (toHex(sha256(utf8ToBytes(entry.payload))) !== entry.payloadHash)
      return {
        chain: 'invalid',
        chainProblem: `seq ${entry.seq}: payload does not match its hash`,
      };
    if (entryHash(entry) !== entry.entryHash)
      return {
        chain: 'invalid',
        chainProblem: `seq ${entry.seq}: stored fields do not hash to the entry hash`,
      };
    if (!bundle) pending = true;
    else {
      const verdict = verifyProofBundle(bundle, authorityKeys, nativeEd25519);
      if (!verdict.ok)
        return { chain: 'invalid', chainProblem: `seq ${entry.seq}: ${verdict.reason}` };
    }
  }
  return { chain: pending ? 'pending' : 'valid' };
}

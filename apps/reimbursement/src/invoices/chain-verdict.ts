import {
  ENTRY_FAULT_DETAIL,
  entryFault,
  nativeEd25519,
  verifyProofBundle,
  type SubjectProof,
} from '@taxchain/ledger';

export const CHAIN_VERDICTS = ['valid', 'pending', 'invalid'] as const;
export type ChainVerdict = { chain: (typeof CHAIN_VERDICTS)[number]; chainProblem?: string };

/**
 * Whether the invoice's ledger entries are intact: each one's payload and entry hash recompute
 * from what is stored, and each inclusion proof (which carries the payload too) checks against a
 * checkpoint signed by the tax authority. `pending` while the newest entry awaits its checkpoint.
 */
export function chainVerdict(
  proof: SubjectProof,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
): ChainVerdict {
  let pending = false;
  for (const { entry, proof: bundle } of proof.entries) {
    const fault = entryFault(entry);
    if (fault) return invalid(`seq ${entry.seq}: ${ENTRY_FAULT_DETAIL[fault]}`);
    if (!bundle) pending = true;
    else {
      const verdict = verifyProofBundle(bundle, authorityKeys, nativeEd25519);
      if (!verdict.ok) return invalid(`seq ${entry.seq}: ${verdict.reason}`);
    }
  }
  return { chain: pending ? 'pending' : 'valid' };
}

export function invalid(chainProblem: string): ChainVerdict {
  return { chain: 'invalid', chainProblem };
}

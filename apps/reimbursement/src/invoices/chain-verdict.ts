import {
  ENTRY_FAULT_DETAIL,
  entryFault,
  nativeEd25519,
  verifyProofBundle,
  verifyWitnessQuorum,
  type SubjectProof,
  type WitnessPolicy,
} from '@taxchain/ledger';

export const CHAIN_VERDICTS = ['valid', 'pending', 'invalid'] as const;
export type ChainVerdict = { chain: (typeof CHAIN_VERDICTS)[number]; chainProblem?: string };

/**
 * Whether the invoice's ledger entries are intact: each one's payload and entry hash recompute
 * from what is stored, and each inclusion proof (which carries the payload too) checks against a
 * checkpoint signed by the tax authority. `pending` while the newest entry awaits its checkpoint,
 * and, under a witness policy, while a checkpoint lacks the quorum of trusted cosignatures (they
 * follow within seconds; a checkpoint the witnesses refused never gets them).
 */
export function chainVerdict(
  proof: SubjectProof,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
  policy?: WitnessPolicy,
): ChainVerdict {
  let pending = false;
  let belowQuorum: string | undefined;
  for (const { entry, proof: bundle } of proof.entries) {
    const fault = entryFault(entry);
    if (fault) return invalid(`seq ${entry.seq}: ${ENTRY_FAULT_DETAIL[fault]}`);
    if (!bundle) pending = true;
    else {
      const verdict = verifyProofBundle(bundle, authorityKeys, nativeEd25519);
      if (!verdict.ok) return invalid(`seq ${entry.seq}: ${verdict.reason}`);
      const quorum = policy && verifyWitnessQuorum(bundle, policy);
      if (quorum && !quorum.ok)
        belowQuorum ??= `seq ${entry.seq}: below-quorum, cosigned by ${quorum.cosignedBy.length} of the ${policy.quorum} trusted witnesses needed`;
    }
  }
  if (belowQuorum) return { chain: 'pending', chainProblem: belowQuorum };
  return { chain: pending ? 'pending' : 'valid' };
}

export function invalid(chainProblem: string): ChainVerdict {
  return { chain: 'invalid', chainProblem };
}

import {
  ENTRY_FAULT_DETAIL,
  entryFault,
  nativeEd25519,
  verifyListedEntry,
  type SubjectProof,
  type WitnessPolicy,
} from '@taxchain/ledger';

export const CHAIN_VERDICTS = ['valid', 'pending', 'invalid'] as const;
export type ChainVerdict = { chain: (typeof CHAIN_VERDICTS)[number]; chainProblem?: string };

/**
 * Whether the ledger entries of invoice `number` are intact: each one's payload and entry hash
 * recompute from what is stored, each is about that invoice, and each inclusion proof is about
 * that very entry (payload included) and checks against a checkpoint signed by the tax authority.
 * `pending` while the newest entry awaits its checkpoint, and, under a witness policy, while a
 * checkpoint lacks the quorum of trusted cosignatures (they follow within seconds; a checkpoint
 * the witnesses refused never gets them).
 */
export function chainVerdict(
  number: string,
  proof: SubjectProof,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
  policy?: WitnessPolicy,
): ChainVerdict {
  let pending = false;
  let belowQuorum: string | undefined;
  for (const [i, listed] of proof.entries.entries()) {
    const { entry } = listed;
    const fault = entryFault(entry);
    if (fault) return invalid(`seq ${entry.seq}: ${ENTRY_FAULT_DETAIL[fault]}`);
    const verdict = verifyListedEntry(number, listed, proof.entries[i - 1], authorityKeys, {
      policy,
      engine: nativeEd25519,
    });
    if (verdict.ok) continue;
    if (verdict.reason === 'not-checkpointed') pending = true;
    else if (verdict.reason === 'below-quorum')
      belowQuorum ??= `seq ${entry.seq}: below-quorum, cosigned by ${verdict.cosignedBy?.length} of the ${policy?.quorum} trusted witnesses needed`;
    else return invalid(`seq ${entry.seq}: ${verdict.reason}`);
  }
  if (belowQuorum) return { chain: 'pending', chainProblem: belowQuorum };
  return { chain: pending ? 'pending' : 'valid' };
}

export function invalid(chainProblem: string): ChainVerdict {
  return { chain: 'invalid', chainProblem };
}

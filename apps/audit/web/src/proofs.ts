import {
  verifyProofBundle,
  type ProofBundle,
  type ProofBundleVerdict,
} from '@taxchain/ledger/checkpoint/proof-bundle';
import {
  parseWitnessPolicy,
  verifyWitnessQuorum,
  type WitnessPolicy,
  type WitnessQuorumVerdict,
} from '@taxchain/ledger/checkpoint/witness-quorum';
import { keyId } from '@taxchain/ledger/crypto';
import {
  authorityStatement,
  servedPublicKeys,
  type AuthorityStatement,
} from './authority-statement';
import { pinnedTrust } from './pin-store';
import { trustOf } from './pins';

interface Trust {
  /** Whether the keys are the official's pins, or only the server's own statement. */
  pinned: boolean;
  keys: Map<string, Uint8Array>;
  policy?: WitnessPolicy;
}

/**
 * The official's pins when there are any, and nothing of the server's then; otherwise what
 * /authority states, marked unpinned, so that a proof can still be shown to fail. A served policy
 * that does not parse refuses every bundle rather than none.
 */
async function trust(): Promise<Trust> {
  const pins = pinnedTrust();
  if (pins) return { pinned: true, ...trustOf(pins) };
  const served = await authorityStatement();
  const keys = new Map(servedPublicKeys(served).map((key) => [keyId(key), key]));
  return { pinned: false, keys, policy: servedPolicy(served) };
}

function servedPolicy(served: AuthorityStatement): WitnessPolicy | undefined {
  const policy = served.witnessPolicy;
  if (!policy) return undefined;
  try {
    return parseWitnessPolicy(policy.witnesses, policy.quorum);
  } catch {
    return { witnesses: [], quorum: 1 };
  }
}

export type BrowserVerdict = (ProofBundleVerdict | WitnessQuorumVerdict) & { pinned: boolean };

/**
 * Checks one entry's proof here, in the browser, with nothing but the authority's keys and,
 * under a witness policy, the quorum of trusted witness cosignatures. A bundle that passes
 * proves something only when `pinned`: else the keys came from the server being checked.
 */
export async function verifyInBrowser(bundle: ProofBundle): Promise<BrowserVerdict> {
  const { keys, policy, pinned } = await trust();
  const verdict = verifyProofBundle(bundle, keys);
  return { ...(verdict.ok && policy ? verifyWitnessQuorum(bundle, policy) : verdict), pinned };
}

/** How many trusted witnesses must cosign, under the policy in use; undefined without one. */
export async function witnessQuorum(): Promise<number | undefined> {
  return (await trust()).policy?.quorum;
}

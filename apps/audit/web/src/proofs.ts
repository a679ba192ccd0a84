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
import { fromHex } from '@taxchain/ledger/crypto';
import { api } from './api';

interface Authority {
  keys: Array<{ keyId: string; publicKey: string; current: boolean }>;
  witnessPolicy?: { witnesses: string[]; quorum: number };
}

interface Trust {
  keys: Map<string, Uint8Array>;
  policy?: WitnessPolicy;
}

let trusted: Promise<Trust> | undefined;

/**
 * The authority's public keys and the witness policy, fetched once per page load from the
 * public /authority. A policy that does not parse refuses every bundle rather than none.
 */
function trust(): Promise<Trust> {
  trusted ??= api<Authority>('/authority', {}, null).then((body) => ({
    keys: new Map(body.keys.map((k) => [k.keyId, fromHex(k.publicKey)])),
    policy: body.witnessPolicy && policyOf(body.witnessPolicy),
  }));
  return trusted;
}

function policyOf(policy: { witnesses: string[]; quorum: number }): WitnessPolicy {
  try {
    return parseWitnessPolicy(policy.witnesses, policy.quorum);
  } catch {
    return { witnesses: [], quorum: 1 };
  }
}

export type BrowserVerdict = ProofBundleVerdict | WitnessQuorumVerdict;

/**
 * Checks one entry's proof here, in the browser, with nothing but the authority's keys and,
 * when the platform publishes a witness policy, the quorum of trusted witness cosignatures.
 */
export async function verifyInBrowser(bundle: ProofBundle): Promise<BrowserVerdict> {
  const { keys, policy } = await trust();
  const verdict = verifyProofBundle(bundle, keys);
  return verdict.ok && policy ? verifyWitnessQuorum(bundle, policy) : verdict;
}

/** How many trusted witnesses must cosign, under the published policy; undefined without one. */
export async function witnessQuorum(): Promise<number | undefined> {
  return (await trust()).policy?.quorum;
}

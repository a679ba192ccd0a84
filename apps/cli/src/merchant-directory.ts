import {
  type KeyDirectoryAnswer,
  type KeyDirectoryVerdict,
  verifyKeyDirectory,
} from '@taxchain/ledger/checkpoint/key-directory-proof';
import {
  type WitnessPolicy,
  verifyWitnessQuorum,
} from '@taxchain/ledger/checkpoint/witness-quorum';
import type { ApiClient, UntrustedAnswer } from './api-client';
import { awaitedAnswer } from './awaited-answer';

export type ProvenDirectory = Extract<KeyDirectoryVerdict, { ok: true }>;

/** A directory answer that verified, with the keys it proves. */
export interface DirectoryProven {
  ok: true;
  answer: KeyDirectoryAnswer;
  verdict: ProvenDirectory;
}

/** Why a directory answer is refused: the check's name, and the words a person reads. */
export interface DirectoryRefusal {
  ok: false;
  reason: string;
  keyId?: string;
  proof?: string;
  message: string;
}

export interface DirectoryTrust {
  authority: ReadonlyMap<string, Uint8Array>;
  /** Under a witness policy, every bundle of every key needs the quorum's cosignatures. */
  policy?: WitnessPolicy;
}

/**
 * GET /merchants/{taxId}/keys verified against the authority keys (and witness policy), asked
 * again while newer key entries await a checkpoint or cosignatures, until `waitMs` is over.
 */
export async function fetchProvenDirectory(
  client: ApiClient,
  taxId: string,
  trust: DirectoryTrust,
  waitMs: number,
): Promise<DirectoryProven | DirectoryRefusal> {
  const path = `/merchants/${encodeURIComponent(taxId)}/keys`;
  const answer = await awaitedAnswer(client, path, waitMs, (next) => {
    if (isPending(next)) return 'the next checkpoint';
    const proven = provenDirectory(taxId, next, trust);
    return !proven.ok && proven.reason === 'below-quorum' ? 'witness cosignatures' : undefined;
  });
  return provenDirectory(taxId, answer, trust);
}

function provenDirectory(
  taxId: string,
  answer: UntrustedAnswer,
  { authority, policy }: DirectoryTrust,
): DirectoryProven | DirectoryRefusal {
  if (!answer.readable)
    return refusal({ reason: answer.reason }, `${answer.reason} (${answer.detail})`);
  const directory = answer.body as KeyDirectoryAnswer;
  const verdict = verifyKeyDirectory(taxId, directory, authority);
  if (!verdict.ok) return refusal(verdict);
  const belowQuorum =
    policy &&
    directory.keys.find((key) =>
      [key.registered, key.revoked].some(
        (bundle) => bundle !== null && !verifyWitnessQuorum(bundle, policy).ok,
      ),
    );
  if (belowQuorum) return refusal({ reason: 'below-quorum', keyId: belowQuorum.keyId });
  return { ok: true, answer: directory, verdict };
}

function refusal(
  failure: { reason: string; keyId?: string; proof?: string },
  message = `${failure.keyId ? `key ${failure.keyId}: ` : ''}${failure.reason}${failure.proof ? ` (${failure.proof})` : ''}`,
): DirectoryRefusal {
  return { ok: false, ...failure, message };
}

/** A readable answer that says newer key entries await a checkpoint. */
function isPending(answer: UntrustedAnswer): boolean {
  const body = answer.readable ? answer.body : undefined;
  return typeof body === 'object' && body !== null && 'pending' in body && body.pending === true;
}

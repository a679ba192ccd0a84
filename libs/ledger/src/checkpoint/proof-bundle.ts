import {
  type Ed25519Engine,
  type EntryHashFields,
  CanonicalizationError,
  HASH_LENGTH,
  InvalidEntryError,
  entryHash,
  fromHex,
  isLowerHex,
  nobleEd25519,
  payloadMatches,
} from '../crypto';
import { isNonNegativeSafeInteger } from '../crypto/guards';
import { leafHash, verifyInclusion } from '../merkle';
import { type SignedCheckpoint, verifyCheckpoint } from './checkpoint';
import type { WitnessedCheckpoint } from './witness-quorum';

/** Everything needed to check one entry offline with the authority's public key alone. */
export interface ProofBundle {
  /**
   * The hashed fields, the entry hash, and the payload: its canonical JSON text, which must hash
   * to payloadHash. `null` only where the server withholds another party's payload on purpose;
   * such a bundle never verifies, since nothing binds what it would show.
   */
  entry: EntryHashFields & { entryHash: string; payload: string | null };
  checkpoint: SignedCheckpoint;
  /** Leaf index of the entry in the checkpoint's tree: always entry.seq. */
  index: number;
  /** Hex RFC 9162 inclusion path, leaf side first. */
  inclusion: string[];
  /** Witness cosignatures of the checkpoint, once collected (checked by verifyWitnessQuorum). */
  witnessed?: WitnessedCheckpoint;
}

/** Why a bundle failed, the first check that did. */
export type ProofBundleFailure =
  | 'malformed'
  | `checkpoint-${'unknown-key' | 'bad-signature' | 'malformed'}`
  | 'chain-mismatch'
  | 'entry-malformed'
  | 'entry-hash-mismatch'
  | 'payload-mismatch'
  | 'payload-withheld'
  | 'index-mismatch'
  | 'not-covered'
  | 'head-mismatch'
  | 'not-included';

/** Outcome of {@link verifyProofBundle}. */
export type ProofBundleVerdict = { ok: true } | { ok: false; reason: ProofBundleFailure };

/**
 * Checks a bundle as the CLI and the browser do: the checkpoint is signed by an authority key,
 * the entry's fields hash to its entry hash, its payload hashes to its payload hash, and that
 * entry hash is leaf `entry.seq` of the signed tree. Never throws: a bundle is untrusted input,
 * often parsed straight from JSON.
 */
export function verifyProofBundle(
  bundle: ProofBundle,
  authorityKeys: ReadonlyMap<string, Uint8Array>,
  engine: Ed25519Engine = nobleEd25519,
): ProofBundleVerdict {
  const fail = (reason: ProofBundleFailure): ProofBundleVerdict => ({ ok: false, reason });
  if (!hasBundleShape(bundle)) return fail('malformed');
  const { entry, checkpoint, index } = bundle;
  const signed = verifyCheckpoint(checkpoint, authorityKeys, engine);
  if (!signed.ok) return fail(`checkpoint-${signed.reason}`);
  if (entry.chain !== checkpoint.chain) return fail('chain-mismatch');
  const recomputed = recomputeEntryHash(entry);
  if (recomputed === undefined) return fail('entry-malformed');
  if (recomputed !== entry.entryHash) return fail('entry-hash-mismatch');
  // Without this, a proof of the honest entry vouches for whatever payload travels beside it.
  if (entry.payload === null) return fail('payload-withheld');
  if (!payloadMatches(entry.payload, entry.payloadHash)) return fail('payload-mismatch');
  if (index !== entry.seq) return fail('index-mismatch');
  if (index >= checkpoint.size) return fail('not-covered');
  // The newest covered entry is also named by the signed head hash; both must agree.
  if (index === checkpoint.size - 1 && recomputed !== checkpoint.headHash)
    return fail('head-mismatch');
  const included = verifyInclusion(
    leafHash(fromHex(recomputed)),
    index,
    checkpoint.size,
    bundle.inclusion.map(fromHex),
    fromHex(checkpoint.root),
  );
  return included ? { ok: true } : fail('not-included');
}

function hasBundleShape(bundle: ProofBundle): boolean {
  return (
    typeof bundle === 'object' &&
    bundle !== null &&
    typeof bundle.entry === 'object' &&
    bundle.entry !== null &&
    typeof bundle.checkpoint === 'object' &&
    bundle.checkpoint !== null &&
    isNonNegativeSafeInteger(bundle.index) &&
    Array.isArray(bundle.inclusion) &&
    bundle.inclusion.every((node) => isLowerHex(node, HASH_LENGTH))
  );
}

function recomputeEntryHash(entry: EntryHashFields): string | undefined {
  try {
    return entryHash(entry);
  } catch (error) {
    // Fields that cannot be hashed at all (wrong types, lone surrogates) are a malformed entry.
    if (error instanceof InvalidEntryError || error instanceof CanonicalizationError)
      return undefined;
    throw error;
  }
}

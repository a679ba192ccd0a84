import { utf8ToBytes } from '@noble/hashes/utils.js';
import vectors from '../../test-vectors/entry-hash.json';
import { canonicalJson, fromHex, keyId, nobleEd25519, sha256, toHex } from '../crypto';
import { inclusionProof, leafHash, memorySubtree, merkleRoot } from '../merkle';
import { type SignedCheckpoint, signCheckpoint } from './checkpoint';
import type { ProofBundle } from './proof-bundle';

// Test support shared by the checkpoint specs.

/** A fixed test authority, and a second key that is not the authority's. */
export const authoritySecret = sha256(utf8ToBytes('taxchain test authority'));
export const strangerSecret = sha256(utf8ToBytes('taxchain test stranger'));
export const authorityPublic = nobleEd25519.publicKeyOf(authoritySecret);
export const authorityKeyId = keyId(authorityPublic);
export const authorityKeys: ReadonlyMap<string, Uint8Array> = new Map([
  [authorityKeyId, authorityPublic],
]);

/** The committed entry-hash vectors (chain 3, seq 0..4), each with its canonical payload text. */
export const vectorEntries = vectors.entries.map((v) => ({
  ...v.fields,
  entryHash: v.entryHash,
  payload: canonicalJson(v.payload),
}));

/** A checkpoint over the first `size` leaf hashes, signed by `secret`. */
export function checkpointOver(
  leaves: Uint8Array[],
  headHash: string,
  { chain = 3, secret = authoritySecret } = {},
): SignedCheckpoint {
  const signer = keyId(nobleEd25519.publicKeyOf(secret));
  const body = {
    version: 1 as const,
    chain,
    size: leaves.length,
    headHash,
    root: toHex(merkleRoot(leaves)),
    issuedAt: '2026-11-23T10:10:00.000Z',
    keyId: signer,
  };
  return signCheckpoint(body, secret);
}

/** Bundles for every vector entry against one checkpoint over all of them. */
export function vectorBundles(): Promise<ProofBundle[]> {
  return bundlesOver(vectorEntries);
}

/** Bundles for every entry of one chain (seq 0, 1, …) against a checkpoint over all of them. */
export async function bundlesOver(
  entries: Array<ProofBundle['entry']>,
  { secret = authoritySecret } = {},
): Promise<ProofBundle[]> {
  const leaves = entries.map((entry) => leafHash(fromHex(entry.entryHash)));
  const checkpoint = checkpointOver(leaves, entries[entries.length - 1].entryHash, {
    chain: entries[0].chain,
    secret,
  });
  const subtree = memorySubtree(leaves);
  return Promise.all(
    entries.map(async (entry) => ({
      entry,
      checkpoint,
      index: entry.seq,
      inclusion: (await inclusionProof(entry.seq, leaves.length, subtree)).map(toHex),
    })),
  );
}

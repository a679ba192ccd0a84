import {
  type ProofBundle,
  canonicalJson,
  entryHash,
  fromHex,
  inclusionProof,
  keyId,
  leafHash,
  memorySubtree,
  merkleRoot,
  nobleEd25519,
  payloadHash,
  signCheckpoint,
  toHex,
} from '@taxchain/ledger';

interface Trail {
  entries: Array<{ entry: ProofBundle['entry']; proof?: ProofBundle }>;
}

/** What a forger holding `secret` would serve as GET /authority: its own key, and only that. */
export function forgedAuthority(secret: Uint8Array): string {
  const publicKey = nobleEd25519.publicKeyOf(secret);
  return JSON.stringify({
    keys: [{ keyId: keyId(publicKey), publicKey: toHex(publicKey), current: true }],
    logs: [],
  });
}

/**
 * A trail answer forged throughout by someone holding `secret`: each entry's gross ×10 with its
 * payload and entry hashes recomputed, and each proof a tree of the forger's making (filler
 * leaves, then the forged entry as leaf `seq`) under a checkpoint `secret` signs. It verifies
 * under the forger's key and under no other.
 */
export async function forgedTrail(trail: Trail, secret: Uint8Array): Promise<string> {
  const entries = await Promise.all(
    trail.entries.map(async ({ entry, proof }) => {
      const forged = raisedEntry(entry);
      return { entry: forged, proof: proof && (await resigned(proof, forged, secret)) };
    }),
  );
  return JSON.stringify({ ...trail, entries });
}

/** The entry with its payload's gross raised ×10, payloadHash and entryHash recomputed to match. */
export function raisedEntry(entry: ProofBundle['entry']): ProofBundle['entry'] {
  const payload = JSON.parse(entry.payload!) as { document: { totals: { gross: string } } };
  payload.document.totals.gross += '0';
  const changed = {
    ...entry,
    payload: canonicalJson(payload),
    payloadHash: toHex(payloadHash(payload)),
  };
  return { ...changed, entryHash: entryHash(changed) };
}

async function resigned(
  genuine: ProofBundle,
  entry: ProofBundle['entry'],
  secret: Uint8Array,
): Promise<ProofBundle> {
  const size = entry.seq + 1;
  const leaves = Array.from({ length: size }, (_, i) =>
    leafHash(i === entry.seq ? fromHex(entry.entryHash) : Uint8Array.of(i % 256)),
  );
  const checkpoint = signCheckpoint(
    {
      version: 1,
      chain: entry.chain,
      size,
      headHash: entry.entryHash,
      root: toHex(merkleRoot(leaves)),
      issuedAt: genuine.checkpoint.issuedAt,
      keyId: keyId(nobleEd25519.publicKeyOf(secret)),
    },
    secret,
  );
  const inclusion = await inclusionProof(entry.seq, size, memorySubtree(leaves));
  return { entry, checkpoint, index: entry.seq, inclusion: inclusion.map(toHex) };
}

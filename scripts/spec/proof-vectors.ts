import { utf8ToBytes } from '@noble/hashes/utils.js';
import {
  type LedgerEntry,
  type ProofBundle,
  type SignedCheckpoint,
  checkpointMessage,
  consistencyProof,
  entryHash,
  fromHex,
  inclusionProof,
  leafHash,
  memorySubtree,
  merkleRoot,
  sha256,
  signCheckpoint,
  toHex,
} from '@taxchain/ledger';
import { GENESIS_PREV_HASH } from '@taxchain/ledger/crypto/entry-hash';
import { publicPart } from './document-vectors';
import { type NamedKey, keys } from './spec-fixture';

// merkle.json, checkpoints.json and proof-bundles.json: trees over the fixture chain, the
// authority's checkpoints over them, and the bundles that tie an entry to a checkpoint.

const leavesOf = (entries: LedgerEntry[]) => entries.map((e) => leafHash(fromHex(e.entryHash)));

export async function merkleVectors(entries: LedgerEntry[]) {
  const leaves = leavesOf(entries);
  const subtree = memorySubtree(leaves);
  const sizes = leaves.map((_, i) => i + 1);
  const inclusion = [];
  const consistency = [];
  for (const size of sizes) {
    for (let index = 0; index < size; index++)
      inclusion.push({
        index,
        size,
        proof: (await inclusionProof(index, size, subtree)).map(toHex),
      });
    for (let oldSize = 1; oldSize < size; oldSize++)
      consistency.push({
        oldSize,
        newSize: size,
        proof: (await consistencyProof(oldSize, size, subtree)).map(toHex),
      });
  }
  return {
    description:
      'RFC 9162 tree over the entry hashes of chain 1 (docs/spec/merkle.md). leafHashes[i] = SHA-256(0x00 || entryHashes[i] as 32 bytes); roots[n] = MTH of the first n leaves (roots[0] is the empty tree). inclusion: PATH(index, D[0:size]) checks against roots[size]; consistency: PROOF(oldSize, D[0:newSize]).',
    entryHashes: entries.map((e) => e.entryHash),
    leafHashes: leaves.map(toHex),
    roots: [0, ...sizes].map((n) => toHex(merkleRoot(leaves.slice(0, n)))),
    inclusion,
    consistency,
  };
}

export function checkpointOf(
  entries: LedgerEntry[],
  size: number,
  key: NamedKey,
  overrides: { headHash?: string } = {},
): SignedCheckpoint {
  const body = {
    version: 1 as const,
    chain: entries[0].chain,
    size,
    headHash: overrides.headHash ?? (size === 0 ? GENESIS_PREV_HASH : entries[size - 1].entryHash),
    root: toHex(merkleRoot(leavesOf(entries).slice(0, size))),
    issuedAt: `2026-11-23T10:${String(10 + size).padStart(2, '0')}:00.000Z`,
    keyId: key.keyId,
  };
  return signCheckpoint(body, key.secret);
}

/** What GET /authority serves for the spec's authority: the current key and a retired one. */
export function authorityListing() {
  return {
    keys: [
      { ...publicPart(keys.authority), current: true },
      { ...publicPart(keys.retiredAuthority), current: false },
    ],
  };
}

export function checkpointVectors(entries: LedgerEntry[]) {
  const withBytes = (name: string, checkpoint: SignedCheckpoint) => {
    const message = checkpointMessage(checkpoint);
    return {
      name,
      checkpoint,
      signedText: new TextDecoder().decode(message),
      signedBytesHex: toHex(message),
    };
  };
  const current = checkpointOf(entries, entries.length, keys.authority);
  const valid = [
    withBytes(`chain 1 at size ${entries.length}, current key`, current),
    withBytes('chain 1 at size 4, retired key', checkpointOf(entries, 4, keys.retiredAuthority)),
    withBytes('chain 1 at size 0 (the empty tree)', checkpointOf(entries, 0, keys.authority)),
  ];
  const invalid = [
    { name: 'version 2', checkpoint: { ...current, version: 2 }, fails: 'checkpoint-malformed' },
    {
      name: 'issuedAt without milliseconds',
      checkpoint: { ...current, issuedAt: '2026-11-23T10:17:00Z' },
      fails: 'checkpoint-malformed',
    },
    {
      name: 'size 0 with a root other than the empty tree',
      checkpoint: { ...valid[2].checkpoint, root: current.root },
      fails: 'checkpoint-malformed',
    },
    {
      name: 'signature in uppercase hex',
      checkpoint: { ...current, signature: current.signature.toUpperCase() },
      fails: 'checkpoint-malformed',
    },
    {
      name: 'signed by a key the verifier does not trust',
      checkpoint: checkpointOf(entries, entries.length, keys.stranger),
      fails: 'checkpoint-unknown-key',
    },
    {
      name: 'size raised after signing',
      checkpoint: { ...current, size: current.size + 1 },
      fails: 'checkpoint-bad-signature',
    },
    {
      name: "the current key's id on the retired key's signature",
      checkpoint: {
        ...current,
        signature: checkpointOf(entries, entries.length, keys.retiredAuthority).signature,
      },
      fails: 'checkpoint-bad-signature',
    },
  ];
  return {
    description:
      'Signed checkpoints (docs/spec/checkpoints.md): signature = Ed25519(authority secret, signedBytes), signedBytes = UTF-8("taxchain-checkpoint-v1\\n" + JCS(body)). Verify against the keys of `authority` (the GET /authority response). Invalid checkpoints must fail with the reason in `fails`.',
    authority: authorityListing(),
    valid,
    invalid,
  };
}

export async function bundleOf(
  entries: LedgerEntry[],
  seq: number,
  checkpoint: SignedCheckpoint,
): Promise<ProofBundle> {
  const path = await inclusionProof(seq, checkpoint.size, memorySubtree(leavesOf(entries)));
  return { entry: entries[seq], checkpoint, index: seq, inclusion: path.map(toHex) };
}

/** One entry on chain 2 whose payload hash was taken over a non-canonical text, sealed honestly. */
async function nonCanonicalBundle(honest: LedgerEntry): Promise<ProofBundle> {
  const payload = JSON.stringify(JSON.parse(honest.payload), null, 1);
  const fields = {
    ...honest,
    chain: 2,
    seq: 0,
    prevHash: GENESIS_PREV_HASH,
    payload,
    payloadHash: toHex(sha256(utf8ToBytes(payload))),
  };
  const entry = { ...fields, entryHash: entryHash(fields) };
  return bundleOf([entry], 0, checkpointOf([entry], 1, keys.authority));
}

export async function bundleVectors(entries: LedgerEntry[]) {
  const size = entries.length;
  const current = checkpointOf(entries, size, keys.authority);
  const valid = await Promise.all(
    entries.map(async (entry) => ({
      name: `${entry.kind} at seq ${entry.seq}`,
      bundle: await bundleOf(entries, entry.seq, current),
    })),
  );
  valid.push({
    name: 'invoice.issued at seq 1 under the retired key, size 4',
    bundle: await bundleOf(entries, 1, checkpointOf(entries, 4, keys.retiredAuthority)),
  });
  const issued = valid[1].bundle;
  const last = valid[size - 1].bundle;
  const forged = (name: string, fails: string, bundle: unknown) => ({ name, fails, bundle });
  const flipped = [...issued.inclusion];
  flipped[1] = flipped[1].replace(/^./, (c) => (c === '0' ? '1' : '0'));
  const invalid = [
    forged('inclusion node in uppercase hex', 'malformed', {
      ...issued,
      inclusion: issued.inclusion.map((node, i) => (i === 0 ? node.toUpperCase() : node)),
    }),
    forged('index is not an integer', 'malformed', { ...issued, index: 1.5 }),
    forged('checkpoint version 2', 'checkpoint-malformed', {
      ...issued,
      checkpoint: { ...current, version: 2 },
    }),
    forged('checkpoint signed by an untrusted key', 'checkpoint-unknown-key', {
      ...issued,
      checkpoint: checkpointOf(entries, size, keys.stranger),
    }),
    forged('checkpoint root replaced after signing', 'checkpoint-bad-signature', {
      ...issued,
      checkpoint: { ...current, root: valid[2].bundle.entry.entryHash },
    }),
    forged('entry moved to another chain', 'chain-mismatch', {
      ...issued,
      entry: { ...issued.entry, chain: 2 },
    }),
    forged('entry recordedAt without milliseconds', 'entry-malformed', {
      ...issued,
      entry: { ...issued.entry, recordedAt: '2026-11-23T10:01:00Z' },
    }),
    forged('entry subject changed', 'entry-hash-mismatch', {
      ...issued,
      entry: { ...issued.entry, subject: '26351000000000000009' },
    }),
    forged('payload withheld', 'payload-withheld', {
      ...issued,
      entry: { ...issued.entry, payload: null },
    }),
    forged('payload gross × 10, every hash left alone', 'payload-mismatch', {
      ...issued,
      entry: {
        ...issued.entry,
        payload: (issued.entry as LedgerEntry).payload.replace('"gross":"6156"', '"gross":"61560"'),
      },
    }),
    forged('payload missing', 'payload-mismatch', {
      ...issued,
      entry: { ...issued.entry, payload: undefined },
    }),
    forged(
      'payload hash taken over a non-canonical text, sealed and signed as such',
      'payload-mismatch',
      await nonCanonicalBundle(issued.entry as LedgerEntry),
    ),
    forged('index is not the entry seq', 'index-mismatch', { ...issued, index: 2 }),
    forged('entry not covered by the checkpoint', 'not-covered', {
      ...last,
      checkpoint: checkpointOf(entries, size - 1, keys.authority),
      index: size - 1,
    }),
    forged('signed head hash is not the newest entry', 'head-mismatch', {
      ...last,
      checkpoint: checkpointOf(entries, size, keys.authority, { headHash: entries[0].entryHash }),
    }),
    forged('inclusion node altered', 'not-included', { ...issued, inclusion: flipped }),
    forged('inclusion path missing its last node', 'not-included', {
      ...issued,
      inclusion: issued.inclusion.slice(0, -1),
    }),
  ];
  return {
    description:
      'Proof bundles (docs/spec/proof-bundles.md), verified against the keys of `authority` (the GET /authority response). Valid bundles must verify; each invalid bundle must be refused with the reason in `fails`, the first failing check in the order of docs/spec/proof-bundles.md#verification.',
    authority: authorityListing(),
    valid,
    invalid,
  };
}

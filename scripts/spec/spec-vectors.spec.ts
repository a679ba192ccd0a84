import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import {
  type LedgerEntry,
  type ProofBundle,
  type SignedCheckpoint,
  InvalidEntryError,
  canonicalJson,
  cosignatureTime,
  entryHash,
  fromHex,
  leafHash,
  merkleRoot,
  payloadMatches,
  nobleEd25519,
  parseSignedNote,
  parseVerifierKey,
  sha256,
  signaturesBy,
  toHex,
  verifyCheckpoint,
  verifyCheckpointNote,
  verifyConsistency,
  verifyInclusion,
  verifyKeyDirectory,
  verifyMerchantSignature,
  verifyProofBundle,
} from '@taxchain/ledger';
import { nativeEd25519 } from '@taxchain/ledger/crypto/native-ed25519';
import { invoiceQrMessage, verifyInvoiceQr } from '@taxchain/ledger/qr/invoice-qr';
import { checkCode } from '@taxchain/contracts';
import { specVectors, vectorFileText } from './spec-vectors';

const dir = resolve(__dirname, '../../docs/spec/vectors');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads its file's own shape
const committed = (name: string): any => JSON.parse(readFileSync(resolve(dir, name), 'utf8'));

/** The spec's vectors are the platform's: regenerated here, compared, and run through its verifiers. */
describe('docs/spec/vectors', () => {
  let generated: Record<string, unknown>;

  beforeAll(async () => {
    generated = await specVectors();
  });

  it('are exactly what `npm run spec:vectors` writes from the current code', () => {
    const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
    expect(files.sort()).toEqual(Object.keys(generated).sort());
    for (const [name, content] of Object.entries(generated))
      expect({ name, text: readFileSync(resolve(dir, name), 'utf8') }).toEqual({
        name,
        text: vectorFileText(content),
      });
  });

  it('documents: each engine accepts the valid signatures and refuses every invalid one', () => {
    const { valid, invalid, checkCodes } = committed('documents.json');
    const verdict = (v: { document: object; signature: string; publicKey: string }) =>
      [nobleEd25519, nativeEd25519].map((engine) =>
        engine.verify(
          fromHex(v.signature),
          utf8ToBytes(canonicalJson(v.document)),
          fromHex(v.publicKey),
        ),
      );
    for (const v of valid) {
      expect(canonicalJson(v.document)).toBe(v.signingInput);
      expect({ name: v.name, verdict: verdict(v) }).toEqual({
        name: v.name,
        verdict: [true, true],
      });
    }
    for (const v of invalid)
      expect({ name: v.name, verdict: verdict(v) }).toEqual({
        name: v.name,
        verdict: [false, false],
      });
    for (const c of checkCodes) expect(checkCode(c.number, c.documentHash)).toBe(c.checkCode);
  });

  it('entries: the valid ones hash and link, each invalid one fails its named check', () => {
    const { valid, invalid } = committed('entries.json');
    let prevHash = '0'.repeat(64);
    for (const v of valid) {
      expect(entryCheck(v.entry)).toBe('ok');
      expect(v.entry.prevHash).toBe(prevHash);
      expect(toHex(leafHash(fromHex(v.entry.entryHash)))).toBe(v.leafHash);
      expect(toHex(sha256(fromHex(v.hashedBytesHex)))).toBe(v.entry.entryHash);
      prevHash = v.entry.entryHash;
    }
    for (const v of invalid)
      expect({ name: v.name, fails: entryCheck(v.entry) }).toEqual({
        name: v.name,
        fails: v.fails,
      });
  });

  it('merkle: roots, inclusion and consistency proofs check against the roots', () => {
    const { leafHashes, roots, inclusion, consistency } = committed('merkle.json') as {
      leafHashes: string[];
      roots: string[];
      inclusion: Array<{ index: number; size: number; proof: string[] }>;
      consistency: Array<{ oldSize: number; newSize: number; proof: string[] }>;
    };
    const leaves = leafHashes.map(fromHex);
    roots.forEach((root, n) => expect(toHex(merkleRoot(leaves.slice(0, n)))).toBe(root));
    for (const p of inclusion) {
      const path = p.proof.map(fromHex);
      expect(verifyInclusion(leaves[p.index], p.index, p.size, path, fromHex(roots[p.size]))).toBe(
        true,
      );
    }
    for (const p of consistency) {
      const [older, newer] = [fromHex(roots[p.oldSize]), fromHex(roots[p.newSize])];
      expect(verifyConsistency(p.oldSize, p.newSize, older, newer, p.proof.map(fromHex))).toBe(
        true,
      );
    }
  });

  it('checkpoint notes: valid ones verify (cosignatures too), invalid ones fail their named check', () => {
    const { vkeys, witness, valid, invalid, invalidCosignatures } =
      committed('checkpoint-notes.json');
    const logKeys = (vkeys as string[]).map((vkey) => parseVerifierKey(vkey)!);
    const witnessKey = parseVerifierKey(witness.vkey)!;
    const cosignedAt = (note: string) => {
      const parsed = parseSignedNote(note)!;
      const [line] = signaturesBy(parsed, witnessKey);
      return line && cosignatureTime(parsed.text, line, witnessKey);
    };
    for (const v of valid) {
      const verdict = verifyCheckpointNote(v.note, logKeys);
      expect({ name: v.name, size: verdict.ok && verdict.body.size }).toEqual({
        name: v.name,
        size: v.size,
      });
      if (v.cosigned) expect(cosignedAt(v.note)).toBe(witness.cosignedAt);
    }
    for (const v of invalid) {
      const verdict = verifyCheckpointNote(v.note, logKeys);
      expect({ name: v.name, fails: verdict.ok ? 'ok' : verdict.reason }).toEqual({
        name: v.name,
        fails: v.fails,
      });
    }
    for (const v of invalidCosignatures) {
      expect(verifyCheckpointNote(v.note, logKeys).ok).toBe(true);
      expect(cosignedAt(v.note)).toBeUndefined();
    }
  });

  it('checkpoints: signed bytes as published, valid ones verify, invalid ones fail their named check', () => {
    const { authority, valid, invalid } = committed('checkpoints.json');
    const keys = trusted(authority);
    for (const v of valid) {
      expect(toHex(utf8ToBytes(v.signedText))).toBe(v.signedBytesHex);
      expect(verifyCheckpoint(v.checkpoint as SignedCheckpoint, keys)).toEqual({ ok: true });
    }
    for (const v of invalid) {
      const verdict = verifyCheckpoint(v.checkpoint as SignedCheckpoint, keys);
      expect({ name: v.name, fails: verdict.ok ? 'ok' : `checkpoint-${verdict.reason}` }).toEqual({
        name: v.name,
        fails: v.fails,
      });
    }
  });

  it('proof bundles: valid ones verify, each invalid one is refused for its named reason', () => {
    const { authority, valid, invalid } = committed('proof-bundles.json');
    const keys = trusted(authority);
    const reason = (bundle: ProofBundle) => {
      const verdict = verifyProofBundle(bundle, keys);
      return verdict.ok ? 'ok' : verdict.reason;
    };
    for (const v of valid)
      expect({ name: v.name, fails: reason(v.bundle) }).toEqual({ name: v.name, fails: 'ok' });
    for (const v of invalid)
      expect({ name: v.name, fails: reason(v.bundle) }).toEqual({ name: v.name, fails: v.fails });
  });

  it('key directories: valid ones give their keys’ validity, forged ones fail their named check', () => {
    const { authority, valid, invalid, signatures } = committed('key-directory.json');
    const keys = trusted(authority);
    // Each vector asks for the merchant its answer names: another merchant's is the CLI's concern.
    const asked = (answer: unknown) => (answer as { taxId?: string } | null)?.taxId ?? '';
    for (const v of valid)
      expect({
        name: v.name,
        verdict: verifyKeyDirectory(asked(v.answer), v.answer, keys),
      }).toEqual({
        name: v.name,
        verdict: { ok: true, taxId: v.answer.taxId, keys: v.keys },
      });
    for (const v of invalid) {
      const verdict = verifyKeyDirectory(asked(v.answer), v.answer, keys);
      const refusal = verdict.ok ? {} : { fails: verdict.reason, proof: verdict.proof };
      expect({ name: v.name, ...refusal }).toEqual({
        name: v.name,
        fails: v.fails,
        proof: v.proof,
      });
    }
    const directory = verifyKeyDirectory(asked(valid[0].answer), valid[0].answer, keys);
    if (!directory.ok) throw new Error(directory.reason);
    for (const v of signatures) {
      const verdict = verifyMerchantSignature(directory, v.bundle, keys);
      expect({ name: v.name, verdict: verdict.ok ? 'ok' : verdict.reason }).toEqual({
        name: v.name,
        verdict: v.verdict,
      });
    }
  });

  it('qr: signed bytes as published, valid texts verify to their statement, each forgery is refused for its named reason', () => {
    const { authority, valid, invalid } = committed('qr.json');
    const entries = (committed('entries.json').valid as Array<{ entry: LedgerEntry }>).map(
      (v) => v.entry,
    );
    const keys = trusted(authority);
    for (const engine of [nobleEd25519, nativeEd25519]) {
      for (const v of valid) {
        expect(verifyInvoiceQr(v.text, keys, engine)).toEqual({ ok: true, statement: v.statement });
        expect(toHex(invoiceQrMessage(v.statement))).toBe(v.signedBytesHex);
        const entry = entries.find((e) => e.seq === v.statement.seq);
        expect([entry?.entryHash, entry?.chain]).toEqual([v.statement.h, v.statement.chain]);
      }
      for (const v of invalid) {
        const verdict = verifyInvoiceQr(v.text, keys, engine);
        expect({ name: v.name, fails: verdict.ok ? 'ok' : verdict.reason }).toEqual({
          name: v.name,
          fails: v.fails,
        });
      }
    }
  });
});

function trusted(authority: { keys: Array<{ keyId: string; publicKey: string }> }) {
  return new Map(authority.keys.map((k) => [k.keyId, fromHex(k.publicKey)]));
}

/** The entry checks of docs/spec/entries.md, in the spec's order, by the ledger's own functions. */
function entryCheck(entry: LedgerEntry): string {
  let recomputed: string;
  try {
    recomputed = entryHash(entry);
  } catch (error) {
    if (error instanceof InvalidEntryError) return 'entry-malformed';
    throw error;
  }
  if (recomputed !== entry.entryHash) return 'entry-hash-mismatch';
  return payloadMatches(entry.payload, entry.payloadHash) ? 'ok' : 'payload-mismatch';
}

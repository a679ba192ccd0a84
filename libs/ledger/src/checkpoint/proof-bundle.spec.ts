import { type EntryHashFields, entryHash, fromHex, keyId, nobleEd25519, toHex } from '../crypto';
import { inclusionProof, leafHash, memorySubtree } from '../merkle';
import {
  authorityKeys,
  checkpointOver,
  strangerSecret,
  vectorBundles,
  vectorEntries,
} from './checkpoint.fixtures';
import { type ProofBundle, verifyProofBundle } from './proof-bundle';

let bundles: ProofBundle[];
beforeAll(async () => {
  bundles = await vectorBundles();
});
const middle = () => bundles[2];

const tamperedFields: Array<[keyof EntryHashFields, unknown]> = [
  ['seq', 3],
  ['prevHash', 'ab'.repeat(32)],
  ['kind', 'invoice.voided'],
  ['subject', '深圳市测试科技有限公司/发票-00000003'],
  ['actor', 'merchant:other'],
  ['payloadHash', 'cd'.repeat(32)],
  ['actorSignature', null],
  ['recordedAt', '2026-11-23T10:00:02.000Z'],
];

describe(verifyProofBundle.name, () => {
  it('accepts the bundle of every entry, also after a JSON round trip', () => {
    for (const bundle of bundles) {
      expect(verifyProofBundle(bundle, authorityKeys)).toEqual({ ok: true });
      expect(verifyProofBundle(JSON.parse(JSON.stringify(bundle)), authorityKeys)).toEqual({
        ok: true,
      });
    }
  });

  it.each(tamperedFields)(
    'reports a changed %s under the old hash as entry-hash-mismatch',
    (field, value) => {
      const bundle = { ...middle(), entry: { ...middle().entry, [field]: value } };
      expect(verifyProofBundle(bundle, authorityKeys)).toEqual({
        ok: false,
        reason: 'entry-hash-mismatch',
      });
    },
  );

  it.each(tamperedFields)('refuses a changed %s even with its hash recomputed', (field, value) => {
    const fields = { ...middle().entry, [field]: value };
    const bundle = { ...middle(), entry: { ...fields, entryHash: entryHash(fields) } };
    expect(verifyProofBundle(bundle, authorityKeys).ok).toBe(false);
  });

  it('reports a changed chain, and an entry hash that is not its fields', () => {
    const otherChain = { ...middle(), entry: { ...middle().entry, chain: 4 } };
    expect(verifyProofBundle(otherChain, authorityKeys)).toEqual({
      ok: false,
      reason: 'chain-mismatch',
    });
    const otherHash = {
      ...middle(),
      entry: { ...middle().entry, entryHash: bundles[1].entry.entryHash },
    };
    expect(verifyProofBundle(otherHash, authorityKeys)).toEqual({
      ok: false,
      reason: 'entry-hash-mismatch',
    });
  });

  it('refuses a payload that is not the one hashed: a changed amount, a repeated key, spacing', () => {
    const honest = JSON.parse(middle().entry.payload ?? '') as { totalMinor: string };
    const forgeries = [
      JSON.stringify({ ...honest, totalMinor: `${honest.totalMinor}0` }),
      `${middle().entry.payload?.slice(0, -1)},"totalMinor":"1"}`,
      JSON.stringify(honest, null, 1),
      'not json',
      undefined,
    ];
    for (const payload of forgeries) {
      const bundle = { ...middle(), entry: { ...middle().entry, payload } } as ProofBundle;
      expect(verifyProofBundle(bundle, authorityKeys)).toEqual({
        ok: false,
        reason: 'payload-mismatch',
      });
    }
  });

  it('does not vouch for a withheld payload', () => {
    const bundle = { ...middle(), entry: { ...middle().entry, payload: null } };
    expect(verifyProofBundle(bundle, authorityKeys)).toEqual({
      ok: false,
      reason: 'payload-withheld',
    });
  });

  it('reports entry fields that cannot be hashed as entry-malformed', () => {
    const bundle = { ...middle(), entry: { ...middle().entry, recordedAt: 'yesterday' } };
    expect(verifyProofBundle(bundle, authorityKeys)).toEqual({
      ok: false,
      reason: 'entry-malformed',
    });
  });

  it('reports a wrong root: a changed root breaks the signature, a signed other tree the proof', () => {
    const changed = { ...middle(), checkpoint: { ...middle().checkpoint, root: '00'.repeat(32) } };
    expect(verifyProofBundle(changed, authorityKeys)).toEqual({
      ok: false,
      reason: 'checkpoint-bad-signature',
    });
    const otherLeaves = vectorEntries.map((e) => leafHash(fromHex(e.entryHash))).reverse();
    const otherTree = checkpointOver(otherLeaves, middle().checkpoint.headHash);
    expect(verifyProofBundle({ ...middle(), checkpoint: otherTree }, authorityKeys)).toEqual({
      ok: false,
      reason: 'not-included',
    });
  });

  it('reports a checkpoint by a key the verifier does not trust, or forged under its keyId', () => {
    const byStranger = checkpointOver(
      vectorEntries.map((e) => leafHash(fromHex(e.entryHash))),
      middle().checkpoint.headHash,
      { secret: strangerSecret },
    );
    expect(verifyProofBundle({ ...middle(), checkpoint: byStranger }, authorityKeys)).toEqual({
      ok: false,
      reason: 'checkpoint-unknown-key',
    });
    const strangerKeys = new Map([[byStranger.keyId, nobleEd25519.publicKeyOf(strangerSecret)]]);
    expect(verifyProofBundle(middle(), strangerKeys)).toEqual({
      ok: false,
      reason: 'checkpoint-unknown-key',
    });
    const forged = { ...byStranger, keyId: middle().checkpoint.keyId };
    expect(verifyProofBundle({ ...middle(), checkpoint: forged }, authorityKeys)).toEqual({
      ok: false,
      reason: 'checkpoint-bad-signature',
    });
    expect(keyId(nobleEd25519.publicKeyOf(strangerSecret))).toBe(byStranger.keyId);
  });

  it('reports an index other than the seq, or one the checkpoint does not cover', async () => {
    expect(verifyProofBundle({ ...middle(), index: 3 }, authorityKeys)).toEqual({
      ok: false,
      reason: 'index-mismatch',
    });
    const leaves = vectorEntries.slice(0, 2).map((e) => leafHash(fromHex(e.entryHash)));
    const early = checkpointOver(leaves, vectorEntries[1].entryHash);
    expect(verifyProofBundle({ ...middle(), checkpoint: early }, authorityKeys)).toEqual({
      ok: false,
      reason: 'not-covered',
    });
    const proofOf1 = (await inclusionProof(1, 2, memorySubtree(leaves))).map(toHex);
    expect(
      verifyProofBundle({ ...bundles[1], checkpoint: early, inclusion: proofOf1 }, authorityKeys),
    ).toEqual({ ok: true });
  });

  it('reports a last entry that is not the signed head', () => {
    const last = bundles[bundles.length - 1];
    const leaves = vectorEntries.map((e) => leafHash(fromHex(e.entryHash)));
    const wrongHead = checkpointOver(leaves, vectorEntries[3].entryHash);
    expect(verifyProofBundle({ ...last, checkpoint: wrongHead }, authorityKeys)).toEqual({
      ok: false,
      reason: 'head-mismatch',
    });
  });

  it('reports an altered, shortened or padded inclusion path as not-included', () => {
    const path = middle().inclusion;
    for (const inclusion of [
      [flipHex(path[0]), ...path.slice(1)],
      path.slice(0, -1),
      [...path, path[0]],
      [...path].reverse(),
    ]) {
      expect(verifyProofBundle({ ...middle(), inclusion }, authorityKeys)).toEqual({
        ok: false,
        reason: 'not-included',
      });
    }
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a missing entry', { checkpoint: {}, index: 0, inclusion: [] }],
    ['a negative index', { entry: {}, checkpoint: {}, index: -1, inclusion: [] }],
    ['a non-hex path node', { entry: {}, checkpoint: {}, index: 0, inclusion: ['zz'] }],
    ['a path that is not an array', { entry: {}, checkpoint: {}, index: 0, inclusion: 'ab' }],
  ])('reports %s as malformed without throwing', (_, value) => {
    expect(verifyProofBundle(value as ProofBundle, authorityKeys)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});

function flipHex(hex: string): string {
  return (hex[0] === '0' ? '1' : '0') + hex.slice(1);
}

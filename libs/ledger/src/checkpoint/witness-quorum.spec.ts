import { generateSecretKey, toHex } from '../crypto';
import { checkpointNoteText, cosignNote, formatSignatureLine, parseVerifierKey } from '../note';
import { WitnessKey } from '../witness/witness-key';
import type { ProofBundle } from './proof-bundle';
import { type WitnessPolicyError, parseWitnessPolicy, verifyWitnessQuorum } from './witness-quorum';

describe('witness policy', () => {
  const root = new Uint8Array(32).fill(7);
  const w1 = WitnessKey.create('witness.test/w1', generateSecretKey());
  const w2 = WitnessKey.create('witness.test/w2', generateSecretKey());
  const text = checkpointNoteText({ origin: 'taxchain.test/ledger/0', size: 5, root });
  const line = formatSignatureLine(cosignNote(text, w1.signer, 1_800_000_000)).trimEnd();
  const bundle = {
    checkpoint: { chain: 0, size: 5, root: toHex(root) },
    witnessed: { origin: 'taxchain.test/ledger/0', cosignatures: [line, line] },
  } as unknown as ProofBundle;

  it('defaults the quorum to every witness and refuses a bad policy', () => {
    expect(parseWitnessPolicy([w1.vkey, w2.vkey]).quorum).toBe(2);
    expect(() => parseWitnessPolicy([w1.vkey, w2.vkey], 3)).toThrow('1 to 2');
    expect(() => parseWitnessPolicy([w1.vkey], 0)).toThrow('1 to 1');
    expect(() => parseWitnessPolicy([w1.vkey, w1.vkey], 2)).toThrow('named twice');
    // The authority's kind of key (Ed25519, 0x01) is not a witness key.
    const logKey = w1.vkey.replace(/\+[^+]+\+[^+]+$/, '') + '+00000000+AQ==';
    expect(() => parseWitnessPolicy([logKey])).toThrow('not a witness');
  });

  it('says which problem a policy has, for a caller that words it in its own language', () => {
    const problem = (vkeys: string[], quorum?: number) => {
      try {
        parseWitnessPolicy(vkeys, quorum);
      } catch (error) {
        const { problem, vkey, maxQuorum } = error as WitnessPolicyError;
        return { problem, vkey, maxQuorum };
      }
    };
    expect(problem([w1.vkey, w2.vkey], 3)).toEqual({ problem: 'quorum-range', maxQuorum: 2 });
    expect(problem([w1.vkey, w1.vkey], 1)).toEqual({ problem: 'witness-twice' });
    expect(problem([w1.vkey, 'w+1+2'])).toEqual({ problem: 'not-witness-key', vkey: 'w+1+2' });
    expect(problem([w1.vkey], 1)).toBeUndefined();
  });

  it('counts each witness once, however often it is listed or its line repeated', () => {
    const twice = {
      witnesses: [parseVerifierKey(w1.vkey)!, parseVerifierKey(w1.vkey)!],
      quorum: 2,
    };
    expect(verifyWitnessQuorum(bundle, twice)).toEqual({
      ok: false,
      reason: 'below-quorum',
      cosignedBy: ['witness.test/w1'],
    });
    expect(verifyWitnessQuorum(bundle, parseWitnessPolicy([w1.vkey, w2.vkey], 1))).toEqual({
      ok: true,
      cosignedBy: ['witness.test/w1'],
    });
  });
});

import { fromHex, generateSecretKey, keyId, nobleEd25519, toHex } from '@taxchain/ledger/crypto';
import { WitnessKey } from '@taxchain/ledger/witness/witness-key';
import { differences, type AuthorityStatement } from './authority-statement';
import type { Pins } from './pins';

describe(differences.name, () => {
  const key = () => toHex(nobleEd25519.publicKeyOf(generateSecretKey()));
  const [a, b, c] = [key(), key(), key()];
  const idOf = (hex: string) => keyId(fromHex(hex));
  const [w1, w2] = ['w1', 'w2'].map(
    (name) => WitnessKey.create(`witness.test/${name}`, generateSecretKey()).vkey,
  );
  const pins: Pins = { authorityKeys: [a, b], witnesses: [w1, w2], quorum: 1 };
  const served = (keys: string[], witnessPolicy?: AuthorityStatement['witnessPolicy']) => ({
    keys: keys.map((publicKey, i) => ({ keyId: idOf(publicKey), publicKey, current: i === 0 })),
    witnessPolicy,
  });

  it('finds none when the server states what is pinned, in any order', () => {
    expect(differences(pins, served([b, a], { witnesses: [w2, w1], quorum: 1 }))).toEqual([]);
  });

  it('names each key the server lists unpinned and each pinned key it leaves out', () => {
    expect(differences(pins, served([c, a], { witnesses: [w1, w2], quorum: 1 }))).toEqual([
      { kind: 'key-not-pinned', keyId: idOf(c) },
      { kind: 'pin-not-served', keyId: idOf(b) },
    ]);
  });

  it('sees another witness policy: a quorum, a witness, or none at all', () => {
    const differs = [{ kind: 'policy-differs' }];
    expect(differences(pins, served([a, b], { witnesses: [w1, w2], quorum: 2 }))).toEqual(differs);
    expect(differences(pins, served([a, b], { witnesses: [w1], quorum: 1 }))).toEqual(differs);
    expect(differences(pins, served([a, b]))).toEqual(differs);
    const noPolicy: Pins = { ...pins, witnesses: [], quorum: null };
    expect(differences(noPolicy, served([a, b]))).toEqual([]);
    expect(differences(noPolicy, served([a, b], { witnesses: [w1], quorum: 1 }))).toEqual(differs);
  });
});

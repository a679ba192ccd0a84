import { base64 } from '@scure/base';
import { sha256 } from '../crypto';
import { parseVerifierKey } from '../note';
import { WitnessKey } from './witness-key';

describe(WitnessKey.name, () => {
  const key = WitnessKey.create(
    'witness.example/w1',
    sha256(new TextEncoder().encode('taxchain spec witness')),
  );
  // PRIVATE, KEY, name, key ID, then the base64 material (which may itself hold a '+').
  const fields = key.format().trim().split('+');
  const material = () => base64.decode(fields.slice(4).join('+'));
  const withMaterial = (bytes: Uint8Array) =>
    [...fields.slice(0, 4), base64.encode(bytes)].join('+');

  it("reads back the key file it writes: Go's signer-key string with type 0x04 (cosignature/v1)", () => {
    expect(WitnessKey.parse(key.format()).vkey).toBe(key.vkey);
    expect(key.format()).toMatch(/^PRIVATE\+KEY\+witness\.example\/w1\+[0-9a-f]{8}\+/);
    expect(material()[0]).toBe(0x04);
    expect(parseVerifierKey(key.vkey)).toEqual(key.signer.key);
  });

  it.each([
    ['another key ID', () => key.format().replace(/\+[0-9a-f]{8}\+/, '+00000000+')],
    ['an Ed25519 (0x01) key', () => withMaterial(Uint8Array.of(0x01, ...material().subarray(1)))],
    ['a short seed', () => withMaterial(material().subarray(0, 20))],
    ['not a key', () => 'witness.example/w1+1234abcd+BAAA'],
  ])('refuses %s', (_, text) => {
    expect(() => WitnessKey.parse(text())).toThrow(RangeError);
  });
});

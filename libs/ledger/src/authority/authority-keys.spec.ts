import { testConfig } from '@taxchain/platform/testing';
import vectors from '../../test-vectors/rfc8032.json';
import { fromHex, keyId, nobleEd25519, toHex } from '../crypto';
import { AuthorityKeys } from './authority-keys';

const keysOf = (secretKey: string) =>
  new AuthorityKeys(testConfig('postgres://x@127.0.0.1/x', { AUTHORITY_KEY: secretKey }));

describe(AuthorityKeys.name, () => {
  it.each(vectors.vectors)(
    'signs with the bytes RFC 8032 gives ($name), under the published key and its id',
    ({ secretKey, publicKey, message, signature }) => {
      const keys = keysOf(secretKey);
      expect(keys.publicKeyHex()).toBe(publicKey);
      expect(keys.current.keyId).toBe(keyId(fromHex(publicKey)));
      expect(toHex(keys.current.sign(fromHex(message)))).toBe(signature);
    },
  );

  it('signs a checkpoint so that the browser engine (noble) verifies it, and nothing else', () => {
    const keys = keysOf(vectors.vectors[0].secretKey);
    const message = new TextEncoder().encode('tax chain checkpoint 7\n');
    const signature = keys.current.sign(message);
    expect(nobleEd25519.verify(signature, message, keys.current.publicKey)).toBe(true);
    message[0] ^= 1;
    expect(nobleEd25519.verify(signature, message, keys.current.publicKey)).toBe(false);
  });
});

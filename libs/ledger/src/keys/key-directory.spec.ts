import { generateSecretKey, keyId, toHex } from '../crypto';
import { nativeEd25519 } from '../crypto/native-ed25519';
import type { LedgerEntry } from '../ledger-entry';
import { KeyDirectory } from './key-directory';

const keyEntry = (kind: string, payload: object, recordedAt: string): LedgerEntry => ({
  chain: 0,
  seq: 0,
  prevHash: '',
  entryHash: '',
  kind,
  subject: 'merchant-key',
  actor: 'merchant',
  payload: JSON.stringify(payload),
  payloadHash: '',
  actorSignature: null,
  recordedAt,
  identity: kind,
});

const registered = (publicKey: Uint8Array) =>
  keyEntry(
    'key.registered',
    { document: { taxId: 'M', keyId: keyId(publicKey), publicKey: toHex(publicKey) } },
    '2026-12-01T00:00:00.000Z',
  );

const directory = (...entries: LedgerEntry[]) => {
  const keys = new KeyDirectory(nativeEd25519);
  entries.forEach((entry) => keys.learn(entry));
  return keys;
};

/** Whether a signature verdict reached under an earlier directory still stands under a later one. */
describe(KeyDirectory.name, () => {
  const a = nativeEd25519.publicKeyOf(generateSecretKey());
  const b = nativeEd25519.publicKeyOf(generateSecretKey());
  const revoked = keyEntry('key.revoked', { keyId: keyId(a) }, '2026-12-02T00:00:00.000Z');

  it('extends an earlier directory that it holds unchanged, whatever keys came since', () => {
    expect(directory(registered(a)).extends(directory(registered(a)))).toBe(true);
    expect(directory(registered(a), registered(b)).extends(directory(registered(a)))).toBe(true);
  });

  it('does not when a key the earlier one held is missing, revoked since or another', () => {
    expect(directory(registered(b)).extends(directory(registered(a)))).toBe(false);
    expect(directory(registered(a), revoked).extends(directory(registered(a)))).toBe(false);
    const forged = keyEntry(
      'key.registered',
      { document: { keyId: keyId(a), publicKey: toHex(b) } },
      '2026-12-01T00:00:00.000Z',
    );
    expect(directory(forged).extends(directory(registered(a)))).toBe(false);
  });

  it('states a key as the ledger records it: its merchant, public key and revocation', () => {
    expect(directory(registered(a)).standing(keyId(a))).toEqual({
      taxId: 'M',
      publicKey: a,
      revoked: false,
    });
    expect(directory(registered(a), revoked).standing(keyId(a))?.revoked).toBe(true);
    expect(directory(registered(a)).standing(keyId(b))).toBeUndefined();
  });
});

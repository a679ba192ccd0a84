import { GENESIS_PREV_HASH, fromHex, keyId, nobleEd25519, toHex } from '../crypto';
import { nativeEd25519 } from '../crypto/native-ed25519';
import { emptyRoot } from '../merkle';
import {
  type CheckpointBody,
  type SignedCheckpoint,
  checkpointBodyProblem,
  checkpointMessage,
  signCheckpoint,
  verifyCheckpoint,
} from './checkpoint';
import {
  authorityKeyId,
  authorityKeys,
  authoritySecret,
  strangerSecret,
} from './checkpoint.fixtures';

const body: CheckpointBody = {
  version: 1,
  chain: 3,
  size: 5,
  headHash: 'ab'.repeat(32),
  root: 'cd'.repeat(32),
  issuedAt: '2026-11-23T10:10:00.000Z',
  keyId: authorityKeyId,
};
const signed = signCheckpoint(body, authoritySecret);

describe(checkpointMessage.name, () => {
  it('is the context line followed by the canonical body', () => {
    expect(new TextDecoder().decode(checkpointMessage(body))).toBe(
      'taxchain-checkpoint-v1\n' +
        `{"chain":3,"headHash":"${body.headHash}","issuedAt":"2026-11-23T10:10:00.000Z",` +
        `"keyId":"${authorityKeyId}","root":"${body.root}","size":5,"version":1}`,
    );
  });

  it('never covers the signature or other extra properties', () => {
    const extended = { ...signed, note: 'x' } as SignedCheckpoint;
    expect(checkpointMessage(extended)).toEqual(checkpointMessage(body));
  });

  it('throws on a malformed body', () => {
    expect(() => checkpointMessage({ ...body, size: -1 })).toThrow('malformed checkpoint: size');
  });
});

describe(signCheckpoint.name, () => {
  it('returns the body and a signature that verifies', () => {
    expect(signed).toEqual({ ...body, signature: expect.stringMatching(/^[0-9a-f]{128}$/) });
    expect(verifyCheckpoint(signed, authorityKeys)).toEqual({ ok: true });
  });

  it('signs identically with the native engine, and each engine verifies the other', () => {
    const native = signCheckpoint(body, authoritySecret, nativeEd25519);
    expect(native).toEqual(signed);
    expect(verifyCheckpoint(signed, authorityKeys, nativeEd25519)).toEqual({ ok: true });
  });

  it('refuses to sign a body that names another key', () => {
    expect(() => signCheckpoint(body, strangerSecret)).toThrow('keyId is not the signing key');
  });
});

describe(verifyCheckpoint.name, () => {
  it('reports an unknown key, including a key filed under the wrong id', () => {
    expect(verifyCheckpoint(signed, new Map())).toEqual({ ok: false, reason: 'unknown-key' });
    const stranger = nobleEd25519.publicKeyOf(strangerSecret);
    const misfiled = new Map([[authorityKeyId, stranger]]);
    expect(verifyCheckpoint(signed, misfiled)).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it.each<[keyof CheckpointBody, unknown]>([
    ['chain', 4],
    ['size', 6],
    ['headHash', 'ef'.repeat(32)],
    ['root', '00'.repeat(32)],
    ['issuedAt', '2026-11-23T10:10:00.001Z'],
  ])('reports a bad signature when %s changes', (field, value) => {
    const tampered = { ...signed, [field]: value } as SignedCheckpoint;
    expect(verifyCheckpoint(tampered, authorityKeys)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('reports a bad signature for a stranger signing under the authority keyId', () => {
    const forged = {
      ...body,
      signature: toHex(nobleEd25519.sign(checkpointMessage(body), strangerSecret)),
    };
    expect(verifyCheckpoint(forged, authorityKeys)).toEqual({ ok: false, reason: 'bad-signature' });
    const flipped = { ...signed, signature: flipHex(signed.signature) };
    expect(verifyCheckpoint(flipped, authorityKeys)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['version 2', { ...signed, version: 2 }],
    ['a missing root', { ...signed, root: undefined }],
    ['an uppercase headHash', { ...signed, headHash: signed.headHash.toUpperCase() }],
    ['a short signature', { ...signed, signature: signed.signature.slice(2) }],
    ['a size as a string', { ...signed, size: '5' }],
  ])('reports %s as malformed', (_, value) => {
    const verdict = verifyCheckpoint(value as SignedCheckpoint, authorityKeys);
    expect(verdict).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe(checkpointBodyProblem.name, () => {
  const empty = { ...body, size: 0, headHash: GENESIS_PREV_HASH, root: toHex(emptyRoot()) };

  it('accepts the one valid description of an empty chain', () => {
    expect(checkpointBodyProblem(empty)).toBeUndefined();
  });

  it.each([
    ['a non-genesis head', { ...empty, headHash: body.headHash }, 'empty chain headHash'],
    ['a non-empty root', { ...empty, root: body.root }, 'empty chain root'],
    ['a short keyId', { ...body, keyId: keyId(fromHex('00')).slice(2) }, 'keyId'],
    ['an issuedAt without ms', { ...body, issuedAt: '2026-11-23T10:10:00Z' }, 'issuedAt'],
  ])('names the problem with %s', (_, value, problem) => {
    expect(checkpointBodyProblem(value)).toContain(problem);
  });
});

function flipHex(hex: string): string {
  return (hex[0] === '0' ? '1' : '0') + hex.slice(1);
}

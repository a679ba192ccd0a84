import { generateSecretKey, nobleEd25519, toHex } from '@taxchain/ledger/crypto';
import { NoteSignatureType, formatVerifierKey, noteVerifierKey } from '@taxchain/ledger/note';
import { WitnessKey } from '@taxchain/ledger/witness/witness-key';
import { parsePins, trustOf, type PinInput } from './pins';

describe(parsePins.name, () => {
  const publicKey = nobleEd25519.publicKeyOf(generateSecretKey());
  const hex = toHex(publicKey);
  const vkeyOf = (origin: string) =>
    formatVerifierKey(noteVerifierKey(origin, NoteSignatureType.ed25519, publicKey));
  const w1 = WitnessKey.create('witness.test/w1', generateSecretKey()).vkey;
  const w2 = WitnessKey.create('witness.test/w2', generateSecretKey()).vkey;
  const parse = (input: Partial<PinInput>) =>
    parsePins({ authorityKeys: hex, witnesses: '', quorum: '', ...input });

  it('takes the hex key and the vkeys of each log as one key, without witness policy', () => {
    const both = `${vkeyOf('tax.test/ledger/0')}\n ${hex}, ${vkeyOf('tax.test/ledger/1')}\n\n`;
    expect(parse({ authorityKeys: both })).toEqual({
      ok: true,
      pins: { authorityKeys: [hex], witnesses: [], quorum: null },
    });
  });

  it('refuses an authority key that is not 64 lowercase hex or a vkey whose key ID matches', () => {
    const vkey = vkeyOf('tax.test/ledger/0');
    const otherId = vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+');
    for (const bad of [hex.toUpperCase(), hex.slice(2), `${hex}00`, otherId, 'tax.test+1+AQ=='])
      expect(parse({ authorityKeys: `${hex}\n${bad}` })).toEqual({
        ok: false,
        problem: { code: 'authority-key', value: bad },
      });
    expect(parse({ authorityKeys: w1 })).toEqual({
      ok: false,
      problem: { code: 'authority-key-is-witness', value: w1 },
    });
    expect(parse({ authorityKeys: ' \n ' })).toEqual({
      ok: false,
      problem: { code: 'no-authority-key' },
    });
  });

  it('takes witnesses with a quorum from 1 to their number, which the trust then asks for', () => {
    const parsed = parse({ witnesses: `${w1}\n${w2}`, quorum: ' 2 ' });
    expect(parsed).toEqual({
      ok: true,
      pins: { authorityKeys: [hex], witnesses: [w1, w2], quorum: 2 },
    });
    const trust = trustOf((parsed as { pins: Parameters<typeof trustOf>[0] }).pins);
    expect([...trust.keys.values()]).toEqual([publicKey]);
    expect(trust.policy?.quorum).toBe(2);
    expect(trust.policy?.witnesses.map((w) => w.name)).toEqual([
      'witness.test/w1',
      'witness.test/w2',
    ]);
  });

  it('refuses a bad witness policy, naming what is wrong', () => {
    const problem = (witnesses: string, quorum: string) => {
      const parsed = parse({ witnesses, quorum });
      return parsed.ok ? undefined : parsed.problem;
    };
    const two = `${w1}\n${w2}`;
    for (const quorum of ['0', '3', '1.5', '-1', 'two', '01', '1e0'])
      expect(problem(two, quorum)).toEqual({ code: 'quorum-range', max: 2 });
    expect(problem(two, '')).toEqual({ code: 'quorum-missing' });
    expect(problem('', '1')).toEqual({ code: 'quorum-without-witnesses' });
    expect(problem(`${w1}\n${w1}`, '1')).toEqual({ code: 'witness-twice' });
    const authority = vkeyOf('tax.test/ledger/0');
    expect(problem(`${w1}\n${authority}`, '1')).toEqual({ code: 'witness-key', value: authority });
  });
});

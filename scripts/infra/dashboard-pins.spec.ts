import { generateSecretKey, keyId, nativeEd25519, toHex } from '@taxchain/ledger';
import { dashboardPins } from './dashboard-pins';

describe('dashboardPins', () => {
  const secret = generateSecretKey();
  const publicKey = nativeEd25519.publicKeyOf(secret);
  const vkeys = ['witness.demo.local/w1+0a1b2c3d+AQ', 'witness.demo.local/w2+4e5f6a7b+AQ'];

  it('prints the public half of the authority key, its key id, the witnesses and the quorum', () => {
    const lines = dashboardPins(vkeys, { AUTHORITY_KEY: toHex(secret) });
    expect(lines[0]).toContain(toHex(publicKey));
    expect(lines[0]).toContain(`key id ${keyId(publicKey)}`);
    expect(lines.slice(1)).toEqual([
      `  witness        ${vkeys[0]}`,
      `  witness        ${vkeys[1]}`,
      '  quorum         2',
    ]);
  });

  it('never prints the secret half', () => {
    expect(dashboardPins([], { AUTHORITY_KEY: toHex(secret) }).join('\n')).not.toContain(
      toHex(secret),
    );
  });
});

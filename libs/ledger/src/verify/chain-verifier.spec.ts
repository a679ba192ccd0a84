import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson, generateSecretKey, keyId, nobleEd25519, toHex } from '../crypto';
import { KeyDirectory } from '../keys/key-directory';
import { ledgerTestBed } from '../testing/ledger-test-bed';
import { recordEntry } from '../testing/record-entry';
import { ChainVerifier } from './chain-verifier';

const secret = generateSecretKey();
const publicKey = nobleEd25519.publicKeyOf(secret);
const merchantKeyId = keyId(publicKey);

/** A merchant signature recorded after its key's revocation is reported as such, at its seq. */
describe(ChainVerifier.name, () => {
  const ledger = ledgerTestBed({ LEDGER_CHAINS: '1' });

  const signed = (kind: string, subject: string, document: object) => ({
    kind,
    subject,
    actor: 'merchant',
    payload: { document },
    actorSignature: toHex(nobleEd25519.sign(utf8ToBytes(canonicalJson(document)), secret)),
    identity: subject,
  });
  const invoice = (number: number) =>
    signed('invoice.issued', `inv-${number}`, { keyId: merchantKeyId, number });

  async function verify() {
    const keys = await KeyDirectory.load(ledger().dataSource, nobleEd25519);
    return new ChainVerifier(ledger().dataSource, ledger().authority.trusted).verify(0, { keys });
  }

  it('accepts invoices signed while the key was valid, and breaks at the first one after its revocation', async () => {
    const record = (draft: Parameters<typeof recordEntry>[1]) =>
      recordEntry(ledger().appender, draft);
    await record(
      signed('key.registered', 'merchant-key', {
        schema: 'taxchain.key.v1',
        taxId: 'merchant',
        keyId: merchantKeyId,
        publicKey: toHex(publicKey),
      }),
    );
    await record(invoice(1));
    expect(await verify()).toMatchObject({ ok: true, verified: 2 });

    await record({
      kind: 'key.revoked',
      subject: 'merchant-key',
      actor: 'admin',
      payload: { schema: 'taxchain.key-revocation.v1', taxId: 'merchant', keyId: merchantKeyId },
      actorSignature: null,
      identity: 'merchant-key#revoked',
    });
    // a signature in the revocation's own millisecond counts as before it (see KeyDirectory)
    await new Promise((later) => setTimeout(later, 5));
    await record(invoice(2));
    // seq 0 key, 1 invoice, 2 revocation, 3 the invoice signed with the revoked key
    expect(await verify()).toMatchObject({
      ok: false,
      verified: 3,
      break: { chain: 0, seq: 3, reason: 'key-revoked' },
    });
  });
});

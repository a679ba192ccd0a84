import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson, generateSecretKey, keyId, nobleEd25519, toHex } from '../crypto';
import { KeyDirectory } from '../keys/key-directory';
import { ledgerTestBed } from '../testing/ledger-test-bed';
import { recordEntry } from '../testing/record-entry';
import { Checkpointer } from '../relay/checkpointer';
import type { LedgerHarness } from '../testing/ledger-harness';
import { ChainVerifier, type SignaturesHeld } from './chain-verifier';

const secret = generateSecretKey();
const publicKey = nobleEd25519.publicKeyOf(secret);
const merchantKeyId = keyId(publicKey);

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
const registration = () =>
  signed('key.registered', 'merchant-key', {
    schema: 'taxchain.key.v1',
    taxId: 'merchant',
    keyId: merchantKeyId,
    publicKey: toHex(publicKey),
  });

async function verifyChain(ledger: LedgerHarness, signaturesHeld?: SignaturesHeld) {
  const keys = await KeyDirectory.load(ledger.dataSource, nobleEd25519);
  return new ChainVerifier(ledger.dataSource, ledger.authority.trusted).verify(0, {
    keys,
    signaturesHeld,
  });
}

/** A merchant signature recorded after its key's revocation is reported as such, at its seq. */
describe(ChainVerifier.name, () => {
  const ledger = ledgerTestBed({ LEDGER_CHAINS: '1' });
  const verify = () => verifyChain(ledger());

  it('accepts invoices signed while the key was valid, and breaks at the first one after its revocation', async () => {
    const record = (draft: Parameters<typeof recordEntry>[1]) =>
      recordEntry(ledger().appender, draft);
    await record(registration());
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

/** The background sweep's later passes: the signatures that held then are not checked again. */
describe(`${ChainVerifier.name} with signatures held`, () => {
  const ledger = ledgerTestBed({ LEDGER_CHAINS: '1' });
  const verify = (held?: SignaturesHeld) => verifyChain(ledger(), held);

  it('breaks when the entries no longer reproduce the root their signatures held at, or end before it', async () => {
    await recordEntry(ledger().appender, registration());
    await recordEntry(ledger().appender, invoice(1));
    await new Checkpointer(ledger().dataSource, 0, ledger().authority.current).seal();
    const full = await verify();
    expect(full).toMatchObject({ ok: true, verified: 2, lastGoodCheckpoint: { size: 2 } });
    const { size, root } = full.lastGoodCheckpoint!;
    expect(await verify({ size, root })).toMatchObject({ ok: true, verified: 2 });
    expect(await verify({ size, root: '00'.repeat(32) })).toMatchObject({
      ok: false,
      break: { chain: 0, seq: 0, reason: 'checkpoint-mismatch' },
    });
    expect(await verify({ size: size + 1, root })).toMatchObject({
      ok: false,
      break: { chain: 0, seq: 2, reason: 'checkpoint-shrank' },
    });
  });
});

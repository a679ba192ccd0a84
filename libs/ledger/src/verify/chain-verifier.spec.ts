import { utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson, entryHash, generateSecretKey, keyId, nobleEd25519, toHex } from '../crypto';
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

/** The audit tail's passes: resumed from a checkpoint, holding signatures up to where they ended. */
describe(`${ChainVerifier.name} resumed, with signatures held beyond the checkpoint`, () => {
  const ledger = ledgerTestBed({ LEDGER_CHAINS: '1' });

  it('ends with its root, and breaks where an entry since that checkpoint was rewritten with its hash recomputed', async () => {
    const { appender, authority, dataSource } = ledger();
    await recordEntry(appender, registration());
    await recordEntry(appender, invoice(1));
    await new Checkpointer(dataSource, 0, authority.current).seal();
    await recordEntry(appender, invoice(2));
    const full = await verifyChain(ledger());
    expect(full).toMatchObject({ ok: true, verified: 3, lastGoodCheckpoint: { size: 2 } });
    const [resumeFrom] = await dataSource.query<
      Array<{ size: number; headHash: string; frontier: unknown }>
    >(
      `SELECT size::int AS size, encode(head_hash, 'hex') AS "headHash", frontier FROM ledger.checkpoints WHERE chain = 0`,
    );
    const resumed = async (signaturesHeld?: SignaturesHeld) =>
      new ChainVerifier(dataSource, authority.trusted).verify(0, {
        keys: await KeyDirectory.load(dataSource, nobleEd25519),
        resumeFrom,
        signaturesHeld,
      });
    const held = { size: 3, root: full.root! };
    expect(await resumed(held)).toMatchObject({ ok: true, verified: 3, root: full.root });
    // Held exactly up to the checkpoint resumed from: its frontier must have the root held.
    const sealed = full.lastGoodCheckpoint!;
    expect(await resumed({ size: 2, root: sealed.root })).toMatchObject({ ok: true });
    expect(await resumed({ size: 2, root: '00'.repeat(32) })).toMatchObject({
      ok: false,
      break: { chain: 0, seq: 0, reason: 'checkpoint-mismatch' },
    });

    // The unsealed invoice's actor changed, its entry hash recomputed: its signature still holds.
    await dataSource.transaction(async (db) => {
      await db.query('SET LOCAL session_replication_role = replica');
      const [row] = await db.query<Array<Record<string, Buffer | string | Date | null>>>(
        'SELECT * FROM ledger.entries WHERE chain = 0 AND seq = 2',
      );
      const fields = {
        chain: 0,
        seq: 2,
        prevHash: (row.prev_hash as Buffer).toString('hex'),
        kind: row.kind as string,
        subject: row.subject as string,
        actor: 'impostor',
        payloadHash: (row.payload_hash as Buffer).toString('hex'),
        actorSignature: (row.actor_signature as Buffer).toString('hex'),
        recordedAt: (row.recorded_at as Date).toISOString(),
        identity: row.identity as string,
      };
      await db.query(
        'UPDATE ledger.entries SET actor = $1, entry_hash = $2 WHERE chain = 0 AND seq = 2',
        [fields.actor, Buffer.from(entryHash(fields), 'hex')],
      );
    });
    expect(await resumed()).toMatchObject({ ok: true, verified: 3 });
    expect(await resumed(held)).toMatchObject({
      ok: false,
      break: { chain: 0, seq: 2, reason: 'checkpoint-mismatch' },
    });
  });
});

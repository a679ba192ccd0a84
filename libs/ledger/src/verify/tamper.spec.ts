import { Client } from 'pg';
import { createRandomDatabase } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import {
  entryHash,
  nobleEd25519,
  toHex,
  sha256,
  generateSecretKey,
  keyId,
  canonicalJson,
} from '../crypto';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { SignedCheckpoint } from '../checkpoint';
import { KeyDirectory } from '../keys/key-directory';
import { ledgerMigrations } from '../migrations';
import { Checkpointer } from '../relay/checkpointer';
import { ledgerHarness } from '../testing/ledger-harness';
import { recordEntry } from '../testing/record-entry';
import { ChainVerifier, type ChainVerification } from './chain-verifier';
import type { BreakReason } from './chain-break';
import { DataSource } from 'typeorm';

const CHAIN = 0;
const SIZE = 240;
const merchantKey = generateSecretKey();
const merchantPublic = nobleEd25519.publicKeyOf(merchantKey);
const merchantKeyId = keyId(merchantPublic);

/**
 * Tampering as a database superuser with the triggers disabled: every case runs
 * on its own copy of one sealed ledger, and must be detected at the right seq.
 */
describe('ledger tamper detection', () => {
  let base: TestDatabase;
  let witnessed: SignedCheckpoint[];
  let authorityKeys: ReadonlyMap<string, Uint8Array>;
  const admin = () => process.env.TEST_ADMIN_DATABASE_URL!;

  beforeAll(async () => {
    base = await createTestDatabase([ledgerMigrations]);
    const ledger = await ledgerHarness(base.url, { LEDGER_CHAINS: '1' });
    authorityKeys = ledger.authority.trusted;
    const checkpointer = new Checkpointer(ledger.dataSource, CHAIN, ledger.authority.current);
    for (let i = 0; i < SIZE; i += 1) {
      await recordEntry(ledger.appender, draft(i));
      if ((i + 1) % 40 === 0) await checkpointer.seal();
    }
    witnessed = await ledger.reader.checkpoints(CHAIN);
    await ledger.close();
  }, 120_000);

  afterAll(async () => {
    await base?.drop();
  });

  function draft(i: number) {
    if (i === 0) {
      const document = {
        schema: 'taxchain.key.v1',
        taxId: 'merchant',
        keyId: merchantKeyId,
        publicKey: toHex(merchantPublic),
      };
      return {
        kind: 'key.registered',
        subject: 'inv-0',
        actor: 'merchant',
        payload: { document },
        actorSignature: sign(document),
        identity: 'inv-0',
      };
    }
    const document = { keyId: merchantKeyId, number: i, amount: String(i * 100) };
    return {
      kind: 'invoice.issued',
      subject: `inv-${i}`,
      actor: 'merchant',
      payload: { document, invoiceNumber: `inv-${i}` },
      actorSignature: sign(document),
      identity: `inv-${i}`,
    };
  }

  function sign(payload: unknown): string {
    return toHex(nobleEd25519.sign(utf8ToBytes(canonicalJson(payload)), merchantKey));
  }

  async function tampered(
    sql: (db: Client) => Promise<void>,
    options: { witnesses?: boolean } = {},
  ): Promise<ChainVerification> {
    const copy = await createRandomDatabase(admin(), 'taxchain_tamper');
    const client = new Client({ connectionString: admin() });
    await client.connect();
    await client.query(`DROP DATABASE "${new URL(copy.url).pathname.slice(1)}"`);
    await client.query(
      `CREATE DATABASE "${new URL(copy.url).pathname.slice(1)}" TEMPLATE "${new URL(base.url).pathname.slice(1)}"`,
    );
    await client.end();
    const db = new Client({ connectionString: copy.url });
    await db.connect();
    await db.query('SET session_replication_role = replica'); // superuser: triggers off
    await sql(db);
    await db.end();
    const dataSource = await new DataSource({ type: 'postgres', url: copy.url }).initialize();
    try {
      const keys = await KeyDirectory.load(dataSource, nobleEd25519);
      return await new ChainVerifier(dataSource, authorityKeys).verify(CHAIN, {
        keys,
        witnessed: options.witnesses === false ? [] : witnessed,
      });
    } finally {
      await dataSource.destroy();
      await copy.drop();
    }
  }

  const expectBreak = (result: ChainVerification, reason: BreakReason, seq: number) => {
    expect(result.ok).toBe(false);
    expect(result.break).toMatchObject({ chain: CHAIN, reason, seq });
  };

  it('verifies the untouched ledger', async () => {
    const result = await tampered(async () => undefined);
    expect(result).toMatchObject({ ok: true, verified: SIZE });
    expect(result.lastGoodCheckpoint?.size).toBe(SIZE);
  });

  it.each([
    ['kind', "kind = 'invoice.voided'", 'hash-mismatch'],
    ['subject', "subject = 'someone-else'", 'hash-mismatch'],
    ['actor', "actor = 'impostor'", 'hash-mismatch'],
    ['payload', `payload = replace(payload, '"amount"', '"amount0"')`, 'payload-mismatch'],
    ['payload_hash', "payload_hash = sha256('x')", 'payload-mismatch'],
    [
      'actor_signature',
      'actor_signature = set_byte(actor_signature, 0, (get_byte(actor_signature, 0) + 1) % 256)',
      'hash-mismatch',
    ],
    ['recorded_at', "recorded_at = recorded_at + interval '1 ms'", 'hash-mismatch'],
    ['entry_hash', 'entry_hash = sha256(entry_hash)', 'hash-mismatch'],
    ['prev_hash', 'prev_hash = sha256(prev_hash)', 'fork'],
  ])('detects an edited %s at its seq', async (_field, assignment, reason) => {
    const seq = 97;
    const result = await tampered((db) =>
      db
        .query(`UPDATE ledger.entries SET ${assignment} WHERE chain = 0 AND seq = ${seq}`)
        .then(() => undefined),
    );
    expectBreak(result, reason as BreakReason, seq);
  });

  it('detects a payload edited with its hashes recomputed, by the merchant signature', async () => {
    const seq = 150;
    const result = await tampered(
      async (db) => {
        const [row] = (
          await db.query('SELECT * FROM ledger.entries WHERE chain = 0 AND seq = $1', [seq])
        ).rows as Array<Record<string, unknown>>;
        const envelope = JSON.parse(row.payload as string) as { document: object };
        const payload = canonicalJson({
          ...envelope,
          document: { ...envelope.document, amount: '1' },
        });
        await rewriteFrom(db, seq, { [seq]: { payload } });
      },
      { witnesses: false },
    );
    // without checkpoints held outside, only the actor signature can tell
    expectBreak(result, 'bad-signature', seq);
  });

  it('detects a deleted entry as a gap', async () => {
    expectBreak(
      await tampered((db) =>
        db.query('DELETE FROM ledger.entries WHERE chain = 0 AND seq = 60').then(() => undefined),
      ),
      'gap',
      60,
    );
  });

  it('detects an inserted entry (later seqs shifted)', async () => {
    const result = await tampered(async (db) => {
      await db.query('UPDATE ledger.entries SET seq = seq + 100000 WHERE chain = 0 AND seq >= 120');
      await db.query(
        'UPDATE ledger.entries SET seq = seq - 99999 WHERE chain = 0 AND seq >= 100000',
      );
      await db.query(
        `INSERT INTO ledger.entries SELECT chain, 120, sha256(prev_hash), sha256(entry_hash), kind, 'inserted', actor, payload, payload_hash, actor_signature, recorded_at, 'inserted'
         FROM ledger.entries WHERE chain = 0 AND seq = 121`,
      );
    });
    expectBreak(result, 'fork', 120);
  });

  it('detects two swapped entries', async () => {
    const result = await tampered(async (db) => {
      await db.query(
        'UPDATE ledger.entries SET seq = seq + 100000 WHERE chain = 0 AND seq IN (30, 31)',
      );
      await db.query('UPDATE ledger.entries SET seq = 31 WHERE chain = 0 AND seq = 100030');
      await db.query('UPDATE ledger.entries SET seq = 30 WHERE chain = 0 AND seq = 100031');
    });
    expectBreak(result, 'fork', 30);
  });

  it('detects a whole chain rewritten with recomputed hashes, by checkpoints held outside the table', async () => {
    const seq = 130;
    const result = await tampered(async (db) => {
      await db.query('DELETE FROM ledger.checkpoints');
      await rewriteFrom(db, seq, { [seq]: { actor: 'impostor' } });
    });
    // the first witnessed checkpoint after the change pins it to entries 120..159
    expectBreak(result, 'checkpoint-conflict', 120);
  });

  it('detects a rollback to an earlier copy, by checkpoints held outside the table', async () => {
    const result = await tampered(async (db) => {
      await db.query('DELETE FROM ledger.entries WHERE chain = 0 AND seq >= 170');
      await db.query('DELETE FROM ledger.checkpoints WHERE size > 170');
      await db.query('UPDATE ledger.heads SET seq = 169');
    });
    expectBreak(result, 'checkpoint-shrank', 170);
  });

  /** Re-hashes every entry from `from` on, as an attacker with the table but not the keys would. */
  async function rewriteFrom(
    db: Client,
    from: number,
    changes: Record<number, { payload?: string; actor?: string }>,
  ): Promise<void> {
    const rows = (
      await db.query('SELECT * FROM ledger.entries WHERE chain = 0 AND seq >= $1 ORDER BY seq', [
        from,
      ])
    ).rows as Array<Record<string, unknown>>;
    const [prev] = (
      await db.query('SELECT entry_hash FROM ledger.entries WHERE chain = 0 AND seq = $1', [
        from - 1,
      ])
    ).rows as Array<{ entry_hash: Buffer }>;
    let prevHash = prev.entry_hash.toString('hex');
    for (const row of rows) {
      const seq = Number(row.seq);
      const payload = changes[seq]?.payload ?? (row.payload as string);
      const actor = changes[seq]?.actor ?? (row.actor as string);
      const payloadHash = toHex(sha256(utf8ToBytes(payload)));
      const fields = {
        chain: 0,
        seq,
        prevHash,
        kind: row.kind as string,
        subject: row.subject as string,
        actor,
        payloadHash,
        actorSignature: (row.actor_signature as Buffer | null)?.toString('hex') ?? null,
        recordedAt: (row.recorded_at as Date).toISOString(),
        identity: row.identity as string,
      };
      const hash = entryHash(fields);
      await db.query(
        'UPDATE ledger.entries SET prev_hash = $2, entry_hash = $3, payload = $4, payload_hash = $5, actor = $6 WHERE chain = 0 AND seq = $1',
        [
          seq,
          Buffer.from(prevHash, 'hex'),
          Buffer.from(hash, 'hex'),
          payload,
          Buffer.from(payloadHash, 'hex'),
          actor,
        ],
      );
      prevHash = hash;
    }
  }
});

import { DEFAULT_LEDGER_ORIGIN } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { generateSecretKey, nobleEd25519, keyId } from '../crypto';
import { ledgerMigrations } from '../migrations';
import { ledgerHarness, type LedgerHarness } from '../testing/ledger-harness';
import { recordEntry } from '../testing/record-entry';
import { Checkpointer } from './checkpointer';

const ZERO = '0'.repeat(64);

/**
 * The checkpointer continues from the newest checkpoint's stored frontier, an unsigned copy: it
 * signs nothing on a checkpoint row the authority did not sign or a frontier that does not give
 * the root signed, or a changed row would have the authority sign false roots from then on.
 */
describe('Checkpointer', () => {
  let database: TestDatabase;
  let ledger: LedgerHarness;
  let next = 0;

  const record = async (count: number) => {
    for (let i = 0; i < count; i += 1) {
      const subject = `s-${(next += 1)}`;
      await recordEntry(ledger.appender, {
        kind: 'test.recorded',
        subject,
        actor: 't',
        payload: { n: next },
        identity: subject,
      });
    }
  };
  const checkpointer = () => new Checkpointer(ledger.dataSource, 0, ledger.authority.current);
  const sizes = async () =>
    (
      await ledger.dataSource.query<Array<{ size: string }>>(
        'SELECT size FROM ledger.checkpoints WHERE chain = 0 ORDER BY size',
      )
    ).map((row) => Number(row.size));
  /** As the database superuser, the append-only triggers off. */
  const tamper = (sql: string) =>
    ledger.dataSource.query(
      `SET session_replication_role = replica; ${sql}; SET session_replication_role = origin`,
    );

  beforeEach(async () => {
    database = await createTestDatabase([ledgerMigrations]);
    ledger = await ledgerHarness(database.url, { LEDGER_CHAINS: '1' });
    await record(5);
    await checkpointer().seal();
    await record(3);
  });

  afterEach(async () => {
    await ledger?.close();
    await database?.drop();
  });

  it('extends an intact checkpoint', async () => {
    expect(await checkpointer().seal()).toBe(8);
    expect(await sizes()).toEqual([5, 8]);
  });

  it('continues after a rotation from a checkpoint of a retired key it still trusts', async () => {
    const secret = generateSecretKey();
    const publicKey = nobleEd25519.publicKeyOf(secret);
    const rotated = {
      keyId: keyId(publicKey),
      publicKey,
      sign: (message: Uint8Array) => nobleEd25519.sign(message, secret),
    };
    const retired = ledger.authority.current;
    const trusted = new Map([
      [rotated.keyId, publicKey],
      [retired.keyId, retired.publicKey],
    ]);
    expect(
      await new Checkpointer(ledger.dataSource, 0, rotated, DEFAULT_LEDGER_ORIGIN, trusted).seal(),
    ).toBe(8);
    expect(await sizes()).toEqual([5, 8]);
  });

  it('signs nothing on a frontier that does not give the signed root', async () => {
    await tamper(
      `UPDATE ledger.checkpoints SET frontier = jsonb_set(frontier, '{peaks,0}', '"${ZERO}"') WHERE size = 5`,
    );
    await expect(checkpointer().seal()).rejects.toThrow(
      'chain 0 not sealed: the frontier stored with checkpoint 5 does not give its signed root',
    );
    expect(await sizes()).toEqual([5]);
  });

  it('signs nothing on a checkpoint whose root is not the one signed', async () => {
    await tamper(`UPDATE ledger.checkpoints SET root = '\\x${ZERO}' WHERE size = 5`);
    await expect(checkpointer().seal()).rejects.toThrow(
      'chain 0 not sealed: checkpoint 5 bad-signature',
    );
    expect(await sizes()).toEqual([5]);
  });

  it('signs nothing on a checkpoint of a key it does not trust', async () => {
    const stranger = keyId(nobleEd25519.publicKeyOf(generateSecretKey()));
    await tamper(`UPDATE ledger.checkpoints SET key_id = '${stranger}' WHERE size = 5`);
    await expect(checkpointer().seal()).rejects.toThrow(
      'chain 0 not sealed: checkpoint 5 unknown-key',
    );
    expect(await sizes()).toEqual([5]);
  });
});

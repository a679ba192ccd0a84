import { DataSource } from 'typeorm';
import { runMigrations } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { ledgerMigrations } from '.';
import { CreateLedger1732400000000 } from './1732400000000-create-ledger';
import { CheckpointNotes1796200000000 } from './1796200000000-checkpoint-notes';

/** Inserts a checkpoint row of chain 0 with the given note columns. */
const insertNote = (db: DataSource, size: number, origin: string | null, note: Buffer | null) =>
  db.query(
    `INSERT INTO ledger.checkpoints (chain, size, head_hash, root, issued_at, key_id, signature,
       frontier, origin, note_signature)
     VALUES (0, $1, $2, $2, now(), $3, $4, '[]', $5, $6)`,
    [size, Buffer.alloc(32, 1), 'ab'.repeat(16), Buffer.alloc(64), origin, note],
  );

/** Upgrading a ledger that already has checkpoints: they stay, without a note; new ones get one. */
describe(CheckpointNotes1796200000000.name, () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase([
      { schema: 'ledger', migrations: [CreateLedger1732400000000] },
    ]);
    db = await new DataSource({ type: 'postgres', url: database.url, poolSize: 1 }).initialize();
    await db.query(
      `INSERT INTO ledger.checkpoints (chain, size, head_hash, root, issued_at, key_id, signature, frontier)
       VALUES (0, 1, $1, $1, now(), $2, $3, '[]')`,
      [Buffer.alloc(32, 1), 'ab'.repeat(16), Buffer.alloc(64)],
    );
    await runMigrations(database.url, [ledgerMigrations]);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('keeps checkpoints sealed before it, with no note', async () => {
    expect(await db.query('SELECT size, origin, note_signature FROM ledger.checkpoints')).toEqual([
      { size: '1', origin: null, note_signature: null },
    ]);
  });

  it('stores a note: origin and the 68 bytes of its signature line', async () => {
    await insertNote(db, 2, 'tax.example/ledger/0', Buffer.alloc(68, 2));
    const [row] = await db.query<Array<{ origin: string }>>(
      'SELECT origin FROM ledger.checkpoints WHERE size = 2',
    );
    expect(row.origin).toBe('tax.example/ledger/0');
  });

  it.each([
    ['an origin without a signature', 'tax.example/ledger/0', null],
    ['a signature without an origin', null, Buffer.alloc(68)],
    ['a bare 64-byte signature (no key ID)', 'tax.example/ledger/0', Buffer.alloc(64)],
    ['an origin with a space', 'tax example/0', Buffer.alloc(68)],
  ])('refuses %s', async (_, origin, signature) => {
    await expect(insertNote(db, 3, origin, signature)).rejects.toThrow(/check constraint/);
  });
});

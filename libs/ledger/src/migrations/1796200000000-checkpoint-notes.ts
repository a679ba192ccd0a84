import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each checkpoint also as a c2sp.org/tlog-checkpoint note: the log origin of its chain and the
 * authority's note signature over `origin\nsize\nbase64(root)\n`, stored as the bytes its
 * signature line encodes: the 4-byte note key ID, then the 64-byte Ed25519 signature. Checkpoints sealed
 * before this migration have neither. Witness cosignatures of those notes are kept beside them.
 */
export class CheckpointNotes1796200000000 implements MigrationInterface {
  name = 'CheckpointNotes1796200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE ledger.checkpoints
        ADD COLUMN origin text CHECK (origin ~ '^[^\\s+]+$'),
        ADD COLUMN note_signature bytea CHECK (octet_length(note_signature) = 68),
        ADD CONSTRAINT checkpoints_note_complete CHECK ((origin IS NULL) = (note_signature IS NULL))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE ledger.checkpoints
        DROP CONSTRAINT checkpoints_note_complete,
        DROP COLUMN note_signature,
        DROP COLUMN origin`);
  }
}

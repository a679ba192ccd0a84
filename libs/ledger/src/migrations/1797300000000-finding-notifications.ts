import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A NOTIFY for every new (or reopened) read finding and every witness refusal, sent at the commit
 * that records it, on the channel its trigger names, with the chain as payload: the audit
 * service's watchers sleep until one arrives instead of reading the tables every second.
 */
export class FindingNotifications1797300000000 implements MigrationInterface {
  name = 'FindingNotifications1797300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION ledger.notify_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(TG_ARGV[0], NEW.chain::text);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER read_findings_notify AFTER INSERT OR UPDATE ON ledger.read_findings
        FOR EACH ROW WHEN (NEW.resolved_at IS NULL)
        EXECUTE FUNCTION ledger.notify_chain('ledger_read_finding')`);
    await db.query(`
      CREATE TRIGGER witness_refusals_notify AFTER INSERT ON ledger.witness_refusals
        FOR EACH ROW EXECUTE FUNCTION ledger.notify_chain('ledger_witness_refusal')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER witness_refusals_notify ON ledger.witness_refusals');
    await db.query('DROP TRIGGER read_findings_notify ON ledger.read_findings');
    await db.query('DROP FUNCTION ledger.notify_chain()');
  }
}

import type { DataSource } from 'typeorm';

/**
 * What an outside tester working as the PostgreSQL superuser does: one statement with the
 * triggers off (ledger.entries is append-only to everyone else), on one connection, committed.
 * Hashes are left as they were: nothing but the statement changes. The rows it changed.
 */
export async function superuserEdit(
  db: DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<number> {
  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await runner.query('SET LOCAL session_replication_role = replica');
    const { affected } = await runner.query(sql, params, true);
    await runner.commitTransaction();
    return affected ?? 0;
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}

/** The superuser's edit of a payload: `from` replaced by `to` in the subject's entries of `kind`. */
export function superuserPayloadEdit(
  db: DataSource,
  subject: string,
  kind: string,
  from: string,
  to: string,
): Promise<number> {
  return superuserEdit(
    db,
    'UPDATE ledger.entries SET payload = replace(payload, $3, $4) WHERE subject = $1 AND kind = $2',
    [subject, kind, from, to],
  );
}

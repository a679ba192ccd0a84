import { writeFileSync } from 'node:fs';
import { Client } from 'pg';

/** One statement's counters in pg_stat_statements, summed over its users and nesting levels. */
interface StatementCounters {
  query: string;
  calls: number;
  execMs: number;
  planMs: number;
  rows: number;
  walBytes: number;
  sharedBlocksHit: number;
  sharedBlocksRead: number;
}

export type StatementSnapshot = Map<string, StatementCounters>;

/**
 * The statements PostgreSQL ran in one database so far (pg_stat_statements, which the server
 * loads with track_planning on), read through the admin connection: the server is shared, and
 * its rows carry the database's oid.
 */
export async function readStatements(
  adminUrl: string,
  database: string,
): Promise<StatementSnapshot> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const { rows } = await client.query<{
      queryid: string;
      query: string;
      calls: string;
      exec: number;
      plan: number;
      rows: string;
      wal: string;
      hit: string;
      read: string;
    }>(
      `SELECT s.queryid::text, min(s.query) AS query, sum(s.calls) AS calls,
              sum(s.total_exec_time) AS exec, sum(s.total_plan_time) AS plan, sum(s.rows) AS rows,
              sum(s.wal_bytes) AS wal, sum(s.shared_blks_hit) AS hit, sum(s.shared_blks_read) AS read
         FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = $1
        GROUP BY s.queryid`,
      [database],
    );
    return new Map(
      rows.map((r) => [
        r.queryid,
        {
          query: r.query,
          calls: Number(r.calls),
          execMs: Number(r.exec),
          planMs: Number(r.plan),
          rows: Number(r.rows),
          walBytes: Number(r.wal),
          sharedBlocksHit: Number(r.hit),
          sharedBlocksRead: Number(r.read),
        },
      ]),
    );
  } finally {
    await client.end();
  }
}

/**
 * What each statement cost per invoice between two snapshots, most expensive (execution +
 * planning) first, written to `file` as JSON: calls, ms, WAL bytes and rows per invoice.
 */
export function writeStatementsPerInvoice(
  file: string,
  before: StatementSnapshot,
  after: StatementSnapshot,
  invoices: number,
): void {
  const per = (n: number) => n / invoices;
  const statements = [...after].map(([queryid, a]) => {
    const b = before.get(queryid);
    const delta = (pick: (c: StatementCounters) => number) => pick(a) - (b ? pick(b) : 0);
    return {
      queryid,
      msPerInvoice: round(per(delta((c) => c.execMs + c.planMs)), 5),
      planMsPerInvoice: round(per(delta((c) => c.planMs)), 5),
      callsPerInvoice: round(per(delta((c) => c.calls)), 4),
      rowsPerInvoice: round(per(delta((c) => c.rows)), 3),
      walBytesPerInvoice: Math.round(per(delta((c) => c.walBytes))),
      blocksPerInvoice: round(per(delta((c) => c.sharedBlocksHit + c.sharedBlocksRead)), 2),
      query: a.query.replace(/\s+/g, ' ').slice(0, 400),
    };
  });
  const ran = statements
    .filter((s) => s.callsPerInvoice > 0)
    .sort((x, y) => y.msPerInvoice - x.msPerInvoice);
  const total = (pick: (s: (typeof ran)[number]) => number) =>
    round(
      ran.reduce((sum, s) => sum + pick(s), 0),
      4,
    );
  writeFileSync(
    file,
    JSON.stringify(
      {
        invoices,
        msPerInvoice: total((s) => s.msPerInvoice),
        callsPerInvoice: total((s) => s.callsPerInvoice),
        walBytesPerInvoice: total((s) => s.walBytesPerInvoice),
        statements: ran,
      },
      null,
      1,
    ),
  );
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

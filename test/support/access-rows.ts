import { Client } from 'pg';

/** Row counts of the credential store, to show that a refused request wrote nothing. */
export async function accessRowCounts(
  url: string,
): Promise<{ parties: number; credentials: number }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ parties: string; credentials: string }>(
      `SELECT (SELECT count(*) FROM access.parties) AS parties,
              (SELECT count(*) FROM access.credentials) AS credentials`,
    );
    return { parties: Number(rows[0].parties), credentials: Number(rows[0].credentials) };
  } finally {
    await client.end();
  }
}

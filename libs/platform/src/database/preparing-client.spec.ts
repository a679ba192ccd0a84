import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { PreparingClient } from './preparing-client';

describe(PreparingClient.name, () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase([]);
    // One connection, so that the statements it has prepared are the ones this spec sees.
    db = await new DataSource({
      type: 'postgres',
      url: database.url,
      poolSize: 1,
      extra: { Client: PreparingClient },
    }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const prepared = async (): Promise<string[]> =>
    (
      await db.query<Array<{ statement: string }>>(
        'SELECT statement FROM pg_prepared_statements ORDER BY statement',
      )
    ).map((row) => row.statement);

  it('prepares a parameterised statement once on its connection and answers every call', async () => {
    const text = 'SELECT $1::int + 1 AS n';
    expect(await db.query(text, [1])).toEqual([{ n: 2 }]);
    expect(await db.query(text, [41])).toEqual([{ n: 42 }]);
    expect((await prepared()).filter((statement) => statement === text)).toHaveLength(1);
  });

  it('runs a statement without parameters unnamed', async () => {
    expect(await db.query('SELECT 7 AS seven')).toEqual([{ seven: 7 }]);
    expect(await prepared()).not.toContain('SELECT 7 AS seven');
  });

  it('answers a failing call with its error, and the next call of the same text normally', async () => {
    const text = 'SELECT $1::int AS n';
    await expect(db.query(text, ['not a number'])).rejects.toThrow(/invalid input syntax/);
    expect(await db.query(text, [5])).toEqual([{ n: 5 }]);
  });

  it('keeps the process alive when its server ends it with nobody listening, and refuses the next call', async () => {
    const client = new PreparingClient(database.url);
    await client.connect();
    const ended = new Promise((resolve) => client.once('end', resolve));
    const {
      rows: [{ pid }],
    } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await db.query('SELECT pg_terminate_backend($1)', [pid]);
    await ended;
    await expect(client.query('SELECT $1::int AS n', [1])).rejects.toThrow(
      /not queryable|terminated/i,
    );
  });

  it('prepares at most 256 texts, and runs the texts past them unnamed with the same answers', async () => {
    for (let i = 0; i < 300; i += 1)
      expect(await db.query(`SELECT $1::int + ${i} AS n`, [1])).toEqual([{ n: 1 + i }]);
    const statements = await prepared();
    expect(statements.length).toBe(256);
    expect(statements).not.toContain('SELECT $1::int + 299 AS n');
  });
});

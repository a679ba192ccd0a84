import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { ChannelListener } from './channel-listener';

describe(ChannelListener.name, () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase([]);
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const listening = async (channel: string): Promise<number> => {
    const [row] = await db.query<Array<{ n: string }>>(
      'SELECT count(*) n FROM pg_stat_activity WHERE datname = current_database() AND query = $1',
      [`LISTEN ${channel}`],
    );
    return Number(row.n);
  };
  const settle = () => new Promise((done) => setTimeout(done, 300));

  it('opens one connection for calls made while it connects, and hears each NOTIFY once', async () => {
    const channel = `c_${randomBytes(4).toString('hex')}`;
    const heard: string[] = [];
    const listener = new ChannelListener(database.url, channel, (payload) => heard.push(payload));
    try {
      // A caller's timer may fire again before the first connection is up.
      const answers = await Promise.all(Array.from({ length: 5 }, () => listener.listen()));
      expect(answers.filter(Boolean)).toHaveLength(1);
      expect(await listening(channel)).toBe(1);

      await db.query(`SELECT pg_notify($1, 'one')`, [channel]);
      await settle();
      expect(heard).toEqual(['one']);
      expect(await listener.listen()).toBe(false);
    } finally {
      await listener.close();
    }
    await settle();
    expect(await listening(channel)).toBe(0);
  });

  it('connects again after its connection is lost, and says so', async () => {
    const channel = `c_${randomBytes(4).toString('hex')}`;
    const heard: string[] = [];
    let lost = 0;
    const listener = new ChannelListener(
      database.url,
      channel,
      (payload) => heard.push(payload),
      () => lost++,
    );
    try {
      expect(await listener.listen()).toBe(true);
      await db.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query = $1`,
        [`LISTEN ${channel}`],
      );
      await settle();
      expect(lost).toBe(1);
      expect(await listener.listen()).toBe(true);
      await db.query(`SELECT pg_notify($1, 'two')`, [channel]);
      await settle();
      expect(heard).toEqual(['two']);
    } finally {
      await listener.close();
    }
  });
});

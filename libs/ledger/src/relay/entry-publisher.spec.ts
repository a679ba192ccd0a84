import { Kafka, Partitioners, type Producer } from 'kafkajs';
import { Client } from 'pg';
import { kafkaConfig } from '@taxchain/platform';
import { createTestDatabase, type TestDatabase } from '@taxchain/platform/testing';
import { ledgerMigrations } from '../migrations';
import { ledgerHarness, type LedgerHarness } from '../testing/ledger-harness';
import { EntryPublisher, byteBounded } from './entry-publisher';
import { ensureLedgerTopics } from './ledger-topics';

/**
 * An append wakes the relay with NOTIFY only when the relay had published everything; a busy
 * relay instead reads again, and waits for an append in flight, before it reports the chain
 * settled and sleeps. Together: no entry waits for the poll interval.
 */
describe(EntryPublisher.name, () => {
  let database: TestDatabase;
  let ledger: LedgerHarness;
  let producer: Producer;
  let publisher: EntryPublisher;
  let listener: Client;
  const heard: string[] = [];
  let appended = 0;

  beforeAll(async () => {
    database = await createTestDatabase([ledgerMigrations]);
    ledger = await ledgerHarness(database.url, { LEDGER_CHAINS: '1' });
    const kafka = new Kafka(kafkaConfig(ledger.config, 'relay-test'));
    const admin = kafka.admin();
    await admin.connect();
    await ensureLedgerTopics(admin, ledger.settings.topics, 1);
    await admin.disconnect();
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    publisher = new EntryPublisher(ledger.dataSource, producer, 0, ledger.settings.topics);
    listener = new Client({ connectionString: database.url });
    await listener.connect();
    listener.on('notification', (message) => heard.push(message.channel));
    await listener.query('LISTEN ledger_appended; LISTEN probe');
  }, 60_000);

  afterAll(async () => {
    await listener?.end();
    await producer?.disconnect();
    await ledger?.close();
    await database?.drop();
  });

  const append = (run: () => Promise<void> = async () => undefined) => {
    const subject = `invoice-${(appended += 1)}`;
    return ledger.appender.commit({
      subject,
      run: async () => {
        await run();
        return {
          value: null,
          entries: [{ kind: 'test.recorded', subject, actor: 't', payload: {}, identity: subject }],
        };
      },
    });
  };

  /** The ledger_appended notifications of what `work` committed (delivery is in commit order). */
  async function notificationsOf(work: () => Promise<unknown>): Promise<number> {
    heard.length = 0;
    await work();
    await ledger.dataSource.query("SELECT pg_notify('probe', '')");
    while (!heard.includes('probe')) await new Promise((tick) => setTimeout(tick, 10));
    return heard.filter((channel) => channel === 'ledger_appended').length;
  }

  async function publishUntilSettled(): Promise<number> {
    let sent = 0;
    for (;;) {
      const step = await publisher.publishEntries(await publisher.mark());
      sent += step.sent;
      if (step.settled) return sent;
    }
  }

  it('notifies an append to a relay that had published everything, and not to a busy one', async () => {
    expect(await notificationsOf(() => append())).toBe(1);
    // the relay has not published the first entry yet: it is busy, and will read again
    expect(await notificationsOf(() => append())).toBe(0);
    expect(await publishUntilSettled()).toBe(2);
    expect(await notificationsOf(() => append())).toBe(1);
    expect(await publishUntilSettled()).toBe(1);
  });

  it('publishes a round in four statements, and finds nothing new in two', async () => {
    await publishUntilSettled();
    await append();
    await append();
    const statements = jest.spyOn(Client.prototype, 'query');
    try {
      // the mark, the page, the watermark, and the settled check
      expect(await publisher.publishEntries(await publisher.mark())).toEqual({
        sent: 2,
        lag: 0,
        settled: true,
      });
      expect(statements).toHaveBeenCalledTimes(4);
      statements.mockClear();
      // the mark and the settled check: no page is read past a head already published
      expect(await publisher.publishEntries(await publisher.mark())).toEqual({
        sent: 0,
        lag: 0,
        settled: true,
      });
      expect(statements).toHaveBeenCalledTimes(2);
    } finally {
      statements.mockRestore();
    }
  });

  it('does not report the chain settled while an append is in flight, then relays it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((open) => (release = open));
    let running!: () => void;
    const started = new Promise<void>((ready) => (running = ready));
    const inFlight = append(async () => {
      running();
      await gate;
    });
    await started; // the append holds the chain head
    const step = publisher.publishEntries(await publisher.mark());
    await waitForLockWait(database.url);
    release();
    await inFlight;
    expect(await step).toEqual({ sent: 0, lag: 0, settled: false });
    expect(await publishUntilSettled()).toBe(1);
  });
});

/** Until one session of this database waits on a row lock: the relay, on the held head. */
async function waitForLockWait(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%FOR SHARE%'`,
      );
      if (Number(rows[0].n) > 0) return;
      await new Promise((tick) => setTimeout(tick, 10));
    }
  } finally {
    await client.end();
  }
}

describe(byteBounded.name, () => {
  const entry = (seq: number, bytes: number) => ({
    seq,
    subject: 's',
    kind: 'test.recorded',
    json: 'x'.repeat(bytes - 1),
  });

  it('splits a page into consecutive requests under the limit, keeping the order', () => {
    const page = Array.from({ length: 10 }, (_, i) => entry(i + 1, 300));
    const chunks = byteBounded(page, 1_000);
    expect(chunks.map((c) => c.map((e) => e.seq))).toEqual([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10]]);
  });

  it('sends an entry larger than the limit on its own', () => {
    const chunks = byteBounded([entry(1, 10), entry(2, 5_000), entry(3, 10)], 1_000);
    expect(chunks.map((c) => c.map((e) => e.seq))).toEqual([[1], [2], [3]]);
  });
});

import { randomUUID } from 'node:crypto';
import { Kafka, Partitioners, type Message, type Producer } from 'kafkajs';
import { topicNames } from '@taxchain/contracts';
import { kafkaConfig } from '@taxchain/platform';
import { EntryPublisher } from '@taxchain/ledger/relay/entry-publisher';
import { ensureLedgerTopics } from '@taxchain/ledger/relay/ledger-topics';
import type { LedgerHarness } from '@taxchain/ledger/testing/ledger-harness';
import { recordEntry } from '@taxchain/ledger/testing/record-entry';
import { ENTRY_COLUMNS, toEntry, type EntryRow } from '@taxchain/ledger/storage/entry-row';
import { pool } from './stats';

const PAGE = 1_000;

/** Appends `entries` entries (the relay's input), spread over the harness's chains. */
export async function seedForRelay(ledger: LedgerHarness, entries: number): Promise<void> {
  await pool(entries, 64, async (i) => {
    const subject = `r-${randomUUID()}`;
    await recordEntry(ledger.appender, {
      kind: 'bench.relayed',
      subject,
      actor: 'bench',
      payload: { i, note: 'a payload of a typical size for an invoice event' },
      identity: subject,
    });
  });
}

async function connectedProducer(
  ledger: LedgerHarness,
): Promise<{ kafka: Kafka; producer: Producer }> {
  const kafka = new Kafka(kafkaConfig(ledger.config, 'bench'));
  const producer = kafka.producer({
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return { kafka, producer };
}

/** The relay: every chain's entries from the watermark to the head, published in pages. */
export async function relayRate(ledger: LedgerHarness, prefix: string): Promise<number> {
  const { kafka, producer } = await connectedProducer(ledger);
  const admin = kafka.admin();
  await admin.connect();
  await ensureLedgerTopics(admin, topicNames(prefix), ledger.settings.chains);
  await admin.disconnect();
  await ledger.dataSource.query('UPDATE ledger.relay_watermarks SET entries_seq = -1');
  const chains = Array.from(
    { length: ledger.settings.chains },
    (_, c) => new EntryPublisher(ledger.dataSource, producer, c, topicNames(prefix)),
  );
  const [{ n }] = await ledger.dataSource.query<Array<{ n: string }>>(
    'SELECT count(*) n FROM ledger.entries',
  );
  const started = performance.now();
  await Promise.all(
    chains.map(async (publisher) => {
      while (!(await publisher.publishEntries(await publisher.mark())).settled);
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  await producer.disconnect();
  return Number(n) / seconds;
}

/** The baseline: a bare producer sending the same messages, same pages, same acks, same partitions. */
export async function bareProducerRate(ledger: LedgerHarness, prefix: string): Promise<number> {
  const rows = await ledger.dataSource.query<EntryRow[]>(
    `SELECT ${ENTRY_COLUMNS} FROM ledger.entries ORDER BY chain, seq`,
  );
  const byChain = new Map<number, Message[]>();
  for (const entry of rows.map(toEntry)) {
    const list = byChain.get(entry.chain) ?? [];
    list.push({
      partition: entry.chain,
      key: entry.subject,
      value: JSON.stringify(entry),
      headers: { kind: entry.kind },
    });
    byChain.set(entry.chain, list);
  }
  const { kafka, producer } = await connectedProducer(ledger);
  const admin = kafka.admin();
  await admin.connect();
  const topic = `${prefix}bare`;
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: ledger.settings.chains }],
  });
  await admin.disconnect();
  const started = performance.now();
  await Promise.all(
    [...byChain.values()].map(async (messages) => {
      for (let i = 0; i < messages.length; i += PAGE)
        await producer.send({ topic, acks: -1, messages: messages.slice(i, i + PAGE) });
    }),
  );
  const seconds = (performance.now() - started) / 1_000;
  await producer.disconnect();
  return rows.length / seconds;
}

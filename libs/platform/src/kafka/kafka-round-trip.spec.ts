import { randomUUID } from 'node:crypto';
import { Controller, Inject, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ClientKafka,
  ClientsModule,
  EventPattern,
  Payload,
  type MicroserviceOptions,
} from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { Client } from 'pg';
import { createRandomDatabase } from '../database/databases';
import { testConfig } from '../testing/test-config';
import { kafkaTransport } from './kafka-options';

const topic = `platform.round-trip.${randomUUID()}`;
const config = () => testConfig('postgres://unused@127.0.0.1/unused');

interface Ping {
  id: string;
  note: string;
}

function consumerApp(databaseUrl: string) {
  @Controller()
  class PingConsumer {
    @EventPattern(topic)
    async record(@Payload() ping: Ping): Promise<void> {
      const db = new Client({ connectionString: databaseUrl });
      await db.connect();
      await db.query('INSERT INTO pings (id, note) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        ping.id,
        ping.note,
      ]);
      await db.end();
    }
  }
  @Module({ controllers: [PingConsumer] })
  class ConsumerModule {}
  return ConsumerModule;
}

@Module({
  imports: [
    ClientsModule.register([
      { name: 'PUBLISHER', ...kafkaTransport(config(), 'test-publisher', 'unused') },
    ]),
  ],
})
class PublisherModule {
  constructor(@Inject('PUBLISHER') readonly client: ClientKafka) {}
}

describe('Kafka round trip through @nestjs/microservices', () => {
  let database: { url: string; drop(): Promise<void> };
  let consumer: INestApplication;
  let publisher: INestApplication;

  beforeAll(async () => {
    database = await createRandomDatabase(process.env.TEST_ADMIN_DATABASE_URL!);
    const db = new Client({ connectionString: database.url });
    await db.connect();
    await db.query('CREATE TABLE pings (id uuid PRIMARY KEY, note text NOT NULL)');
    await db.end();

    publisher = await NestFactory.create(PublisherModule, { logger: false });
    await publisher.get(PublisherModule).client.connect();
    // Create the topic first, so the consumer group joins a topic that exists.
    await lastValueFrom(
      publisher.get(PublisherModule).client.emit(topic, { id: randomUUID(), note: 'warm-up' }),
    );

    consumer = await NestFactory.create(consumerApp(database.url), { logger: false });
    consumer.connectMicroservice<MicroserviceOptions>(
      kafkaTransport(config(), 'test-consumer', `round-trip-${randomUUID()}`),
    );
    await consumer.startAllMicroservices();
  });

  afterAll(async () => {
    await publisher?.close();
    await consumer?.close();
    await database?.drop();
  });

  it('one app publishes, another consumes in a consumer group and writes the row', async () => {
    const ping = { id: randomUUID(), note: '发票 round trip' };
    await lastValueFrom(
      publisher.get(PublisherModule).client.emit(topic, { key: ping.id, value: ping }),
    );

    const row = await poll(async () => {
      const db = new Client({ connectionString: database.url });
      await db.connect();
      const found = await db.query<Ping>('SELECT id, note FROM pings WHERE id = $1', [ping.id]);
      await db.end();
      return found.rows[0];
    });
    expect(row).toEqual(ping);
  });
});

async function poll<T>(
  read: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((done) => setTimeout(done, 200));
  }
  return undefined;
}

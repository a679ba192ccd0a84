import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Kafka } from 'kafkajs';
import { testConfig } from '../testing/test-config';
import { kafkaConfig } from './kafka-options';

interface QueuePrototype {
  checkPendingRequests: (this: unknown) => void;
}

const queue = (
  createRequire(__filename)('kafkajs/src/network/requestQueue') as { prototype: QueuePrototype }
).prototype;

/** Runs `idle` with every request queue check counted; resolves with the count. */
async function checksDuring(idle: () => Promise<void>): Promise<number> {
  const check = queue.checkPendingRequests;
  let checks = 0;
  queue.checkPendingRequests = function (this: unknown) {
    checks += 1;
    check.call(this);
  };
  try {
    await idle();
    return checks;
  } finally {
    queue.checkPendingRequests = check;
  }
}

describe('kafkajs request queues at rest (real broker)', () => {
  const kafka = new Kafka(kafkaConfig(testConfig('postgres://unused@127.0.0.1/unused'), 'idle'));
  const topic = `platform.idle.${randomUUID()}`;
  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId: `idle-${randomUUID()}`, maxWaitTimeInMs: 500 });
  const received: string[] = [];

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => void received.push(String(message.value)),
    });
  });

  afterAll(async () => {
    await Promise.all([consumer.disconnect(), producer.disconnect()]);
  });

  it('does not wake every millisecond when nothing is pending, and still delivers', async () => {
    // Unpatched, each connection re-armed a 1 ms timer after every answer: over a thousand checks a second.
    const checks = await checksDuring(() => new Promise((done) => setTimeout(done, 2_000)));
    expect(checks).toBeLessThan(100);

    await producer.send({ topic, messages: [{ value: 'after the rest' }] });
    for (let tries = 0; tries < 100 && received.length === 0; tries += 1)
      await new Promise((done) => setTimeout(done, 100));
    expect(received).toEqual(['after the rest']);
  });
});

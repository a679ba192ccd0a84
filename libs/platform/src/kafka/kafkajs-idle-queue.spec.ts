import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { Kafka, KafkaJSRequestTimeoutError } from 'kafkajs';
import { testConfig } from '../testing/test-config';
import { wakeUpsWhileIdle } from '../testing/wake-ups';
import { kafkaConfig } from './kafka-options';

interface QueuePrototype {
  checkPendingRequests: (this: unknown) => void;
}

interface Queue {
  scheduleRequestTimeoutCheck(): void;
  push(request: object): void;
  destroy(): void;
}

const RequestQueue = createRequire(__filename)('kafkajs/src/network/requestQueue') as {
  prototype: QueuePrototype;
  new (options: object): Queue;
};
const queue = RequestQueue.prototype;

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

describe('kafkajs request timeouts', () => {
  const kafka = new Kafka(kafkaConfig(testConfig('postgres://unused@127.0.0.1/unused'), 'idle'));
  const producer = kafka.producer();
  const admin = kafka.admin();
  /** What wakes this test process anyway (timers of earlier specs in the same worker). */
  let baseline = 0;

  beforeAll(async () => {
    baseline = await wakeUpsWhileIdle(2_000);
    await Promise.all([producer.connect(), admin.connect()]);
  });
  afterAll(() => Promise.all([producer.disconnect(), admin.disconnect()]));

  it('wake no idle connection (real broker)', async () => {
    // Unpatched, every connection checked for timed-out requests every 100 ms: 40 wake-ups here.
    expect((await wakeUpsWhileIdle(2_000)) - baseline).toBeLessThan(10);
    await expect(admin.listTopics()).resolves.toBeInstanceOf(Array);
  });

  it('still fail a request the broker does not answer, after its timeout', async () => {
    const requests = new RequestQueue({
      requestTimeout: 200,
      enforceRequestTimeout: true,
      maxInFlightRequests: null,
      clientId: 'idle',
      broker: 'nowhere:9092',
      logger: { debug: () => undefined, warn: () => undefined },
    });
    requests.scheduleRequestTimeoutCheck();
    const sent = Date.now();
    const answer = new Promise((resolve, reject) =>
      requests.push({
        entry: { correlationId: 1, apiName: 'Metadata', apiKey: 3, apiVersion: 6, resolve, reject },
        expectResponse: true,
        sendRequest: () => undefined,
      }),
    );
    await expect(answer).rejects.toBeInstanceOf(KafkaJSRequestTimeoutError);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(199);
    requests.destroy();
  });
});

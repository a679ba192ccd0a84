#!/usr/bin/env node
'use strict';
// Readiness probe used by scripts/kafka.sh start: succeeds only when a
// consumer *group* can actually join and consume, not merely when the port is
// open. Creates a temp topic, produces one message, consumes it with a fresh
// groupId, cleans up, exits 0. One attempt; kafka.sh retries.
//
// Env: KAFKA_BROKERS (default 127.0.0.1:${KAFKA_PORT:-9092}),
//      KAFKA_READY_TIMEOUT_MS (default 30000).
// Exit codes: 0 ready, 1 not ready (reason on stderr), 3 kafkajs not installed.

let kafkajs;
try {
  kafkajs = require('kafkajs');
} catch (err) {
  console.error(`kafka-ready: cannot load kafkajs (${err.message}); run npm install`);
  process.exit(3);
}
const { Kafka, logLevel, Partitioners } = kafkajs;

const brokers = (process.env.KAFKA_BROKERS || `127.0.0.1:${process.env.KAFKA_PORT || 9092}`)
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);
const timeoutMs = Number(process.env.KAFKA_READY_TIMEOUT_MS || 30000);
const suffix = `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const topic = `taxchain-ready-${suffix}`;
const groupId = `taxchain-ready-${suffix}`;
const token = `ready-${suffix}`;

const kafka = new Kafka({
  clientId: 'taxchain-kafka-ready',
  brokers,
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3000,
  requestTimeout: 10000,
  retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 2000 },
});

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms}ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function probe(admin, producer, consumer) {
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
    waitForLeaders: true,
  });

  await producer.connect();
  await producer.send({ topic, acks: -1, messages: [{ key: 'ready', value: token }] });

  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await new Promise((resolve, reject) => {
    consumer.on(consumer.events.CRASH, (e) => {
      if (e.payload && e.payload.restart === false) reject(e.payload.error);
    });
    consumer
      .run({
        eachMessage: async ({ message }) => {
          if (message.value && message.value.toString() === token) resolve();
        },
      })
      .catch(reject);
  });
}

async function cleanup(admin, producer, consumer) {
  const quiet = (p) => withTimeout(p, 5000, 'cleanup').catch(() => {});
  await quiet(consumer.disconnect());
  await quiet(producer.disconnect());
  await quiet(admin.deleteGroups([groupId]));
  await quiet(admin.deleteTopics({ topics: [topic], timeout: 5000 }));
  await quiet(admin.disconnect());
}

async function main() {
  const admin = kafka.admin();
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  const consumer = kafka.consumer({
    groupId,
    sessionTimeout: 10000,
    rebalanceTimeout: 10000,
    heartbeatInterval: 1000,
    maxWaitTimeInMs: 250,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 2000 },
  });
  let code = 0;
  try {
    await withTimeout(
      probe(admin, producer, consumer),
      timeoutMs,
      'produce/consume through a fresh consumer group',
    );
  } catch (err) {
    console.error(
      `kafka-ready: not ready on ${brokers.join(',')}: ${err && err.message ? err.message : err}`,
    );
    code = 1;
  }
  await cleanup(admin, producer, consumer);
  process.exit(code);
}

main();

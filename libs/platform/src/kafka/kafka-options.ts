import { Transport, type KafkaOptions } from '@nestjs/microservices';
import { logLevel, type KafkaConfig } from 'kafkajs';
import type { AppConfig } from '../config/config.schema';
import { stopIdleRequestQueueTimers } from './kafkajs-idle-queue';

stopIdleRequestQueueTimers();

/** Connection settings shared by every Kafka client and server of a service. */
export function kafkaConfig(config: AppConfig, role: string): KafkaConfig {
  return {
    clientId: `${config.KAFKA_CLIENT_ID}-${role}`,
    brokers: config.KAFKA_BROKERS.split(','),
    logLevel: logLevel.WARN,
    connectionTimeout: 3_000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
  };
}

/** Options for a Nest Kafka server (consumer) or client (producer) in a consumer group. */
export function kafkaTransport(config: AppConfig, role: string, groupId: string): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      client: kafkaConfig(config, role),
      consumer: {
        groupId,
        allowAutoTopicCreation: true,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
      },
      producer: { allowAutoTopicCreation: true, idempotent: true, maxInFlightRequests: 1 },
      subscribe: { fromBeginning: true },
      run: { autoCommit: true },
      postfixId: '',
    },
  };
}

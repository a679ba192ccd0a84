import { Global, Module } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { APP_CONFIG } from '../config/config.token';
import type { AppConfig } from '../config/config.schema';
import { kafkaConfig } from './kafka-options';
import { KafkaAdmin } from './kafka-admin';
import { kafkaLogCreator } from './kafka-log';

/** One kafkajs client per service process; producers, consumers and admin derive from it. */
@Global()
@Module({
  providers: [
    {
      provide: Kafka,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Kafka({ ...kafkaConfig(config, 'service'), logCreator: kafkaLogCreator }),
    },
    KafkaAdmin,
  ],
  exports: [Kafka, KafkaAdmin],
})
export class KafkaModule {}

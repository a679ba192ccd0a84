import { DynamicModule, Module } from '@nestjs/common';
import type { EntitySchema } from 'typeorm';
import { AccessModule } from './access/access.module';
import type { AppConfig } from './config/config.schema';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { KafkaModule } from './kafka/kafka.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';

type EntityClass = abstract new (...args: never[]) => unknown;

/** The plumbing every service imports once: config, logs, database, Kafka, health, access. */
@Module({})
export class PlatformModule {
  static forService(
    config: AppConfig,
    entities: Array<EntityClass | EntitySchema> = [],
  ): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule.forRoot(entities),
        KafkaModule,
        HealthModule,
        MetricsModule,
        AccessModule,
      ],
      exports: [ConfigModule, DatabaseModule, KafkaModule, HealthModule],
    };
  }
}

import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { AppConfig, ServiceName } from '../config/config.schema';
import type { MigrationSet } from '../database/migration-set';
import type { OpenApiInfo } from '../http/openapi';

/** What a service tells the platform about itself; bootstrapService does the rest. */
export interface ServiceDefinition {
  name: ServiceName;
  module: (config: AppConfig) => DynamicModule;
  migrations: MigrationSet[];
  port: (config: AppConfig) => number;
  openapi: OpenApiInfo;
  /** Routes that take many documents at once: their bodies may reach HTTP_BATCH_BODY_LIMIT. */
  batchRoutes?: string[];
  /** Connects Kafka consumers (Nest microservices) before the app starts listening. */
  connect?: (app: INestApplication, config: AppConfig) => void | Promise<void>;
}

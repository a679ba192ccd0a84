import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EntitySchema } from 'typeorm';
import { APP_CONFIG } from '../config/config.token';
import type { AppConfig } from '../config/config.schema';
import { PreparingClient } from './preparing-client';

type EntityClass = abstract new (...args: never[]) => unknown;

/**
 * The service's connection pool. Migrations are run before the app boots
 * (see bootstrapService), never by `synchronize`.
 */
@Module({})
export class DatabaseModule {
  static forRoot(entities: Array<EntityClass | EntitySchema> = []): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => ({
            type: 'postgres',
            url: config.DATABASE_URL,
            entities,
            synchronize: false,
            migrationsRun: false,
            poolSize: config.DATABASE_POOL_SIZE,
            // Fail fast instead of hanging when the database is gone; callers answer 503.
            connectTimeoutMS: 3_000,
            retryAttempts: 0,
            extra: {
              connectionTimeoutMillis: 3_000,
              query_timeout: 15_000,
              keepAlive: true,
              Client: PreparingClient,
            },
          }),
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}

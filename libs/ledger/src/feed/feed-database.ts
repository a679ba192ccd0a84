import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/**
 * The feed applies at most 4 chains at once (kafkajs's partitionsConsumedConcurrently), and a
 * slice that goes the locking way holds its transaction's connection while a handler may read on
 * another (audit's detectors do): twice that, so that the feed never waits on its own pool.
 */
const FEED_POOL_SIZE = 8;

/**
 * A consuming service's feed connections: the service's database with every prepared statement
 * on a generic plan, for `connectLedgerFeed`'s `dataSource`. The feeds' statements are set
 * statements (unnest of a run's arrays, upserts and look-ups by key) whose plan is the same
 * whatever the run holds, yet PostgreSQL kept custom-planning them: a constant array's length is
 * known to the planner and a parameter's is not (10 assumed), so for the usual runs of fewer than
 * 10 entries a custom plan always looked cheaper (audit's run statement and burst windows' read
 * were planned on 80 % and 96 % of their calls). On the service's own pool a generic plan would
 * also be forced on the searches, whose optional filters need custom plans.
 */
@Injectable()
export class FeedDatabase implements OnModuleInit, OnApplicationShutdown {
  readonly dataSource: DataSource;

  constructor(service: DataSource) {
    const options = service.options as PostgresConnectionOptions;
    const extra = options.extra as Record<string, unknown> | undefined;
    this.dataSource = new DataSource({
      ...options,
      poolSize: FEED_POOL_SIZE,
      extra: { ...extra, options: '-c plan_cache_mode=force_generic_plan' },
    });
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async onModuleInit(): Promise<void> {
    await this.dataSource.initialize();
  }

  /** After the feed's consumer has stopped (Nest closes its microservices first). */
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { KafkaAdmin } from '../kafka/kafka-admin';

const TIMEOUT_MS = 2_000;

/** Up when the cluster answers a metadata request within the time-out. */
@Injectable()
export class KafkaHealthIndicator {
  constructor(
    private readonly admin: KafkaAdmin,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key: string): Promise<HealthIndicatorResult> {
    const session = this.health.check(key);
    try {
      const admin = await withTimeout(this.admin.client());
      const cluster = await withTimeout(admin.describeCluster());
      return session.up({ brokers: cluster.brokers.length });
    } catch (error) {
      await this.admin.reset();
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)),
      TIMEOUT_MS,
    );
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

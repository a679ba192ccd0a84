import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka, type Admin } from 'kafkajs';

/** A lazily connected admin client, reused for health checks and topic set-up. */
@Injectable()
export class KafkaAdmin implements OnApplicationShutdown {
  private admin?: Promise<Admin>;

  constructor(private readonly kafka: Kafka) {}

  async client(): Promise<Admin> {
    this.admin ??= this.connect();
    try {
      return await this.admin;
    } catch (error) {
      this.admin = undefined;
      throw error;
    }
  }

  /** Drops the connection so the next call reconnects (after a broker restart). */
  async reset(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    // A connect still retrying is not awaited: health must answer promptly.
    void admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.reset();
  }

  private async connect(): Promise<Admin> {
    const admin = this.kafka.admin({ retry: { retries: 1, initialRetryTime: 200 } });
    await admin.connect();
    return admin;
  }
}

import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/config.schema';
import { NotifiedLoop } from './notified-loop';

/**
 * A service whose work is one `round` after another of a NotifiedLoop on the service's database,
 * from the application's start to its shutdown, logged under the service's class name.
 */
export abstract class NotifiedLoopService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: NotifiedLoop;

  protected constructor(
    config: AppConfig,
    options: { pauseMs: number; channel: string; failure: string },
  ) {
    this.loop = new NotifiedLoop(
      { ...options, url: config.DATABASE_URL, logger: new Logger(new.target.name) },
      () => this.round(),
    );
  }

  protected abstract round(): Promise<void>;

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }
}

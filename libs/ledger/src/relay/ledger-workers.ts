import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Kafka, Partitioners, type Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { InjectConfig, KafkaAdmin, Metrics, type AppConfig } from '@taxchain/platform';
import { AuthorityKeys } from '../authority/authority-keys';
import { LedgerSettings } from '../ledger-settings';
import { AppendNotifications } from './append-notifications';
import { ChainLeases } from './chain-leases';
import { ChainWorker } from './chain-worker';
import { CosignatureCollector } from './cosignature-collector';
import { CheckpointNotes } from '../storage/checkpoint-notes';
import { Cosignatures } from '../storage/cosignatures';
import { Checkpointer } from './checkpointer';
import { EntryPublisher } from './entry-publisher';
import { ensureLedgerTopics } from './ledger-topics';

const LEASE_RETRY_MS = 2_000;
const POLL_MS = 250;
/** An idle chain's longest sleep: NOTIFY wakes it, this only bounds a lost notification. */
const SAFETY_POLL_MS = 30_000;

/**
 * Runs the relay and checkpointer for every chain this instance leads. Any number
 * of instances may run this; each chain has exactly one leader at a time.
 */
@Injectable()
export class LedgerWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LedgerWorkers.name);
  private readonly workers = new Map<number, ChainWorker>();
  private leases?: ChainLeases;
  private notifications?: AppendNotifications;
  private producer?: Producer;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  /** Workers of chains whose lease was lost, until they have stopped. */
  private stopping: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: Kafka,
    private readonly admin: KafkaAdmin,
    private readonly settings: LedgerSettings,
    private readonly authority: AuthorityKeys,
    @InjectConfig() private readonly config: AppConfig,
    private readonly metrics: Metrics,
    private readonly notes: CheckpointNotes,
    private readonly cosignatures: Cosignatures,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.workers) return;
    // At-least-once (consumers deduplicate by seq); one request in flight keeps each partition in seq order.
    this.producer = this.kafka.producer({
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.leases = new ChainLeases(this.config.DATABASE_URL, () => void this.stopAll());
    this.notifications = new AppendNotifications(this.config.DATABASE_URL, (chain) =>
      this.workers.get(chain)?.wake(),
    );
    // Kafka may be down at start: the ledger keeps accepting writes and the relay catches up later.
    void this.tick();
  }

  /** Chains this instance currently leads (for health and tests). */
  led(): number[] {
    return [...this.workers.keys()].sort((a, b) => a - b);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.stopAll();
    await this.notifications?.close();
    await this.leases?.release();
    await this.producer?.disconnect().catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.prepare();
      // A chain is led again only once its previous workers here have stopped.
      await this.stopping;
      for (const chain of await this.leases!.surplus(this.settings.chains)) {
        await this.stopWorker(chain);
        await this.leases!.yield(chain);
      }
      const led = await this.leases!.acquire(this.settings.chains);
      if (this.stopped) return;
      // The lease may have dropped during acquire: its workers must end before new ones start.
      await this.stopping;
      await Promise.all(
        [...this.workers.keys()].filter((chain) => !led.has(chain)).map((c) => this.stopWorker(c)),
      );
      for (const chain of led) if (!this.workers.has(chain)) this.startWorker(chain);
    } catch (error) {
      this.logger.warn(
        `ledger workers waiting: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    // A tick still running when the app shut down must not schedule another.
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), LEASE_RETRY_MS);
  }

  /** Stops every worker at once, e.g. when the lease connection dropped and others may lead now. */
  private stopAll(): Promise<void> {
    const stopped = [...this.workers.keys()].map((chain) => this.stopWorker(chain));
    this.stopping = Promise.all([this.stopping, ...stopped]).then(() => undefined);
    return this.stopping;
  }

  private async stopWorker(chain: number): Promise<void> {
    const worker = this.workers.get(chain);
    this.workers.delete(chain);
    await worker?.stop();
  }

  private prepared = false;

  private async prepare(): Promise<void> {
    // Appends committed while the listener was away notified nobody: every chain looks again.
    if (await this.notifications!.listen())
      for (const worker of this.workers.values()) worker.wake();
    if (this.prepared) return;
    await this.producer!.connect();
    await ensureLedgerTopics(await this.admin.client(), this.settings.topics, this.settings.chains);
    this.prepared = true;
  }

  private startWorker(chain: number): void {
    const publisher = new EntryPublisher(
      this.dataSource,
      this.producer!,
      chain,
      this.settings.topics,
    );
    const checkpointer = new Checkpointer(
      this.dataSource,
      chain,
      this.authority.current,
      this.settings.originPrefix,
      this.authority.trusted,
    );
    const worker = new ChainWorker(
      chain,
      publisher,
      checkpointer,
      {
        checkpointEvery: this.settings.checkpointEvery,
        checkpointIntervalMs: this.settings.checkpointIntervalMs,
        pollMs: POLL_MS,
        safetyPollMs: SAFETY_POLL_MS,
      },
      this.metrics.taxchain,
      new CosignatureCollector(
        this.dataSource,
        chain,
        this.settings.witnesses,
        this.notes,
        this.cosignatures,
      ),
    );
    this.workers.set(chain, worker);
    worker.start();
  }
}

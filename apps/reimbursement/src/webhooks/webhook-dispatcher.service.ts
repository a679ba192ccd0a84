import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { ChannelListener, InjectConfig, type AppConfig } from '@taxchain/platform';
import { EndpointLocks } from './endpoint-locks';
import { retryDelayMs, shouldDisable, type RetryPolicy } from './retry-schedule';
import { WebhookKeysRepository } from './webhook-keys.repository';
import { sendDelivery, type SenderLimits } from './webhook-sender';
import { signedHeaders } from './webhook-signature';
import { DELIVERIES_CHANNEL, WebhooksRepository } from './webhooks.repository';
import type { DueDelivery } from './webhook-endpoint';

/** Safety net beside NOTIFY: finds work a lost notification or a restart left behind. */
const SWEEP_MS = 2_000;

/**
 * Delivers the outbox: one loop per endpoint, so a hanging or failing receiver only ever holds
 * up its own queue. Each loop sends its endpoint's oldest undelivered message, in the order the
 * feed queued them (ledger order per invoice), and moves on only once it is delivered; a failure
 * holds the endpoint back by an exponential, jittered wait, and one failing for
 * WEBHOOKS_DISABLE_AFTER_MS is disabled. At least once: a crash between the send and the
 * record sends the message again, with the same webhook-id. Across instances, an endpoint's loop
 * runs only where its advisory lock is held (EndpointLocks), so two instances never deliver one
 * endpoint's queue at once, and its order and one webhook-id per event hold.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly running = new Map<string, Promise<void>>();
  private readonly wakeAgain = new Set<string>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private readonly notifications: ChannelListener;
  private readonly locks: EndpointLocks;
  private readonly limits: SenderLimits;
  private readonly policy: RetryPolicy;
  private sweepTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly keys: WebhookKeysRepository,
    @InjectConfig() config: AppConfig,
  ) {
    // NOTIFY is sent in the transaction that queued deliveries: it arrives at its commit.
    this.notifications = new ChannelListener(config.DATABASE_URL, DELIVERIES_CHANNEL, () =>
      this.sweep(),
    );
    this.locks = new EndpointLocks(config.DATABASE_URL);
    this.limits = {
      timeoutMs: config.WEBHOOKS_TIMEOUT_MS,
      responseMaxBytes: config.WEBHOOKS_RESPONSE_MAX_BYTES,
      allowLoopback: config.WEBHOOKS_ALLOW_LOOPBACK,
    };
    this.policy = {
      baseMs: config.WEBHOOKS_RETRY_BASE_MS,
      maxMs: config.WEBHOOKS_RETRY_MAX_MS,
      disableAfterMs: config.WEBHOOKS_DISABLE_AFTER_MS,
    };
  }

  onApplicationBootstrap(): void {
    const tick = () => {
      if (this.closed) return;
      this.notifications.listen().catch((error: Error) => {
        this.logger.warn(`cannot listen for queued deliveries (${error.message}); polling`);
      });
      this.sweep();
      this.sweepTimer = setTimeout(tick, SWEEP_MS);
    };
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.sweepTimer);
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    await this.notifications.close();
    await Promise.all(this.running.values());
    await this.locks.close();
  }

  /** Starts a loop for every endpoint with a delivery due. */
  private sweep(): void {
    if (this.closed) return;
    this.webhooks.endpointsWithWork().then(
      (endpoints) => endpoints.forEach((id) => this.wake(id)),
      (error: Error) => this.logger.warn(`cannot look for due deliveries: ${error.message}`),
    );
  }

  private wake(endpointId: string): void {
    if (this.closed) return;
    if (this.running.has(endpointId)) {
      this.wakeAgain.add(endpointId);
      return;
    }
    const loop = this.drain(endpointId)
      .catch((error: Error) => this.logger.error(`endpoint ${endpointId}: ${error.message}`))
      .finally(() => {
        this.running.delete(endpointId);
        if (this.wakeAgain.delete(endpointId)) this.wake(endpointId);
      });
    this.running.set(endpointId, loop);
  }

  /**
   * Sends the endpoint's due messages one after another until none is due, while this instance
   * holds the endpoint's lock; another instance holding it delivers them instead.
   */
  private async drain(endpointId: string): Promise<void> {
    if (!(await this.locks.acquire(endpointId))) return;
    try {
      while (!this.closed) {
        this.wakeAgain.delete(endpointId);
        const due = await this.webhooks.nextDue(endpointId);
        if (!due || !(await this.locks.holds(endpointId))) return;
        await this.attempt(endpointId, due);
      }
    } finally {
      await this.locks.release(endpointId);
    }
  }

  private async attempt(endpointId: string, due: DueDelivery): Promise<void> {
    const secrets = await this.keys.signing(due.companyTaxId);
    const headers = signedHeaders(due.messageId, due.body, secrets, new Date());
    const result = await sendDelivery(due.url, { ...headers }, due.body, this.limits);
    if (!result.error) {
      await this.webhooks.delivered(endpointId, due.deliveryId, result.status ?? 200);
      return;
    }
    const now = new Date();
    const failures = due.failedAttempts + 1;
    if (shouldDisable(due.failingSince, now, this.policy)) {
      const reason = `failing since ${due.failingSince?.toISOString()}; last: ${result.error}`;
      await this.webhooks.failed(
        endpointId,
        due.deliveryId,
        { ...result, error: result.error },
        {
          disable: reason,
        },
      );
      this.logger.warn(`endpoint ${endpointId} disabled: ${reason}`);
      return;
    }
    const retryInMs = retryDelayMs(failures, this.policy);
    await this.webhooks.failed(
      endpointId,
      due.deliveryId,
      { ...result, error: result.error },
      {
        retryInMs,
      },
    );
    clearTimeout(this.retryTimers.get(endpointId));
    this.retryTimers.set(
      endpointId,
      setTimeout(() => {
        this.retryTimers.delete(endpointId);
        this.wake(endpointId);
      }, retryInMs + 50),
    );
  }
}

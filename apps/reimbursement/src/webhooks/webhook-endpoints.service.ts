import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectConfig, type AppConfig } from '@taxchain/platform';
import { refusedUrl } from './ssrf-guard';
import { TEST_EVENT_TYPE, type WebhookMessage } from './webhook-events';
import type { WebhookDelivery, WebhookEndpoint } from './webhook-endpoint';
import { WebhookKeysRepository } from './webhook-keys.repository';
import { WebhooksException } from './webhooks.exception';
import { WebhooksRepository } from './webhooks.repository';

/** A company's endpoints: registered (SSRF-checked), listed, tested, replayed, removed. */
@Injectable()
export class WebhookEndpoints {
  private readonly allowLoopback: boolean;

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly keys: WebhookKeysRepository,
    @InjectConfig() config: AppConfig,
  ) {
    this.allowLoopback = config.WEBHOOKS_ALLOW_LOOPBACK;
  }

  async register(
    companyTaxId: string,
    url: string,
    eventTypes: string[],
  ): Promise<WebhookEndpoint> {
    const refused = await refusedUrl(new URL(url), this.allowLoopback);
    if (refused) throw WebhooksException.urlRefused(url, refused);
    await this.keys.ensure(companyTaxId);
    const endpointId = randomUUID();
    await this.webhooks.insertEndpoint({ endpointId, companyTaxId, url, eventTypes });
    return this.get(companyTaxId, endpointId);
  }

  async get(companyTaxId: string, endpointId: string): Promise<WebhookEndpoint> {
    const endpoint = await this.webhooks.endpoint(companyTaxId, endpointId);
    if (!endpoint) throw WebhooksException.endpointNotFound(endpointId);
    return endpoint;
  }

  list(companyTaxId: string): Promise<WebhookEndpoint[]> {
    return this.webhooks.endpoints(companyTaxId);
  }

  async remove(companyTaxId: string, endpointId: string): Promise<void> {
    if (!(await this.webhooks.deleteEndpoint(companyTaxId, endpointId)))
      throw WebhooksException.endpointNotFound(endpointId);
  }

  async enable(companyTaxId: string, endpointId: string): Promise<WebhookEndpoint> {
    await this.get(companyTaxId, endpointId);
    await this.webhooks.enable(companyTaxId, endpointId);
    return this.get(companyTaxId, endpointId);
  }

  /** Queues a `webhook.test` message to this endpoint alone; its id is returned. */
  async sendTest(companyTaxId: string, endpointId: string): Promise<string> {
    await this.get(companyTaxId, endpointId);
    const messageId = `msg_test_${randomUUID().replaceAll('-', '')}`;
    const message: WebhookMessage = {
      companyTaxId,
      messageId,
      type: TEST_EVENT_TYPE,
      body: JSON.stringify({
        type: TEST_EVENT_TYPE,
        timestamp: new Date().toISOString(),
        data: { endpointId },
      }),
    };
    await this.webhooks.enqueueFor(endpointId, message);
    return messageId;
  }

  async deliveries(
    companyTaxId: string,
    endpointId: string,
    after: string,
    limit: number,
  ): Promise<WebhookDelivery[]> {
    await this.get(companyTaxId, endpointId);
    return this.webhooks.deliveries(endpointId, after, limit);
  }

  async replay(
    companyTaxId: string,
    endpointId: string,
    from: { since: Date } | { messageId: string },
  ): Promise<number> {
    await this.get(companyTaxId, endpointId);
    if ('messageId' in from && !(await this.webhooks.hasMessage(endpointId, from.messageId)))
      throw WebhooksException.messageNotFound(from.messageId);
    return this.webhooks.replay(endpointId, from);
  }
}

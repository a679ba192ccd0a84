import { Module } from '@nestjs/common';
import { DeliveryHealthController } from './delivery-health.controller';
import { IssuedSubscribers } from './issued-subscribers';
import { WebhookDispatcher } from './webhook-dispatcher.service';
import { WebhookEndpoints } from './webhook-endpoints.service';
import { WebhookFeedController } from './webhook-feed.controller';
import { WebhookKeysController } from './webhook-keys.controller';
import { WebhookKeysRepository } from './webhook-keys.repository';
import { WebhookOutbox } from './webhook-outbox.service';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';

/** Standard Webhooks to buyer companies, queued from the ledger feed and delivered per endpoint. */
@Module({
  controllers: [
    WebhooksController,
    WebhookKeysController,
    WebhookFeedController,
    DeliveryHealthController,
  ],
  providers: [
    WebhooksRepository,
    WebhookKeysRepository,
    WebhookOutbox,
    IssuedSubscribers,
    WebhookEndpoints,
    WebhookDispatcher,
  ],
  exports: [WebhookOutbox],
})
export class WebhooksModule {}

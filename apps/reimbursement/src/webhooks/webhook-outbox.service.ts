import { Injectable, Logger } from '@nestjs/common';
import { LedgerKinds } from '@taxchain/contracts';
import {
  parseFeedEvents,
  type FeedEvent,
  type LedgerEntry,
  type ParsedFeedEvent,
} from '@taxchain/ledger';
import type { SqlStatement } from '@taxchain/platform';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { CreditedEvent, IssuedEvent, VoidedEvent } from '../feed/invoice-payloads';
import { ledgerMessage, type WebhookMessage } from './webhook-events';
import { IssuedSubscribers } from './issued-subscribers';
import { WebhooksRepository } from './webhooks.repository';

const settledSchema = z.object({
  claimId: z.string().min(1),
  invoiceNumber: z.string().min(1),
  buyerTaxId: z.string().min(1),
  amount: z.string().min(1),
});

/**
 * Turns the feed's events into webhook messages for the buyer they concern, queued in the
 * feed's own transaction: the read model, the feed position and the outbox commit together,
 * so no applied event ever lacks its deliveries, and none is queued twice.
 */
@Injectable()
export class WebhookOutbox {
  private readonly logger = new Logger(WebhookOutbox.name);

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly issuedSubscribers: IssuedSubscribers,
  ) {}

  /**
   * The webhook messages of a run of issued invoices, as the statement that queues them (none for
   * no invoice). Built only for buyers with an endpoint subscribed to invoice.issued; the
   * statement refuses the run if another buyer of it has one by then (IssuedSubscribers).
   */
  async issued(events: Array<ParsedFeedEvent<IssuedEvent>>): Promise<SqlStatement[]> {
    if (events.length === 0) return [];
    const subscribers = await this.issuedSubscribers.forRun(events[0].entry);
    const messages: WebhookMessage[] = [];
    const unbuilt = new Set<string>();
    for (const { entry, event } of events) {
      const buyer = event.document.buyer.taxId;
      if (!subscribers.has(buyer)) {
        unbuilt.add(buyer);
        continue;
      }
      // Only invoices fit invoice.issued: a credit note reaches the buyer as invoice.credited.
      messages.push(
        ledgerMessage(buyer, 'invoice.issued', entry, {
          invoiceNumber: event.invoiceNumber,
          checkCode: event.checkCode,
          documentNumber: event.document.documentNumber,
          seller: event.document.seller,
          issueDate: event.document.issueDate,
          currency: event.document.currency,
          totals: event.document.totals,
        }),
      );
    }
    return [
      this.webhooks.enqueueStatement(messages, {
        type: 'invoice.issued',
        companies: [...unbuilt],
      }),
    ];
  }

  async voided(tx: EntityManager, voided: Array<ParsedFeedEvent<VoidedEvent>>): Promise<void> {
    await this.toBuyersOf(tx, voided, (buyer, { entry }) =>
      ledgerMessage(buyer, 'invoice.voided', entry, { invoiceNumber: entry.subject }),
    );
  }

  async credited(
    tx: EntityManager,
    credited: Array<ParsedFeedEvent<CreditedEvent>>,
  ): Promise<void> {
    await this.toBuyersOf(tx, credited, (buyer, { entry, event }) =>
      ledgerMessage(buyer, 'invoice.credited', entry, {
        invoiceNumber: entry.subject,
        creditNoteNumber: event.creditNoteNumber,
        remainingGross: event.remainingGross,
      }),
    );
  }

  async settled(tx: EntityManager, events: FeedEvent[]): Promise<void> {
    const messages = parseFeedEvents(settledSchema, events, this.logger).map(({ entry, event }) =>
      ledgerMessage(event.buyerTaxId, 'claim.settled', entry, {
        claimId: event.claimId,
        invoiceNumber: event.invoiceNumber,
        settlement: entry.kind === LedgerKinds.reimbursementCompleted ? 'completed' : 'released',
        amount: event.amount,
      }),
    );
    await this.webhooks.enqueue(tx, messages);
  }

  /**
   * Queues a message for the buyer of each entry's invoice (its subject), found in the read model
   * the same feed built: the invoice was issued earlier on the same chain.
   */
  private async toBuyersOf<E extends { entry: LedgerEntry }>(
    tx: EntityManager,
    parsed: E[],
    build: (buyer: string, parsed: E) => WebhookMessage,
  ): Promise<void> {
    if (parsed.length === 0) return;
    const rows = await tx.query<Array<{ invoice_number: string; buyer_tax_id: string }>>(
      `SELECT invoice_number, buyer_tax_id FROM reimbursement.invoices
       WHERE invoice_number = ANY ($1)`,
      [parsed.map(({ entry }) => entry.subject)],
    );
    const buyers = new Map(rows.map((r) => [r.invoice_number, r.buyer_tax_id]));
    const messages = parsed.flatMap((p) => {
      const buyer = buyers.get(p.entry.subject);
      return buyer ? [build(buyer, p)] : [];
    });
    await this.webhooks.enqueue(tx, messages);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { parseFeedEvents, type FeedEvent } from '@taxchain/ledger';
import type { EntityManager } from 'typeorm';
import { InvoicesRepository } from '../invoices/invoices.repository';
import {
  invoiceCreditedSchema,
  invoiceIssuedSchema,
  invoiceVoidedSchema,
} from './invoice-payloads';

/**
 * Applies runs of invoice events to the read model inside the feed's transaction, one
 * statement per run. An entry whose payload does not fit is logged and skipped: it is in the
 * ledger forever, and refusing it would stop its chain for every later invoice.
 */
@Injectable()
export class InvoiceReadModel {
  private readonly logger = new Logger(InvoiceReadModel.name);

  constructor(private readonly invoices: InvoicesRepository) {}

  async issued(tx: EntityManager, events: FeedEvent[]): Promise<void> {
    const invoices = parseFeedEvents(invoiceIssuedSchema, events, this.logger).map(
      ({ entry, event }) => ({
        invoiceNumber: event.invoiceNumber,
        kind: event.document.kind,
        seller: event.document.seller,
        buyer: event.document.buyer,
        documentNumber: event.document.documentNumber,
        issueDate: event.document.issueDate,
        currency: event.document.currency,
        ...event.document.totals,
        checkCode: event.checkCode,
        keyId: event.document.keyId,
        chain: entry.chain,
        seq: entry.seq,
        entryHash: entry.entryHash,
        issuedAt: entry.recordedAt,
      }),
    );
    await this.invoices.insertIssued(tx, invoices);
  }

  async voided(tx: EntityManager, events: FeedEvent[]): Promise<void> {
    // The subject is what the ledger chained: the voided invoice's number.
    const voids = parseFeedEvents(invoiceVoidedSchema, events, this.logger).map(({ entry }) => ({
      invoiceNumber: entry.subject,
      at: entry.recordedAt,
    }));
    await this.invoices.markVoided(tx, voids);
  }

  async credited(tx: EntityManager, events: FeedEvent[]): Promise<void> {
    const remaining = parseFeedEvents(invoiceCreditedSchema, events, this.logger).map(
      ({ entry, event }) => ({
        invoiceNumber: entry.subject,
        remainingGross: event.remainingGross,
      }),
    );
    await this.invoices.setRemaining(tx, remaining);
  }
}

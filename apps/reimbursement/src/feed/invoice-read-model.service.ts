import { Injectable, Logger } from '@nestjs/common';
import type { LedgerEntry } from '@taxchain/ledger';
import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { InvoicesRepository } from '../invoices/invoices.repository';
import {
  invoiceCreditedSchema,
  invoiceIssuedSchema,
  invoiceVoidedSchema,
} from './invoice-payloads';

/**
 * Applies invoice events to the read model inside the feed's transaction. An entry whose
 * payload does not fit is logged and skipped: it is in the ledger forever, and refusing it
 * would stop its chain for every later invoice.
 */
@Injectable()
export class InvoiceReadModel {
  private readonly logger = new Logger(InvoiceReadModel.name);

  constructor(private readonly invoices: InvoicesRepository) {}

  async issued(tx: EntityManager, entry: LedgerEntry, payload: unknown): Promise<void> {
    const event = this.parse(invoiceIssuedSchema, entry, payload);
    if (!event) return;
    const { document } = event;
    await this.invoices.insertIssued(tx, {
      invoiceNumber: event.invoiceNumber,
      kind: document.kind,
      seller: document.seller,
      buyer: document.buyer,
      documentNumber: document.documentNumber,
      issueDate: document.issueDate,
      currency: document.currency,
      ...document.totals,
      checkCode: event.checkCode,
      keyId: document.keyId,
      chain: entry.chain,
      seq: entry.seq,
      entryHash: entry.entryHash,
      issuedAt: entry.recordedAt,
    });
  }

  async voided(tx: EntityManager, entry: LedgerEntry, payload: unknown): Promise<void> {
    if (!this.parse(invoiceVoidedSchema, entry, payload)) return;
    // The subject is what the ledger chained: the voided invoice's number.
    await this.invoices.markVoided(tx, entry.subject, entry.recordedAt);
  }

  async credited(tx: EntityManager, entry: LedgerEntry, payload: unknown): Promise<void> {
    const event = this.parse(invoiceCreditedSchema, entry, payload);
    if (!event) return;
    await this.invoices.setRemaining(tx, entry.subject, event.remainingGross);
  }

  private parse<S extends z.ZodType>(
    schema: S,
    entry: LedgerEntry,
    payload: unknown,
  ): z.infer<S> | undefined {
    const parsed = schema.safeParse(payload);
    if (parsed.success) return parsed.data;
    this.logger.error(
      `${entry.kind} at chain ${entry.chain} seq ${entry.seq} skipped: ${parsed.error.message}`,
    );
    return undefined;
  }
}

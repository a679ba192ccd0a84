import { Injectable } from '@nestjs/common';
import type { ParsedFeedEvent } from '@taxchain/ledger';
import type { SqlStatement } from '@taxchain/platform';
import type { EntityManager } from 'typeorm';
import { creditNoteCheckCode, negated } from '../invoices/credit-note';
import { InvoicesRepository } from '../invoices/invoices.repository';
import type { CreditedEvent, IssuedEvent, VoidedEvent } from './invoice-payloads';

/**
 * Applies runs of invoice events to the read model inside the feed's transaction, one
 * statement per run. Only the entries whose payload fits reach it (the controller skips the
 * others: they are in the ledger forever, and refusing one would stop its chain).
 */
@Injectable()
export class InvoiceReadModel {
  constructor(private readonly invoices: InvoicesRepository) {}

  /**
   * A run of invoice.issued entries as the statement that records them, for the caller to run
   * with the run's other writes (none if no payload fits).
   */
  issued(events: Array<ParsedFeedEvent<IssuedEvent>>): SqlStatement[] {
    const invoices = events.map(({ entry, event }) => ({
      invoiceNumber: event.invoiceNumber,
      kind: event.document.kind,
      reverses: null,
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
    }));
    return invoices.length > 0 ? [this.invoices.insertIssuedStatement(invoices)] : [];
  }

  async voided(tx: EntityManager, events: Array<ParsedFeedEvent<VoidedEvent>>): Promise<void> {
    // The subject is what the ledger chained: the voided invoice's number.
    const voids = events.map(({ entry }) => ({
      invoiceNumber: entry.subject,
      at: entry.recordedAt,
    }));
    await this.invoices.markVoided(tx, voids);
  }

  /**
   * A credit note is a document in its own right: its row (negative amounts, reversing the
   * entry's subject), and what remains of its original.
   */
  async credited(tx: EntityManager, credits: Array<ParsedFeedEvent<CreditedEvent>>): Promise<void> {
    const notes = credits.map(({ entry, event }) => {
      const { document } = event;
      return {
        invoiceNumber: event.creditNoteNumber,
        kind: 'credit-note' as const,
        reverses: entry.subject,
        seller: document.seller,
        buyer: document.buyer,
        documentNumber: document.documentNumber,
        issueDate: document.issueDate,
        currency: document.currency,
        net: negated(document.totals.net),
        tax: negated(document.totals.tax),
        gross: negated(document.totals.gross),
        checkCode: creditNoteCheckCode(event.creditNoteNumber, entry.payload),
        keyId: document.keyId,
        chain: entry.chain,
        seq: entry.seq,
        entryHash: entry.entryHash,
        issuedAt: entry.recordedAt,
      };
    });
    await this.invoices.insertIssued(tx, notes);
    const remaining = credits.map(({ entry, event }) => ({
      invoiceNumber: entry.subject,
      remainingGross: event.remainingGross,
    }));
    await this.invoices.setRemaining(tx, remaining);
  }
}

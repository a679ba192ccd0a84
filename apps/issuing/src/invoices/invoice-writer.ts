import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { checkCode, type SignedInvoice } from '@taxchain/contracts';
import {
  CanonicalizationError,
  canonicalJson,
  sha256,
  toHex,
  type EntryDraft,
  type SharedStep,
} from '@taxchain/ledger';
import { KeysException } from '../keys/keys.exception';
import type { CheckedInvoice } from './invoice-checks.service';
import { formatInvoiceNumber } from './invoice-number';
import type { InvoiceRecord, NewInvoice } from './invoice-record';
import { InvoicesException, InvoicesExceptionCode } from './invoices.exception';
import { InvoiceSequence } from './invoice-sequence';
import { InvoicesRepository, type InsertAnswer } from './invoices.repository';

type Submitted = Pick<NewInvoice, 'sellerTaxId' | 'documentNumber' | 'document' | 'signature'>;

/** What writing a row found: the original of a retry, or the new row's buyer registration. */
export type Written = { original: InvoiceRecord } | { buyerRegistered: boolean };

/** Numbers new invoices and credit notes and writes their rows, idempotent on the document number. */
@Injectable()
export class InvoiceWriter {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly sequence: InvoiceSequence,
    private readonly db: DataSource,
  ) {}

  /**
   * What a unit that found its original records: nothing, unless the original has no entry hash
   * yet, i.e. it was written by another unit of this same, uncommitted batch. Repeating that
   * unit's identity makes the appender defer this one to the next batch, where it is a replay.
   */
  static replayEntries(original: InvoiceRecord, draft: EntryDraft): EntryDraft[] {
    return original.entryHash ? [] : [draft];
  }

  /** The committed original of a document the ledger reported as already recorded. */
  async committedOriginal(invoice: NewInvoice): Promise<InvoiceRecord> {
    const original = await this.original(this.db.manager, invoice);
    if (!original) throw new Error(`${invoice.documentNumber}: recorded on the ledger, no row`);
    return original;
  }

  /**
   * A retry answered before any check: the same signed document stays the same invoice even
   * after, say, its key was revoked. Races are settled again inside the unit of work.
   */
  async earlierIssue(taxId: string, signed: SignedInvoice): Promise<InvoiceRecord | undefined> {
    const { invoice, signature } = signed;
    if (invoice.seller.taxId !== taxId) return undefined;
    const submitted = {
      sellerTaxId: taxId,
      documentNumber: invoice.documentNumber,
      document: invoice,
      signature,
    };
    const original = await this.original(this.db.manager, submitted);
    return original?.entryHash ? original : undefined;
  }

  /** The row to write, with its number drawn now: before the unit of work, whose subject it is. */
  async prepare(signed: SignedInvoice, checked: CheckedInvoice): Promise<NewInvoice> {
    const { invoice } = signed;
    const invoiceNumber = formatInvoiceNumber({
      issueDate: invoice.issueDate,
      sellerRegion: checked.sellerRegion,
      sequence: await this.sequence.next(),
    });
    return {
      invoiceNumber,
      sellerTaxId: invoice.seller.taxId,
      documentNumber: invoice.documentNumber,
      buyerTaxId: invoice.buyer.taxId,
      buyerName: invoice.buyer.name,
      issueDate: invoice.issueDate,
      currency: invoice.currency,
      net: invoice.totals.net,
      tax: invoice.totals.tax,
      gross: invoice.totals.gross,
      kind: invoice.kind,
      creditedInvoiceNumber: invoice.creditedInvoiceNumber ?? null,
      // payloadHash(invoice), from the bytes the signature check canonicalized.
      checkCode: checkCode(invoiceNumber, toHex(sha256(checked.signedDocument.bytes))),
      document: invoice,
      signature: signed.signature,
    };
  }

  /**
   * The invoice rows of one ledger transaction, written in one statement (see `insertOrReplay`):
   * a unit of work names it as its shared step and passes its answer on.
   */
  readonly insertStep: SharedStep<NewInvoice, InsertAnswer> = {
    run: (tx, invoices) => this.invoices.insertIfNew(tx, invoices),
  };

  /**
   * Inserts the row, or finds the original when this exact signed document was issued before.
   * A new row's signing key must still be the seller's and unrevoked, and stays so until the
   * transaction ends (the check inside the unit of work: the one before it may be cached).
   * `answer` is what `insertStep` already found for this row; without it the row is written now.
   */
  async insertOrReplay(
    tx: EntityManager,
    invoice: NewInvoice,
    answer?: InsertAnswer,
  ): Promise<Written> {
    const found = answer ?? (await this.invoices.insertIfNew(tx, [invoice]))[0];
    if (found.inserted) return { buyerRegistered: found.buyerRegistered };
    const original = await this.original(tx, invoice);
    if (original) return { original };
    if (found.key === 'unknown') throw KeysException.unknownKey(invoice.document.keyId);
    if (found.key === 'revoked') throw KeysException.revokedKey(invoice.document.keyId);
    throw new Error(`invoice ${invoice.documentNumber}: conflict without a row`);
  }

  /**
   * The invoice already issued under this document number when it is the same signed document
   * (a retry: same canonical JSON and signature); 409 when the number was used for another.
   */
  async original(tx: EntityManager, invoice: Submitted): Promise<InvoiceRecord | undefined> {
    const existing = await this.invoices.findByDocument(
      tx,
      invoice.sellerTaxId,
      invoice.documentNumber,
    );
    if (!existing) return undefined;
    const same =
      existing.signature === invoice.signature &&
      canonicalJson(existing.document) === canonicalOrUndefined(invoice.document);
    if (!same)
      throw new InvoicesException(
        InvoicesExceptionCode.DocumentNumberConflict,
        `Document number ${invoice.documentNumber} was used for invoice ${existing.invoiceNumber}, with different content.`,
        { invoiceNumber: existing.invoiceNumber },
      );
    return existing;
  }
}

/** A document with no canonical form (a lone surrogate) is simply not the one issued before. */
function canonicalOrUndefined(document: unknown): string | undefined {
  try {
    return canonicalJson(document);
  } catch (error) {
    if (error instanceof CanonicalizationError) return undefined;
    throw error;
  }
}

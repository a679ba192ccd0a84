import { Injectable } from '@nestjs/common';
import { LedgerKinds } from '@taxchain/contracts';
import { LedgerProofs, type SubjectProof } from '@taxchain/ledger';
import type { Invoice } from './invoice';
import { InvoicesException } from './invoices.exception';
import { InvoicesRepository } from './invoices.repository';
import { MerchantSignatures, type SignatureVerdict } from './merchant-signatures';

export interface InvoiceVerification {
  invoice: Invoice;
  merchantSignature: SignatureVerdict;
  proof: SubjectProof;
}

export interface BatchItem {
  invoiceNumber: string;
  checkCode: string;
}

export type BatchOutcome =
  | { invoiceNumber: string; outcome: 'verified'; invoice: Invoice }
  /** Unknown here, possibly still in flight: worth asking again shortly. */
  | { invoiceNumber: string; outcome: 'unknown' }
  | { invoiceNumber: string; outcome: 'not-found' };

/** What a buyer checks before paying: the invoice's state, signature and ledger proof. */
@Injectable()
export class VerifyInvoice {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly proofs: LedgerProofs,
    private readonly signatures: MerchantSignatures,
  ) {}

  async one(invoiceNumber: string, checkCode: string): Promise<InvoiceVerification> {
    const invoice = await this.invoices.find(invoiceNumber);
    if (!invoice) throw InvoicesException.notFound(invoiceNumber, true);
    if (invoice.checkCode !== checkCode) throw InvoicesException.notFound(invoiceNumber, false);
    const proof = await this.proofs.forSubject(invoiceNumber);
    const issued = proof.entries.find((p) => p.entry.kind === LedgerKinds.invoiceIssued);
    const merchantSignature = issued ? await this.signatures.check(issued.entry) : 'unknown-key';
    return { invoice, merchantSignature, proof };
  }

  /** Read model only, one query: proofs are per invoice, through one(). */
  async batch(items: BatchItem[]): Promise<BatchOutcome[]> {
    const found = new Map(
      (await this.invoices.findMany(items.map((i) => i.invoiceNumber))).map((invoice) => [
        invoice.invoiceNumber,
        invoice,
      ]),
    );
    return items.map(({ invoiceNumber, checkCode }): BatchOutcome => {
      const invoice = found.get(invoiceNumber);
      if (!invoice) return { invoiceNumber, outcome: 'unknown' };
      if (invoice.checkCode !== checkCode) return { invoiceNumber, outcome: 'not-found' };
      return { invoiceNumber, outcome: 'verified', invoice };
    });
  }
}

import { Injectable } from '@nestjs/common';
import { LedgerKinds } from '@taxchain/contracts';
import {
  AuthorityKeys,
  ENTRY_FAULT_DETAIL,
  LedgerProofs,
  LedgerSettings,
  entryFault,
  type LedgerEntry,
  type SubjectProof,
} from '@taxchain/ledger';
import { chainVerdict, invalid, type ChainVerdict } from './chain-verdict';
import { beyondLedger, withLedgerFacts, type Invoice } from './invoice';
import { InvoicesException } from './invoices.exception';
import { InvoicesRepository } from './invoices.repository';
import { readModelDisagreement } from './ledger-agreement';
import { LedgerDocuments, notWithCode, type LedgerDocument } from './ledger-documents';
import {
  LedgerInvoiceFactsReader,
  ledgerInvoiceFacts,
  type LedgerInvoiceFacts,
} from './ledger-invoice-facts';
import { MerchantSignatures, type SignatureVerdict } from './merchant-signatures';
import { authenticStatement, statementMismatch } from './qr-statement';
import { recordedDocument } from './recorded-document';

export interface InvoiceVerification {
  invoice: Invoice;
  merchantSignature: SignatureVerdict;
  chain: ChainVerdict;
  proof: SubjectProof;
}

export interface BatchItem {
  invoiceNumber: string;
  checkCode: string;
}

export type BatchOutcome =
  | {
      invoiceNumber: string;
      outcome: 'verified';
      invoice: Invoice;
      merchantSignature: SignatureVerdict;
    }
  /** Unknown here, possibly still in flight: worth asking again shortly. */
  | { invoiceNumber: string; outcome: 'unknown' }
  | { invoiceNumber: string; outcome: 'not-found' }
  /** The ledger entry is not what was hashed, or the row shown is not what the ledger says. */
  | { invoiceNumber: string; outcome: 'invalid'; problem: string };

/** What a buyer checks before paying: the invoice's state, signature and ledger proof. */
@Injectable()
export class VerifyInvoice {
  constructor(
    private readonly invoices: InvoicesRepository,
    private readonly proofs: LedgerProofs,
    private readonly signatures: MerchantSignatures,
    private readonly authority: AuthorityKeys,
    private readonly ledger: LedgerDocuments,
    private readonly settings: LedgerSettings,
    private readonly facts: LedgerInvoiceFactsReader,
  ) {}

  /**
   * `viewer` is the calling company: other companies' claim details are withheld from it. The
   * check code is compared with the ledger's, as the QR code's is: a row whose code was changed
   * behind the feed is answered by the true code, and named invalid, never by the changed one.
   */
  async one(
    invoiceNumber: string,
    checkCode: string,
    viewer: string,
  ): Promise<InvoiceVerification> {
    const [recorded, invoice] = await Promise.all([
      this.ledger.find([invoiceNumber]),
      this.invoices.find(invoiceNumber),
    ]);
    // An entry that is not what the ledger hashed goes on to verify-on-read, which refuses it.
    if (notWithCode(recorded.get(invoiceNumber), checkCode))
      throw InvoicesException.notFound(invoiceNumber);
    // The ledger holds the number with this code: the feed has yet to deliver it.
    if (!invoice) throw InvoicesException.notYetVisible(invoiceNumber);
    return this.verified(invoice, viewer);
  }

  /** The row with the ledger's proof, voids, credits and signature, and where it departs from them. */
  private async verified(invoice: Invoice, viewer: string): Promise<InvoiceVerification> {
    const { invoiceNumber } = invoice;
    const full =
      invoice.kind === 'credit-note'
        ? await this.proofs.forCreditNote(invoiceNumber)
        : await this.proofs.forSubject(invoiceNumber);
    const issued = recordingEntry(invoice, full)?.entry;
    const facts = factsOf(invoice, ledgerInvoiceFacts(full.entries.map(({ entry }) => entry)));
    const chain = agreed(
      chainVerdict(invoiceNumber, full, this.authority.trusted, this.settings.verifyPolicy),
      invoice,
      issued,
      facts,
    );
    const proof = withheldFrom(viewer, full);
    const merchantSignature = issued ? await this.signatures.check(issued) : 'unknown-key';
    return { invoice: withLedgerFacts(invoice, facts), merchantSignature, chain, proof };
  }

  /**
   * The printed QR code: the tax authority's signed statement (docs/spec/qr.md), verified, then
   * each fact it states compared with the ledger entry that recorded the document.
   */
  async byQr(text: string, viewer: string): Promise<InvoiceVerification> {
    const statement = authenticStatement(text, this.authority.trusted);
    const { n: number, c: code } = statement;
    // Only the authority signs a statement: naming the member that differs tells a forger nothing.
    const recorded = (await this.ledger.find([number])).get(number);
    if (!recorded) throw InvoicesException.qrMismatch(number, 'n');
    if (notWithCode(recorded, code)) throw InvoicesException.qrMismatch(number, 'c');
    // The code was compared with the ledger's: a row whose code was changed behind the feed is
    // answered, and named invalid, not taken for another invoice.
    const invoice = await this.invoices.find(number);
    if (!invoice) throw InvoicesException.notYetVisible(number);
    const verification = await this.verified(invoice, viewer);
    const issued = recordingEntry(verification.invoice, verification.proof)?.entry;
    const member = issued ? statementMismatch(statement, issued) : 'h';
    if (member) throw InvoicesException.qrMismatch(number, member);
    return verification;
  }

  /** Read model, signatures, voids and credits, three queries: proofs are per invoice, through one(). */
  async batch(items: BatchItem[]): Promise<BatchOutcome[]> {
    const numbers = items.map((i) => i.invoiceNumber);
    const [invoices, signatures, recordedFacts] = await Promise.all([
      this.invoices.findMany(numbers),
      this.signatures.ofInvoices(numbers),
      this.facts.ofInvoices(numbers),
    ]);
    const found = new Map(invoices.map((invoice) => [invoice.invoiceNumber, invoice]));
    const missing = numbers.filter((n) => !found.has(n));
    const recorded = missing.length
      ? await this.ledger.find(missing)
      : new Map<string, LedgerDocument>();
    return items.map(({ invoiceNumber, checkCode }): BatchOutcome => {
      const invoice = found.get(invoiceNumber);
      if (!invoice)
        return notWithCode(recorded.get(invoiceNumber), checkCode)
          ? { invoiceNumber, outcome: 'not-found' }
          : { invoiceNumber, outcome: 'unknown' };
      // The code the ledger's recording entry states, as one() compares it, not the row's.
      const signed = signatures.get(invoiceNumber);
      if (!signed || recordedDocument(signed.entry)?.checkCode !== checkCode)
        return { invoiceNumber, outcome: 'not-found' };
      const checked = recordedFacts.get(invoiceNumber) ?? { facts: { voided: false } };
      if ('fault' in checked) return { invoiceNumber, outcome: 'invalid', problem: checked.fault };
      const facts = factsOf(invoice, checked.facts);
      // What is shown must be what the ledger hashed: the entry as stored, and the row beside it.
      const { chainProblem } = agreed({ chain: 'valid' }, invoice, signed.entry, facts);
      if (chainProblem) return { invoiceNumber, outcome: 'invalid', problem: chainProblem };
      const merchantSignature = signed.verdict;
      const shown = withLedgerFacts(invoice, facts);
      return { invoiceNumber, outcome: 'verified', invoice: shown, merchantSignature };
    });
  }
}

/** The entry that records the document: an invoice's invoice.issued, a credit note's invoice.credited. */
function recordingEntry(
  invoice: Invoice,
  proof: SubjectProof,
): SubjectProof['entries'][number] | undefined {
  const kind =
    invoice.kind === 'credit-note' ? LedgerKinds.invoiceCredited : LedgerKinds.invoiceIssued;
  return proof.entries.find((p) => p.entry.kind === kind);
}

/** The voids and credits that bear on the document: a credit note is neither voided nor credited. */
function factsOf(invoice: Invoice, facts: LedgerInvoiceFacts): LedgerInvoiceFacts {
  return invoice.kind === 'invoice' ? facts : { voided: false };
}

/**
 * A verdict that also requires the read model, which is what this service shows and claims on,
 * to say what the document's recording entry says, and no void or credit the ledger does not
 * record: a row changed after the feed wrote it is named. (The state shown is then the ledger's:
 * a void or credit the feed has yet to deliver counts already.)
 */
function agreed(
  verdict: ChainVerdict,
  invoice: Invoice,
  issued: LedgerEntry | undefined,
  facts: LedgerInvoiceFacts,
): ChainVerdict {
  if (verdict.chain === 'invalid') return verdict;
  if (!issued) return invalid('no ledger entry records the document');
  const fault = entryFault(issued);
  if (fault) return invalid(`seq ${issued.seq}: ${ENTRY_FAULT_DETAIL[fault]}`);
  const field = readModelDisagreement(invoice, issued);
  if (field)
    return invalid(`${field} differs from the ledger's ${issued.kind} (seq ${issued.seq})`);
  const beyond = beyondLedger(invoice, facts);
  return beyond ? invalid(beyond) : verdict;
}

/**
 * A reimbursement entry of another company keeps its hashes and inclusion path but not its
 * payload, in the entry and in its proof bundle alike (whose payload is then null, which no
 * verifier takes for proven): expense references are that company's business.
 */
function withheldFrom(viewer: string, proof: SubjectProof): SubjectProof {
  const entries = proof.entries.map((proven) => {
    const { entry } = proven;
    if (!entry.kind.startsWith('reimbursement.') || entry.actor === `company:${viewer}`)
      return proven;
    const bundle = proven.proof && {
      ...proven.proof,
      entry: { ...proven.proof.entry, payload: null },
    };
    return { entry: { ...entry, payload: '{"withheld":true}' }, proof: bundle };
  });
  return { ...proof, entries };
}

import { ApiProblemResponse } from '@taxchain/platform';
import { EXAMPLE } from './dto/examples';

/** When an unknown number is final and when it is worth asking again: verify and claim alike. */
export const NOT_FOUND_RULE = [
  'An invoice reaches this service over the ledger feed, moments after it is issued. A number',
  'this service has not received yet is looked up in the ledger itself: if the ledger records it',
  '(an `invoice.issued` entry, or an `invoice.credited` entry naming it as `creditNoteNumber`)',
  'with this check code, the answer is 503 `not-yet-visible` with `retryable: true` and',
  '`Retry-After` (seconds), for as long as the feed needs to deliver it (normally well under a',
  'second; a chain paused by a feed break keeps it so until an operator resolves the break). If',
  'the ledger does not record it, the answer is a final 404 `invoice-not-found` at once: a',
  "merchant's issue is acknowledged only after its ledger entry has committed, so no number",
  'anyone was given can be missing from the ledger.',
].join('\n');

/** How a credit note reads here: a document of its own, verified like an invoice, never claimed. */
export const CREDIT_NOTE_RULE = [
  'A credit note (红字发票) is verified by its own number and check code like an invoice:',
  '`kind: credit-note`, its amounts negative (what it takes back), `reverses` naming the invoice it',
  'credits, and its proof the `invoice.credited` ledger entry that records it. The invoice it',
  'reverses lists it in `creditedBy`. A credit note is never claimable: a claim on one is 422',
  '`not-claimable`.',
].join('\n');

/** What POST /invoices/verify-qr checks, in order, and how each failure is answered. */
export const QR_RULE = [
  "The body carries the scanned text of the QR code, version 2: the tax authority's signed statement",
  '(docs/spec/qr.md). It is checked in this order, stopping at the first failure, and nothing is',
  'written. (1) The text is the canonical JSON of a statement with exactly the members of qr.md, each',
  'of its type: else 400 `qr-unreadable`; a version 1 text, which nobody signed, is 400',
  '`qr-unsigned` (verify it by its printed number and check code instead). (2) `k` names a key of',
  "the tax authority: else 422 `qr-unknown-key`. (3) `sig` is that key's signature over the",
  'statement: else 422 `qr-bad-signature`. (4) Every fact it states is what the ledger entry that',
  'recorded the document gives (number, issue date, check code, gross, currency, seller and buyer tax',
  'ids, entry hash, chain, seq): else 422 `qr-mismatch` with `member` naming the first that differs',
  '(in the order of qr.md). `u` and `k` are vouched for by the signature alone: paper printed before',
  'the public check moved or the authority key rotated carries the older values. Then the invoice is',
  'verified as by GET /invoices/{number}, with the same 503 and 409 answers.',
].join('\n');

export const ApiNotYetVisible = () =>
  ApiProblemResponse(
    503,
    [
      {
        code: 'not-yet-visible',
        title: 'Invoice not visible yet',
        detail: `Invoice ${EXAMPLE.invoiceNumber} is not visible to reimbursement yet; retry shortly.`,
      },
    ],
    { 'Retry-After': 'Seconds after which the invoice should have arrived' },
  );

export const ApiInvoiceNotFound = () =>
  ApiProblemResponse(404, [
    {
      code: 'invoice-not-found',
      title: 'Invoice not found',
      detail: `No invoice ${EXAMPLE.invoiceNumber} with this check code exists.`,
    },
  ]);

import { ApiProblemResponse } from '@taxchain/platform';
import { EXAMPLE } from '../common/examples';

/** The documented error answers of the invoice endpoints, one worked example per cause. */
export const ApiInvoiceNotFound = () =>
  ApiProblemResponse(404, [
    {
      code: 'invoice-not-found',
      title: 'Invoice not found',
      detail: `You have no invoice ${EXAMPLE.invoiceNumber}.`,
    },
  ]);

export const ApiSignedDocumentProblems = () => [
  ApiProblemResponse(400, [
    {
      name: 'invalid-field',
      code: 'validation-failed',
      title: 'Bad Request',
      detail: "invoice.buyer.taxId has check character '4' where '3' is expected",
      errors: ["invoice.buyer.taxId has check character '4' where '3' is expected"],
    },
    {
      name: 'unknown-field',
      code: 'validation-failed',
      title: 'Bad Request',
      detail: 'invoice.property discount should not exist',
      errors: ['invoice.property discount should not exist'],
    },
  ]),
  ApiProblemResponse(403, [
    {
      code: 'seller-mismatch',
      title: 'Invoice names another seller',
      detail: `The invoice names seller ${EXAMPLE.buyerTaxId}; you may only issue as ${EXAMPLE.sellerTaxId}.`,
    },
  ]),
  ApiProblemResponse(422, [
    {
      code: 'totals-mismatch',
      title: 'Amounts do not match the computed ones',
      detail:
        'lines[0].tax is 487 but computes to 488 (amount = round_half_up(quantity × unitPrice × 100), tax = round_half_up(amount × taxRate)).',
      extensions: { field: 'lines[0].tax', expected: '488', submitted: '487' },
    },
    {
      code: 'amount-too-large',
      title: 'Amount too large',
      detail: 'gross 100000000000000001 exceeds 100000000000000000 minor units.',
    },
    {
      code: 'zero-gross',
      title: 'Gross amount rounds to zero',
      detail:
        "totals.gross is 0: a document must come to at least 1 fen (0.01) in all; every line's quantity × unitPrice rounds to 0 fen.",
    },
    {
      code: 'seller-name-mismatch',
      title: "Seller name is not the merchant's registered name",
      detail: `invoice.seller.name is 'Fuzhou Harbour Tea'; ${EXAMPLE.sellerTaxId} is registered as 'Fuzhou Harbour Tea Trading Co., Ltd.'.`,
      extensions: { registeredName: 'Fuzhou Harbour Tea Trading Co., Ltd.' },
    },
    {
      code: 'wrong-kind',
      title: 'Wrong document kind for this endpoint',
      detail: 'Issue credit notes through POST /invoices/{number}/credit-notes.',
    },
    {
      code: 'unsupported-tax-rate',
      title: 'Unsupported tax rate',
      detail: 'lines[0].taxRate 0.17 is not one of 0.13, 0.09, 0.06, 0.05, 0.03, 0.01, 0.',
    },
    {
      code: 'future-date',
      title: 'Issue date in the future',
      detail: 'issueDate 2026-12-01 is after today (2026-11-23, UTC+8).',
    },
    { code: 'unknown-currency', title: 'Unknown currency', detail: 'XYZ is no ISO 4217 currency.' },
    {
      code: 'unknown-key',
      title: 'Unknown signing key',
      detail: `Key ${EXAMPLE.keyId} is not registered to this merchant.`,
    },
    {
      code: 'revoked-key',
      title: 'Revoked signing key',
      detail: `Key ${EXAMPLE.keyId} is revoked; sign with a current key.`,
    },
    {
      code: 'bad-signature',
      title: 'Signature does not verify',
      detail:
        'The signature does not verify over the canonical JSON of the invoice with the key it names.',
    },
  ]),
];

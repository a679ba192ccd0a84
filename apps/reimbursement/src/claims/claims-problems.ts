import { applyDecorators } from '@nestjs/common';
import { ApiProblemResponse, INVALID_CURSOR_PROBLEM } from '@taxchain/platform';
import { ApiNotYetVisible } from '../invoices/invoices-problems';
import { EXAMPLE } from './dto/examples';

const N = EXAMPLE.invoiceNumber;

/** A ledger entry the decision turns on that no longer matches its hash (verify-on-read's refusal). */
const entryTampered = (name: string, kind: string, seq: number) => ({
  name,
  code: 'ledger-entry-tampered',
  title: 'A stored ledger entry fails verification',
  detail: `Ledger entry ${seq} of chain 2 (${kind} ${N}): payload does not match its hash. It is not served; the audit service has been told.`,
  extensions: { chain: 2, seq, reason: 'payload-mismatch' },
});

/** The documented error answers of the claims API, one worked example per cause. */
export const ApiInvalidRequest = (fieldError: string) =>
  ApiProblemResponse(400, [
    {
      name: 'invalid-field',
      code: 'validation-failed',
      title: 'Bad Request',
      detail: fieldError,
      errors: [fieldError],
    },
  ]);

export const ApiNotTheBuyer = () =>
  ApiProblemResponse(403, [
    {
      name: 'not-the-buyer',
      code: 'not-the-buyer',
      title: 'Not the buyer of this invoice',
      detail: `Only the buyer named on invoice ${N} may claim it.`,
    },
  ]);

export const ApiClaimRefusals = () =>
  applyDecorators(
    ApiInvalidRequest('checkCode must be 6 digits'),
    ApiNotTheBuyer(),
    ApiProblemResponse(404, [
      {
        code: 'invoice-not-found',
        title: 'Invoice not found',
        detail: `No invoice ${N} with this check code exists.`,
      },
    ]),
    ApiProblemResponse(409, [
      {
        code: 'already-claimed',
        title: 'Invoice already claimed',
        detail: `Invoice ${N} is held by an active claim; it must be released first.`,
      },
      {
        code: 'already-reimbursed',
        title: 'Invoice already reimbursed',
        detail: `Invoice ${N} was already reimbursed; the attempt has been recorded.`,
      },
      {
        code: 'invoice-voided',
        title: 'Invoice voided',
        detail: `Invoice ${N} was voided by its seller and can never be reimbursed.`,
      },
      {
        code: 'fully-credited',
        title: 'Invoice fully credited',
        detail: `Invoice ${N} was fully credited; nothing remains to reimburse.`,
      },
      entryTampered('ledger-entry-tampered', 'invoice.issued', 17),
      entryTampered('credit-entry-tampered', 'invoice.credited', 23),
    ]),
    ApiProblemResponse(422, [
      {
        code: 'amount-exceeds-remaining',
        title: 'Amount exceeds what remains',
        detail: `At most 11300 (minor units) of invoice ${N} can be claimed.`,
      },
      {
        code: 'not-claimable',
        title: 'Credit notes are not claimable',
        detail: `${N} is a credit note; only invoices are reimbursed.`,
      },
      {
        code: 'merchant-signature-failed',
        title: 'Merchant signature does not hold',
        detail: `The merchant's signature on invoice ${N} does not hold (key-revoked); it cannot be reimbursed. The attempt has been recorded.`,
      },
    ]),
    ApiNotYetVisible(),
  );

export const ApiSettleRefusals = () =>
  applyDecorators(
    ApiInvalidRequest('Validation failed (uuid is expected)'),
    ApiProblemResponse(404, [
      {
        code: 'claim-not-found',
        title: 'Claim not found',
        detail: `No claim ${EXAMPLE.claimId} exists.`,
      },
    ]),
    ApiProblemResponse(409, [
      {
        code: 'claim-not-active',
        title: 'Claim not active',
        detail: `Claim ${EXAMPLE.claimId} is completed; only an active claim can be completed or released.`,
      },
      {
        code: 'invoice-voided',
        title: 'Invoice voided',
        detail: `Invoice ${N} was voided by its seller and can never be reimbursed.`,
      },
      entryTampered('ledger-entry-tampered', 'invoice.voided', 31),
    ]),
  );

export const ApiInvalidListQuery = () =>
  ApiProblemResponse(400, [
    INVALID_CURSOR_PROBLEM,
    {
      name: 'invalid-filter',
      code: 'validation-failed',
      title: 'Bad Request',
      detail: 'state must be one of the following values: active, completed, released',
      errors: ['state must be one of the following values: active, completed, released'],
    },
  ]);

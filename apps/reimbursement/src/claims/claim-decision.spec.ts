import { issuedInvoice } from '../invoices/invoice.fixtures';
import { decideClaim, type ClaimRequest } from './claim-decision';

/** The buyer of issuedInvoice(). */
const BUYER = '91310115MA1H2K3L0C';

const request: ClaimRequest = {
  invoiceNumber: '26311000000000000042',
  checkCode: '482913',
  buyerTaxId: BUYER,
};

const codeOf = (decision: ReturnType<typeof decideClaim>) =>
  decision.kind === 'claim' ? 'claim' : (decision.error as Error & { code: string }).code;

describe(decideClaim.name, () => {
  it('claims the whole remaining gross by default', () => {
    // 11300 gross − 3000 credited = 8300 left to reimburse.
    expect(decideClaim(issuedInvoice({ credited: 3000n }), request)).toEqual({
      kind: 'claim',
      amount: 8300n,
    });
  });

  it('asks to retry while the ledger holds the invoice and the read model does not yet', () => {
    const onLedger = { kind: 'invoice' as const, checkCode: request.checkCode };
    expect(codeOf(decideClaim(undefined, request, onLedger))).toBe('not-yet-visible');
  });

  it('answers a final not-found for a number the ledger never recorded, or not with that code', () => {
    const wrongCode = { kind: 'invoice' as const, checkCode: '000000' };
    expect(decideClaim(undefined, request)).toMatchObject({
      kind: 'refuse',
      error: { code: 'invoice-not-found', extensions: {} },
    });
    expect(codeOf(decideClaim(undefined, request, wrongCode))).toBe('invoice-not-found');
  });

  it('refuses a credit note the ledger holds as not claimable, whatever the read model', () => {
    const onLedger = { kind: 'credit-note' as const, checkCode: request.checkCode };
    expect(codeOf(decideClaim(undefined, request, onLedger))).toBe('not-claimable');
  });

  it('says nothing more than not-found for a wrong check code, even to another company', () => {
    const decision = decideClaim(issuedInvoice(), {
      ...request,
      checkCode: '000000',
      buyerTaxId: 'x',
    });
    expect(codeOf(decision)).toBe('invoice-not-found');
  });

  it.each([
    [{}, { buyerTaxId: 'other' }, 'not-the-buyer', 'refuse'],
    [{ kind: 'credit-note' as const }, {}, 'not-claimable', 'refuse'],
    [{ status: 'voided' as const }, {}, 'invoice-voided', 'refuse-recorded'],
    [{ liveClaim: { claimId: 'c', state: 'active' as const } }, {}, 'already-claimed', 'refuse'],
    [
      { liveClaim: { claimId: 'c', state: 'completed' as const } },
      {},
      'already-reimbursed',
      'refuse-recorded',
    ],
    [{ credited: 11300n }, {}, 'fully-credited', 'refuse'],
    [{}, { amount: 11301n }, 'amount-exceeds-remaining', 'refuse'],
  ])('refuses %j with %j: %s', (invoiceOverrides, requestOverrides, code, kind) => {
    const decision = decideClaim(issuedInvoice(invoiceOverrides), {
      ...request,
      ...requestOverrides,
    });
    expect(decision.kind).toBe(kind);
    expect(codeOf(decision)).toBe(code);
  });
});

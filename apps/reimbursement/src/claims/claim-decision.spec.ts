import type { LedgerEntry } from '@taxchain/ledger';
import type { Invoice } from '../invoices/invoice';
import { issuedInvoice, recordedIssue } from '../invoices/invoice.fixtures';
import type { LedgerInvoiceFacts } from '../invoices/ledger-invoice-facts';
import { decideClaim, decideOnLedger, refusalCode, type ClaimRequest } from './claim-decision';

/** The buyer of issuedInvoice(). */
const BUYER = '91310115MA1H2K3L0C';

const request: ClaimRequest = {
  invoiceNumber: '26311000000000000042',
  checkCode: '482913',
  buyerTaxId: BUYER,
};

const notDelivered = { row: undefined, facts: { facts: { voided: false } } };
const delivered = (row: Partial<Invoice> = {}, facts: LedgerInvoiceFacts = { voided: false }) => ({
  row: issuedInvoice(row),
  facts: { facts },
});

const codeOf = (decision: ReturnType<typeof decideOnLedger>) => refusalCode(decision) ?? 'claim';

describe(decideClaim.name, () => {
  it('claims the whole remaining gross by default', () => {
    // 11300 gross − 3000 credited = 8300 left to reimburse.
    expect(decideClaim(issuedInvoice({ credited: 3000n }), request)).toEqual({
      kind: 'claim',
      amount: 8300n,
    });
  });

  it('asks to retry while the ledger holds the invoice and the read model does not yet', () => {
    expect(codeOf(decideOnLedger(notDelivered, request, recordedIssue()))).toBe('not-yet-visible');
  });

  it('answers a final not-found for a number the ledger never recorded, or not with that code', () => {
    const wrongCode = recordedIssue({ checkCode: '000000' });
    expect(decideOnLedger(delivered(), request, undefined)).toMatchObject({
      kind: 'refuse',
      error: { code: 'invoice-not-found', extensions: {} },
    });
    expect(codeOf(decideOnLedger(notDelivered, request, wrongCode))).toBe('invoice-not-found');
  });

  it('refuses a credit note the ledger holds as not claimable, whatever the read model', () => {
    const onLedger = { ...recordedIssue(), kind: 'credit-note' as const };
    expect(codeOf(decideOnLedger(notDelivered, request, onLedger))).toBe('not-claimable');
  });

  it("decides on the ledger's check code, buyer and gross, not the read model row's", () => {
    // The row's code, buyer and gross were changed behind the feed; the ledger's entry was not.
    const edited = delivered({ checkCode: '000042', buyer: { taxId: 'other', name: 'O' } });
    const rowGross = delivered({ gross: 113000n });
    expect(decideOnLedger(edited, request, recordedIssue())).toEqual({
      kind: 'claim',
      amount: 11300n,
    });
    expect(decideOnLedger(rowGross, request, recordedIssue())).toEqual({
      kind: 'claim',
      amount: 11300n,
    });
    const editedCode = { ...request, checkCode: '000042' };
    expect(codeOf(decideOnLedger(edited, editedCode, recordedIssue()))).toBe('invoice-not-found');
    const otherBuyer = { ...request, buyerTaxId: 'other' };
    expect(codeOf(decideOnLedger(edited, otherBuyer, recordedIssue()))).toBe('not-the-buyer');
  });

  it("decides on the ledger's voids and credits, not the read model row's", () => {
    const unvoided = delivered({}, { voided: true });
    const voidedRowOnly = delivered({ status: 'voided', credited: 11300n });
    // 11300 signed gross, 3000 credited by the ledger: 8300 remains.
    const credited = delivered({}, { voided: false, remainingGross: 8300n });
    expect(codeOf(decideOnLedger(unvoided, request, recordedIssue()))).toBe('invoice-voided');
    expect(decideOnLedger(voidedRowOnly, request, recordedIssue())).toMatchObject({
      kind: 'claim',
    });
    expect(decideOnLedger(credited, request, recordedIssue())).toEqual({
      kind: 'claim',
      amount: 8300n,
    });
  });

  it('refuses a recording entry that is not what the ledger hashed as tampered', () => {
    const entry = {} as LedgerEntry;
    const unreadable = { fault: 'seq 3: payload does not match its hash', entry };
    const decision = decideOnLedger(delivered(), request, unreadable);
    expect(decision).toEqual({ kind: 'tampered', entry });
    expect(codeOf(decision)).toBe('ledger-entry-tampered');
  });

  it('refuses a void or credit entry that is not what the ledger hashed as tampered, whatever the row', () => {
    const entry = {} as LedgerEntry;
    const faulty = { fault: 'seq 5: payload does not match its hash', entry };
    for (const row of [issuedInvoice(), undefined])
      expect(decideOnLedger({ row, facts: faulty }, request, recordedIssue())).toEqual({
        kind: 'tampered',
        entry,
      });
    // A wrong check code learns nothing of it.
    const wrongCode = { ...request, checkCode: '000000' };
    expect(
      codeOf(decideOnLedger({ row: issuedInvoice(), facts: faulty }, wrongCode, recordedIssue())),
    ).toBe('invoice-not-found');
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

import { invoiceState, withLedgerFacts, type Invoice } from './invoice';
import { issuedInvoice } from './invoice.fixtures';

const issued = issuedInvoice();

describe(invoiceState.name, () => {
  it.each<[Partial<Invoice>, string]>([
    [{}, 'issued'],
    [{ credited: 3000n }, 'partly-credited'],
    [{ credited: 11300n }, 'fully-credited'],
    [{ liveClaim: { claimId: 'c', state: 'active' }, credited: 3000n }, 'claimed'],
    [{ liveClaim: { claimId: 'c', state: 'completed' } }, 'reimbursed'],
    [{ status: 'voided', liveClaim: { claimId: 'c', state: 'completed' } }, 'voided'],
  ])('%j is %s', (overrides, state) => {
    expect(invoiceState({ ...issued, ...overrides })).toBe(state);
  });
});

describe(withLedgerFacts.name, () => {
  it('takes the ledger’s void and remaining gross over the trailing read model', () => {
    // 11300 gross, 8300 remaining on the ledger: 3000 credited.
    expect(withLedgerFacts(issued, { voided: true, remainingGross: 8300n })).toMatchObject({
      status: 'voided',
      credited: 3000n,
    });
    expect(withLedgerFacts({ ...issued, credited: 500n }, { voided: false })).toEqual({
      ...issued,
      credited: 500n,
    });
  });
});

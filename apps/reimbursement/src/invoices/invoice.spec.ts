import { invoiceState, withLedgerFacts, type Invoice } from './invoice';

const issued: Invoice = {
  invoiceNumber: '26311000000000000042',
  kind: 'invoice',
  reverses: null,
  creditedBy: [],
  seller: { taxId: '91350100M000100Y43', name: 'Min River Tea' },
  buyer: { taxId: '91310115MA1H2K3L0C', name: 'Pudong Tools' },
  documentNumber: 'MRT-0042',
  issueDate: '2026-11-23',
  currency: 'CNY',
  net: 10000n,
  tax: 1300n,
  gross: 11300n,
  credited: 0n,
  status: 'issued',
  checkCode: '482913',
  keyId: 'k',
  entryHash: '00'.repeat(32),
  issuedAt: new Date(),
  voidedAt: null,
  liveClaim: null,
};

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

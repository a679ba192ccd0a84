import type { LedgerEntry } from '@taxchain/ledger';
import type { InvoiceState } from '../../invoices/invoices.repository';
import {
  acceptedClaimAnomaly,
  refusedClaimAnomaly,
  voidAfterClaimAnomaly,
} from './claim-anomalies';

const entry = (kind: string, recordedAt = '2026-11-23T10:00:00.000Z'): LedgerEntry => ({
  chain: 1,
  seq: 7,
  prevHash: '0'.repeat(64),
  entryHash: 'a'.repeat(64),
  kind,
  subject: '26000000000000000001',
  actor: 'company:91310115MA1H7GXQ3N',
  payload: '{}',
  payloadHash: 'b'.repeat(64),
  actorSignature: null,
  recordedAt,
  identity: 'x',
});

const invoice = (overrides: Partial<InvoiceState>): InvoiceState => ({
  invoiceNumber: '26000000000000000001',
  status: 'issued',
  claimState: 'none',
  lastClaimAttemptAt: null,
  sellerTaxId: 's',
  buyerTaxId: 'b',
  region: '350100',
  issueDate: '2026-11-23',
  rateTotals: new Map(),
  ...overrides,
});

describe(refusedClaimAnomaly.name, () => {
  const refused = entry('reimbursement.refused');

  it('names a refused attempt on a reimbursed invoice', () => {
    const found = refusedClaimAnomaly(invoice({ claimState: 'completed' }), refused, undefined);
    expect(found).toMatchObject({
      type: 'repeated_claim_on_reimbursed',
      dedupeKey: 'repeated_claim_on_reimbursed:1:7',
    });
  });

  it('names a refused attempt on a voided invoice', () => {
    expect(refusedClaimAnomaly(invoice({ status: 'voided' }), refused, undefined)?.type).toBe(
      'claim_on_voided',
    );
  });

  it("trusts the platform's reason when the read model has not seen the invoice", () => {
    expect(refusedClaimAnomaly(undefined, refused, 'already-reimbursed')?.type).toBe(
      'repeated_claim_on_reimbursed',
    );
    expect(refusedClaimAnomaly(undefined, refused, 'not-the-buyer')).toBeUndefined();
  });
});

describe(acceptedClaimAnomaly.name, () => {
  it('is critical when a voided invoice was claimed anyway', () => {
    const found = acceptedClaimAnomaly(
      invoice({ status: 'voided' }),
      entry('reimbursement.claimed'),
    );
    expect(found).toMatchObject({ type: 'claim_on_voided', severity: 'critical' });
    expect(acceptedClaimAnomaly(invoice({}), entry('reimbursement.claimed'))).toBeUndefined();
  });
});

describe(voidAfterClaimAnomaly.name, () => {
  const attempt = new Date('2026-11-23T09:00:00.000Z');
  const hour = 60 * 60 * 1000;

  it('flags a void within the window after a claim attempt', () => {
    const found = voidAfterClaimAnomaly(
      invoice({ lastClaimAttemptAt: attempt }),
      entry('invoice.voided'),
      2 * hour,
    );
    // 10:00 − 09:00 = one hour, inside two
    expect(found?.evidence.elapsedMs).toBe(hour);
  });

  it('ignores a void long after, or with no attempt at all', () => {
    expect(
      voidAfterClaimAnomaly(
        invoice({ lastClaimAttemptAt: attempt }),
        entry('invoice.voided'),
        hour / 2,
      ),
    ).toBeUndefined();
    expect(voidAfterClaimAnomaly(invoice({}), entry('invoice.voided'), hour)).toBeUndefined();
  });
});

import { LedgerKinds, publicAmount, type PublicFacts } from '@taxchain/contracts';
import { entryHash, sha256Hex, type LedgerEntry } from '@taxchain/ledger';
import { factsMatch, ledgerState, publicResult, signedInvoice } from './public-facts';

const facts: PublicFacts = {
  number: '26311000000000000042',
  date: '2026-11-23',
  code: '482913',
  amount: '1399.18',
};
const state = {
  voided: false,
  credited: false,
  signatureHolds: true,
  ledgerHolds: true,
  reimbursed: false,
};

/** An invoice.issued entry as the ledger stores it, its hashes over its fields. */
function issuedEntry(payload: string, kind: string = LedgerKinds.invoiceIssued): LedgerEntry {
  const entry = {
    chain: 0,
    seq: 7,
    prevHash: '00'.repeat(32),
    entryHash: '',
    kind,
    subject: facts.number,
    actor: 'merchant:91350100M000100Y43',
    payload,
    payloadHash: sha256Hex(payload),
    actorSignature: null,
    recordedAt: '2026-11-23T08:00:00.000Z',
    identity: 'i',
  };
  return { ...entry, entryHash: entryHash(entry) };
}

const party = { taxId: '91350100M000100Y43', name: 'Min River Tea' };
const issuedPayload = JSON.stringify({
  document: {
    kind: 'invoice',
    seller: party,
    buyer: party,
    documentNumber: 'MRT-0042',
    issueDate: '2026-11-23',
    currency: 'CNY',
    totals: { net: '123821', tax: '16097', gross: '139918' },
    keyId: 'k',
  },
  invoiceNumber: facts.number,
  checkCode: '482913',
});

describe('public check facts', () => {
  it('prints minor units as the amount format: two decimals, no separators', () => {
    expect(publicAmount(139918n)).toBe('1399.18');
    expect(publicAmount(10000n)).toBe('100.00');
    expect(publicAmount(5n)).toBe('0.05');
    expect(publicAmount(123456789012n)).toBe('1234567890.12');
    // A credit note's gross, as its QR statement prints it.
    expect(publicAmount(-1413n)).toBe('-14.13');
    expect(publicAmount('-5')).toBe('-0.05');
  });

  it('reads the printed facts off the invoice.issued entry, and nothing off one that is not what was hashed', () => {
    expect(signedInvoice(issuedEntry(issuedPayload))).toEqual({ facts, gross: 139918n });
    const changed = {
      ...issuedEntry(issuedPayload),
      payload: issuedPayload.replace('139918', '139919'),
    };
    expect(signedInvoice(changed)).toBeUndefined();
    expect(signedInvoice(issuedEntry(issuedPayload, LedgerKinds.invoiceCredited))).toBeUndefined();
    expect(signedInvoice(issuedEntry('{"invoiceNumber":"26311000000000000042"}'))).toBeUndefined();
  });

  it('matches only all four facts, and never without signed facts', () => {
    expect(factsMatch(facts, facts)).toBe(true);
    for (const key of Object.keys(facts) as Array<keyof PublicFacts>)
      expect(factsMatch({ ...facts, [key]: `${facts[key]}0` }, facts)).toBe(false);
    expect(factsMatch(facts, undefined)).toBe(false);
    const standIn = { number: '0'.repeat(20), date: '0000-00-00', code: '000000', amount: '0.00' };
    expect(factsMatch(standIn, undefined)).toBe(false);
  });

  it("counts the ledger's voids, and a credit only when it takes back part of the gross", () => {
    expect(ledgerState({ voided: false }, 11300n)).toEqual({ voided: false, credited: false });
    expect(ledgerState({ voided: true }, 11300n)).toEqual({ voided: true, credited: false });
    expect(ledgerState({ voided: false, remainingGross: 8300n }, 11300n).credited).toBe(true);
    expect(ledgerState({ voided: false, remainingGross: 0n }, 11300n).credited).toBe(true);
    expect(ledgerState({ voided: false, remainingGross: 11300n }, 11300n).credited).toBe(false);
  });

  it('reports invalid over voided over credited, and reimbursed as given', () => {
    expect(publicResult(state)).toEqual({ status: 'valid', reimbursed: false });
    expect(publicResult({ ...state, credited: true })).toEqual({
      status: 'credited',
      reimbursed: false,
    });
    expect(publicResult({ ...state, credited: true, voided: true }).status).toBe('voided');
    expect(publicResult({ ...state, voided: true, signatureHolds: false }).status).toBe('invalid');
    expect(publicResult({ ...state, ledgerHolds: false }).status).toBe('invalid');
    expect(publicResult({ ...state, reimbursed: true }).reimbursed).toBe(true);
  });
});

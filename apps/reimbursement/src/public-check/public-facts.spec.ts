import type { Invoice } from '../invoices/invoice';
import { publicAmount, type PublicFacts } from '@taxchain/contracts';
import { factsMatch, publicResult } from './public-facts';

const invoice = {
  invoiceNumber: '26311000000000000042',
  issueDate: '2026-11-23',
  checkCode: '482913',
  gross: 139918n,
  credited: 0n,
  status: 'issued',
  liveClaim: null,
} as Invoice;
const facts: PublicFacts = {
  number: '26311000000000000042',
  date: '2026-11-23',
  code: '482913',
  amount: '1399.18',
};

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

  it('matches only all four facts, and never without an invoice', () => {
    expect(factsMatch(facts, invoice)).toBe(true);
    for (const key of Object.keys(facts) as Array<keyof PublicFacts>)
      expect(factsMatch({ ...facts, [key]: `${facts[key]}0` }, invoice)).toBe(false);
    expect(factsMatch(facts, undefined)).toBe(false);
    const standIn = { number: '0'.repeat(20), date: '0000-00-00', code: '000000', amount: '0.00' };
    expect(factsMatch(standIn, undefined)).toBe(false);
  });

  it('reports voided over credited, and reimbursed only for a completed claim', () => {
    expect(publicResult(invoice, true)).toEqual({ status: 'valid', reimbursed: false });
    expect(publicResult({ ...invoice, credited: 1n }, true)).toEqual({
      status: 'credited',
      reimbursed: false,
    });
    expect(publicResult({ ...invoice, credited: 1n, status: 'voided' }, true).status).toBe(
      'voided',
    );
    expect(publicResult({ ...invoice, status: 'voided' }, false).status).toBe('invalid');
    const claimed = { ...invoice, liveClaim: { claimId: 'c', state: 'active' as const } };
    expect(publicResult(claimed, true).reimbursed).toBe(false);
    const done = { ...invoice, liveClaim: { claimId: 'c', state: 'completed' as const } };
    expect(publicResult(done, true).reimbursed).toBe(true);
  });
});

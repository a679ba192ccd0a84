import fc from 'fast-check';
import { INVOICE_NUMBER_PATTERN, formatInvoiceNumber } from './invoice-number';

describe(formatInvoiceNumber.name, () => {
  it('lays out year, province, channel and a 15-digit sequence', () => {
    expect(
      formatInvoiceNumber({ issueDate: '2026-11-23', sellerRegion: '350100', sequence: 42n }),
    ).toBe('26' + '35' + '1' + '000000000000042');
  });

  it("uses province '00' when the region is not numeric", () => {
    expect(formatInvoiceNumber({ issueDate: '2026-01-02', sellerRegion: '', sequence: 1n })).toBe(
      '26001000000000000001',
    );
  });

  it('is always 20 digits and distinct for distinct sequences', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }),
        fc.bigInt({ min: 1n, max: 10n ** 15n - 1n }),
        (a, b) => {
          const at = (sequence: bigint) =>
            formatInvoiceNumber({ issueDate: '2026-11-23', sellerRegion: '110000', sequence });
          expect(at(a)).toMatch(INVOICE_NUMBER_PATTERN);
          expect(at(a) === at(b)).toBe(a === b);
        },
      ),
    );
  });

  it('refuses a sequence that does not fit 15 digits', () => {
    const parts = { issueDate: '2026-11-23', sellerRegion: '110000' };
    expect(() => formatInvoiceNumber({ ...parts, sequence: 0n })).toThrow(RangeError);
    expect(() => formatInvoiceNumber({ ...parts, sequence: 10n ** 15n })).toThrow(RangeError);
  });
});

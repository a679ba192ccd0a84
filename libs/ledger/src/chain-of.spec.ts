import { chainOf } from './chain-of';

// A subject's chain is recorded in every entry: the mapping must never change for a chain count.
// Each expected chain is the first four bytes of SHA-256(subject), big-endian, modulo the count
// (3,832,655,369; 3,384,494,790; 1,850,768,005).
describe('chainOf', () => {
  it.each([
    ['INV-2026-000001', 1, 521],
    ['merchant:12345678000195', 2, 710],
    ['ünïcødé 🎉', 1, 645],
  ])('puts %s on chain %i of 4 and %i of 1024', (subject, ofFour, ofThousand) => {
    expect(chainOf(subject, 4)).toBe(ofFour);
    expect(chainOf(subject, 1024)).toBe(ofThousand);
    expect(chainOf(subject, 1)).toBe(0);
  });
});

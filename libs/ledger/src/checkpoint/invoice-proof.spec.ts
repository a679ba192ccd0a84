import { authorityKeys, vectorBundles } from './checkpoint.fixtures';
import { type ListedEntry, isInvoiceProofAnswer, verifyListedEntry } from './invoice-proof';
import type { ProofBundle } from './proof-bundle';

// The vector chain: seq 0 and 3 are about INVOICE (issued, claimed), seq 2 and 4 about another one.
const INVOICE = 'INV-44030020261123-000001';
let bundles: ProofBundle[];
beforeAll(async () => {
  bundles = await vectorBundles();
});
const listed = (seq: number): ListedEntry => ({
  entry: bundles[seq].entry as ListedEntry['entry'],
  proof: bundles[seq],
});
/** Each entry's verdict, as a verifier of `number` walks the answer. */
const verdicts = (number: string, entries: ListedEntry[]) =>
  entries.map((entry, i) => verifyListedEntry(number, entry, entries[i - 1], authorityKeys));

describe(verifyListedEntry.name, () => {
  it("accepts the invoice's own entries in ledger order", () => {
    expect(verdicts(INVOICE, [listed(0), listed(3)])).toEqual([{ ok: true }, { ok: true }]);
  });

  it.each<[string, () => ListedEntry[], string]>([
    ["another invoice's genuine entry", () => [listed(0), listed(2)], 'other-invoice'],
    ['an entry listed twice', () => [listed(0), listed(0)], 'out-of-order'],
    ['entries out of ledger order', () => [listed(3), listed(0)], 'out-of-order'],
    [
      "another entry's genuine bundle beside the listed one",
      () => [listed(0), { ...listed(3), proof: bundles[0] }],
      'entry-mismatch',
    ],
    [
      'an entry no checkpoint covers yet',
      () => [listed(0), { entry: listed(3).entry }],
      'not-checkpointed',
    ],
    [
      'an entry without a subject',
      () => [
        listed(0),
        { ...listed(3), entry: { ...listed(3).entry, subject: undefined as never } },
      ],
      'entry-malformed',
    ],
  ])('refuses %s', (_case, entries, reason) => {
    expect(verdicts(INVOICE, entries())[1]).toEqual({ ok: false, reason });
  });
});

describe(isInvoiceProofAnswer.name, () => {
  it('takes a subject proof, and nothing missing a member or with one of the wrong type', () => {
    const answer = { subject: INVOICE, pending: false, entries: [listed(0)] };
    expect(isInvoiceProofAnswer(JSON.parse(JSON.stringify(answer)))).toBe(true);
    for (const forged of [
      { ...answer, entries: undefined },
      { ...answer, pending: 'no' },
      { ...answer, subject: 1 },
      { ...answer, entries: [{ entry: null }] },
      { ...answer, entries: [{ entry: listed(0).entry, proof: [] }] },
      { type: 'urn:taxchain:problem:invoice-not-found', status: 404 },
      null,
    ])
      expect(isInvoiceProofAnswer(forged)).toBe(false);
  });
});

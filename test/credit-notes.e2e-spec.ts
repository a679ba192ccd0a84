import request from 'supertest';
import {
  AuthorityKeys,
  verifyProofBundle,
  type LedgerEntry,
  type ProofBundle,
} from '@taxchain/ledger';
import { MerchantSigner } from '../scripts/load/merchant-signer';
import { pollUntil } from './faults/support/poll-until';
import { startSecurityPlatform, type SecurityPlatform } from './security/support/security-platform';

interface Receipt {
  invoiceNumber: string;
  checkCode: string;
  entryHash: string;
}

interface Proof {
  subject: string;
  pending: boolean;
  entries: Array<{ entry: LedgerEntry; proof?: ProofBundle }>;
}

const PROBLEM = 'urn:taxchain:problem:';

/**
 * A credit note (红字发票) is a tax document in its own right, end to end over HTTP: the merchant
 * issues it against an invoice; the buyer verifies it by its own number (negative amounts, naming
 * the original) and cannot claim it; the merchant proves it by its own number; officials find it
 * in the trail and in the dashboard's API as a credit note.
 *
 * The invoice: 3 × 12.50 at 13 % (net 3750, tax 488) and 2 × 8.80 at 9 % (net 1760, tax 158),
 * gross 6156. The credit note takes back the first line: net 3750, tax 488, gross 4238.
 */
describe('credit notes are documents of their own', () => {
  let platform: SecurityPlatform;
  let issuing: string;
  let reimbursement: string;
  let audit: string;
  let merchant: string;
  let buyer: string;
  let official: string;
  let authority: AuthorityKeys;
  let invoice: Receipt;
  let note: Receipt;

  const as = (url: string, token: string) => ({
    get: (path: string) => request(url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) =>
      request(url).post(path).set('Authorization', `Bearer ${token}`).send(body),
  });
  /** GET until it answers 200 (the feeds deliver within moments); the last answer otherwise. */
  const eventually200 = async (url: string, token: string, path: string) => {
    let last: request.Response | undefined;
    await pollUntil(
      async () => {
        last = await as(url, token).get(path);
        return last.status === 200;
      },
      20_000,
      `GET ${path} answers 200`,
    ).catch(() => undefined);
    return last!;
  };
  const verify = (receipt: Receipt) =>
    eventually200(
      reimbursement,
      buyer,
      `/invoices/${receipt.invoiceNumber}?checkCode=${receipt.checkCode}`,
    );

  beforeAll(async () => {
    platform = await startSecurityPlatform({ CHECKPOINT_INTERVAL_MS: '100' });
    ({ issuing, reimbursement, audit } = platform.urls);
    authority = platform.apps.issuing.get(AuthorityKeys);
    const access = platform.given;
    const seller = await access.merchant();
    const company = await access.company();
    merchant = seller.token;
    buyer = company.token;
    official = (await access.official()).token;
    const signer = new MerchantSigner(seller.party);
    await as(issuing, merchant).post('/keys', signer.registration()).expect(201);
    const document = signer.invoice(company.party.taxId);
    invoice = (await as(issuing, merchant).post('/invoices', signer.signed(document)).expect(201))
      .body as Receipt;
    const credit = signer.invoice(company.party.taxId, {
      kind: 'credit-note',
      creditedInvoiceNumber: invoice.invoiceNumber,
      documentNumber: `${document.documentNumber}-CR`,
      lineInputs: [
        {
          description: 'Wuyi rock tea, 250 g tin',
          quantity: '3',
          unitPrice: '12.50',
          taxRate: '0.13',
        },
      ],
    });
    note = (
      await as(issuing, merchant)
        .post(`/invoices/${invoice.invoiceNumber}/credit-notes`, signer.signed(credit))
        .expect(201)
    ).body as Receipt;
  }, 120_000);

  afterAll(async () => {
    await platform?.close();
  });

  it("is shown to its merchant with negative amounts, and the invoice's stay positive", async () => {
    const shown = await as(issuing, merchant).get(`/invoices/${note.invoiceNumber}`).expect(200);
    expect(shown.body).toMatchObject({
      kind: 'credit-note',
      creditedInvoiceNumber: invoice.invoiceNumber,
      amounts: { net: '-3750', tax: '-488', gross: '-4238' },
    });
    const original = await as(issuing, merchant)
      .get(`/invoices/${invoice.invoiceNumber}`)
      .expect(200);
    expect(original.body).toMatchObject({ kind: 'invoice', creditedGross: '4238' });
    expect(BigInt(original.body.amounts.gross)).toBeGreaterThan(0n);
  });

  it('is verified by the buyer by its own number: negative amounts, naming the original', async () => {
    const verified = await verify(note);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      invoiceNumber: note.invoiceNumber,
      kind: 'credit-note',
      reverses: invoice.invoiceNumber,
      amounts: { net: '-3750', tax: '-488', gross: '-4238', remaining: '0' },
      entryHash: note.entryHash,
      merchantSignature: 'valid',
    });
    expect(['valid', 'pending']).toContain(verified.body.chain);
    const original = await verify(invoice);
    expect(original.body).toMatchObject({
      kind: 'invoice',
      creditedBy: [note.invoiceNumber],
      amounts: { gross: '6156', credited: '4238', remaining: '1918' },
    });
  });

  it('is verified in a batch like an invoice, and listed in the buyer inbox', async () => {
    const batch = await as(reimbursement, buyer)
      .post('/invoices/verify-batch', {
        invoices: [{ invoiceNumber: note.invoiceNumber, checkCode: note.checkCode }],
      })
      .expect(200);
    expect(batch.body.results).toEqual([
      expect.objectContaining({
        outcome: 'verified',
        invoice: expect.objectContaining({ kind: 'credit-note', reverses: invoice.invoiceNumber }),
        merchantSignature: 'valid',
      }),
    ]);
    const inbox = await as(reimbursement, buyer).get('/inbox').expect(200);
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({
        invoiceNumber: note.invoiceNumber,
        kind: 'credit-note',
        claimable: false,
        amounts: expect.objectContaining({ gross: '-4238' }),
      }),
    );
  });

  it('is refused for claims with 422 not-claimable, not a 503 to retry', async () => {
    await verify(note);
    const claim = await as(reimbursement, buyer)
      .post('/claims', { invoiceNumber: note.invoiceNumber, checkCode: note.checkCode })
      .expect(422);
    expect(claim.body.type).toBe(`${PROBLEM}not-claimable`);
  });

  it('is proven by its own number: its invoice.credited entry, not the original bundle', async () => {
    let proof: Proof | undefined;
    await pollUntil(
      async () => {
        proof = (await as(issuing, merchant).get(`/invoices/${note.invoiceNumber}/proof`)).body;
        return proof?.pending === false;
      },
      20_000,
      'the credit note checkpointed',
    );
    expect(proof!.subject).toBe(note.invoiceNumber);
    expect(proof!.entries.map(({ entry }) => [entry.kind, entry.entryHash])).toEqual([
      ['invoice.credited', note.entryHash],
    ]);
    expect(JSON.parse(proof!.entries[0].entry.payload)).toMatchObject({
      creditNoteNumber: note.invoiceNumber,
    });
    expect(verifyProofBundle(proof!.entries[0].proof!, authority.trusted)).toEqual({ ok: true });
  });

  it('has its own trail for officials', async () => {
    const trail = await eventually200(audit, official, `/invoices/${note.invoiceNumber}/trail`);
    expect(trail.status).toBe(200);
    const { entries } = trail.body as Proof;
    expect(entries.map(({ entry }) => entry.entryHash)).toEqual([note.entryHash]);
  });

  it("is shown in the dashboard's API as a credit note, negative, linked to the original", async () => {
    const shown = await eventually200(audit, official, `/invoices/${note.invoiceNumber}`);
    expect(shown.body).toMatchObject({
      kind: 'credit-note',
      creditedInvoiceNumber: invoice.invoiceNumber,
      net: '-3750',
      tax: '-488',
      gross: '-4238',
    });
    const listed = await as(audit, official).get('/invoices?kind=credit-note').expect(200);
    const { items } = listed.body as { items: Array<{ invoiceNumber: string }> };
    expect(items.map((i) => i.invoiceNumber)).toEqual([note.invoiceNumber]);
  });
});

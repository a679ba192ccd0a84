import { createHmac } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { MerchantSigner } from '../scripts/load/merchant-signer';
import {
  type IssuingAndReimbursement,
  startIssuingAndReimbursement,
} from './support/issuing-and-reimbursement';

/**
 * Both services running together on one ledger: a claimed invoice cannot be voided or credited,
 * a voided one cannot be claimed, and when void and claim race exactly one wins, with issuing,
 * reimbursement and the ledger agreeing.
 */
describe('issuing and reimbursement agree', () => {
  let platform: IssuingAndReimbursement;
  let issuing: INestApplication;
  let reimbursement: INestApplication;
  let data: DataSource;
  let merchant: { token: string; taxId: string };
  let buyer: { token: string; taxId: string };
  let signer: MerchantSigner;

  beforeAll(async () => {
    platform = await startIssuingAndReimbursement();
    ({ issuing, reimbursement, data, merchant, buyer } = platform);
    signer = platform.merchant.signer;
  });

  afterAll(async () => {
    await platform?.stop();
  });

  const asMerchant = (path: string, body: object) =>
    request(issuing.getHttpServer())
      .post(path)
      .set('Authorization', `Bearer ${merchant.token}`)
      .send(body);
  const claim = (invoice: { invoiceNumber: string; checkCode: string }) =>
    request(reimbursement.getHttpServer())
      .post('/claims')
      .set('Authorization', `Bearer ${buyer.token}`)
      .send({ invoiceNumber: invoice.invoiceNumber, checkCode: invoice.checkCode });

  async function issued(): Promise<{
    invoiceNumber: string;
    checkCode: string;
    document: ReturnType<MerchantSigner['invoice']>;
  }> {
    const document = signer.invoice(buyer.taxId);
    const { body } = await asMerchant('/invoices', signer.signed(document)).expect(201);
    // claimable once the feed has delivered it to reimbursement
    await waitFor(
      async () =>
        (
          await data.query<unknown[]>(
            'SELECT 1 FROM reimbursement.invoices WHERE invoice_number = $1',
            [body.invoiceNumber],
          )
        ).length === 1,
    );
    return { ...(body as { invoiceNumber: string; checkCode: string }), document };
  }

  const kinds = async (subject: string) =>
    (
      await data.query<Array<{ kind: string }>>(
        'SELECT kind FROM ledger.entries WHERE subject = $1 ORDER BY seq',
        [subject],
      )
    ).map((r) => r.kind);

  it("keeps the buyer's expense reference out of the merchant's proof: only a salted commitment", async () => {
    const invoice = await issued();
    const reference = 'EXP-PRIVATE-2026-0042';
    const created = await request(reimbursement.getHttpServer())
      .post('/claims')
      .set('Authorization', `Bearer ${buyer.token}`)
      .send({
        invoiceNumber: invoice.invoiceNumber,
        checkCode: invoice.checkCode,
        expenseReference: reference,
      })
      .expect(201);
    const { claimId, expenseSalt } = created.body as { claimId: string; expenseSalt: string };
    expect(expenseSalt).toMatch(/^[0-9a-f]{64}$/);
    await request(reimbursement.getHttpServer())
      .post(`/claims/${claimId}/complete`)
      .set('Authorization', `Bearer ${buyer.token}`)
      .expect(200);
    const proof = await request(issuing.getHttpServer())
      .get(`/invoices/${invoice.invoiceNumber}/proof`)
      .set('Authorization', `Bearer ${merchant.token}`)
      .expect(200);
    expect(JSON.stringify(proof.body)).not.toContain(reference);
    const payloads = (proof.body.entries as Array<{ entry: { kind: string; payload: string } }>)
      .filter((p) => p.entry.kind.startsWith('reimbursement.'))
      .map((p) => JSON.parse(p.entry.payload) as Record<string, unknown>);
    expect(payloads).toHaveLength(2); // claimed, completed
    // hex(HMAC-SHA256(key = salt, message = UTF-8 reference)), as docs/spec/documents.md defines it.
    const commitment = createHmac('sha256', Buffer.from(expenseSalt, 'hex'))
      .update(reference)
      .digest('hex');
    for (const payload of payloads) {
      expect(payload).not.toHaveProperty('expenseReference');
      expect(payload.expenseCommitment).toBe(commitment);
    }
  });

  it('refuses to void or credit a claimed invoice', async () => {
    const invoice = await issued();
    await claim(invoice).expect(201);
    const voided = await asMerchant(
      `/invoices/${invoice.invoiceNumber}/void`,
      signer.void(invoice.invoiceNumber),
    ).expect(409);
    expect(voided.body.type).toBe('urn:taxchain:problem:invoice-claimed');
    const credit = signer.invoice(buyer.taxId, {
      kind: 'credit-note',
      creditedInvoiceNumber: invoice.invoiceNumber,
      documentNumber: `${invoice.document.documentNumber}-CR`,
    });
    const credited = await asMerchant(
      `/invoices/${invoice.invoiceNumber}/credit-notes`,
      signer.signed(credit),
    ).expect(409);
    expect(credited.body.type).toBe('urn:taxchain:problem:invoice-claimed');
    expect(await kinds(invoice.invoiceNumber)).toEqual(['invoice.issued', 'reimbursement.claimed']);
  });

  it('refuses to claim a voided invoice', async () => {
    const invoice = await issued();
    await asMerchant(
      `/invoices/${invoice.invoiceNumber}/void`,
      signer.void(invoice.invoiceNumber),
    ).expect(200);
    const refused = await claim(invoice).expect(409);
    expect(refused.body.type).toBe('urn:taxchain:problem:invoice-voided');
  });

  it('lets exactly one of a racing void and claim win, and every side agrees', async () => {
    const invoices = await Promise.all(Array.from({ length: 12 }, () => issued()));
    const outcomes = await Promise.all(
      invoices.map(async (invoice) => {
        const [voided, claimed] = await Promise.all([
          asMerchant(`/invoices/${invoice.invoiceNumber}/void`, signer.void(invoice.invoiceNumber)),
          claim(invoice),
        ]);
        return { invoice, voided: voided.status, claimed: claimed.status };
      }),
    );
    for (const { invoice, voided, claimed } of outcomes) {
      expect([voided, claimed].filter((status) => status < 300)).toHaveLength(1);
      const ledger = await kinds(invoice.invoiceNumber);
      if (voided < 300) {
        expect(claimed).toBe(409);
        expect(ledger).toEqual(['invoice.issued', 'invoice.voided', 'reimbursement.refused']);
        await waitFor(
          async () =>
            (
              await data.query<Array<{ status: string }>>(
                'SELECT status FROM reimbursement.invoices WHERE invoice_number = $1',
                [invoice.invoiceNumber],
              )
            )[0]?.status === 'voided',
        );
      } else {
        expect(voided).toBe(409);
        expect(ledger).toEqual(['invoice.issued', 'reimbursement.claimed']);
        const [row] = await data.query<Array<{ status: string }>>(
          'SELECT status FROM issuing.invoices WHERE invoice_number = $1',
          [invoice.invoiceNumber],
        );
        expect(row.status).toBe('issued');
      }
    }
  }, 120_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error('not reached in time');
}
